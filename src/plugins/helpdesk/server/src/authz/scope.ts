import type { Knex } from 'knex';
import type { Actor } from '../auth/actor';
import type { LinkTable, TicketTables } from '../database/ticket-tables';

/** `EXISTS (SELECT 1 FROM <link> WHERE <link>.ticket = tickets.id [AND <link>.<column> IN values])` */
export const existsInLink = (knex: Knex, tickets: string, link: LinkTable, values?: number | number[]): Knex.QueryBuilder => {
  const sub = knex(link.table).select(knex.raw('1')).whereRaw('??.?? = ??.??', [link.table, link.ticket, tickets, 'id']);
  if (values === undefined) return sub;
  return Array.isArray(values) ? sub.whereIn(`${link.table}.${link.other}`, values) : sub.where(`${link.table}.${link.other}`, values);
};

/** `<tickets>.id IN (SELECT <link>.ticket FROM <link> WHERE <link>.<column> = value)`: driven from the link's index. */
export const inLink = (knex: Knex, link: LinkTable, value: number): Knex.QueryBuilder =>
  knex(link.table).select(`${link.table}.${link.ticket}`).where(`${link.table}.${link.other}`, value);

/**
 * The scope rule of authz/rules.ts (`isInScope`) as a database filter on the tickets table, so that counts, limits
 * and pages are right and nothing is fetched only to be dropped: users their own tickets; staff those they
 * submitted, are assigned, or that belong to one of their groups (a dense set: probed while walking the newest
 * tickets); admins all. Tests hold the two to each other.
 */
export const applyTicketScope = (query: Knex.QueryBuilder, knex: Knex, tables: TicketTables, actor: Actor): Knex.QueryBuilder => {
  const t = tables.tickets;
  switch (actor.role) {
    case 'admin':
      return query;
    case 'user':
      // A user's tickets are few among many: start from them, not from the newest tickets of everyone.
      return query.whereIn(`${t}.id`, inLink(knex, tables.submitter, actor.internalId));
    case 'staff': {
      // One EXISTS over the three probes (UNION ALL), not three EXISTS joined by OR: PostgreSQL turns an OR of
      // EXISTS into hashed subplans that first read every ticket of the staff member's groups (100k rows per
      // group at 1M tickets), where a probe per walked ticket reads a few index entries.
      const others = [
        existsInLink(knex, t, tables.assignee, actor.internalId),
        ...(actor.groupInternalIds.length > 0 ? [existsInLink(knex, t, tables.group, actor.groupInternalIds)] : []),
      ];
      return query.whereExists(existsInLink(knex, t, tables.submitter, actor.internalId).unionAll(others, false));
    }
  }
};
