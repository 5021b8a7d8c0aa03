import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor';
import { can, refusalReason } from '../authz/rules';
import { forbidden, invalid, type FieldIssue } from '../errors';
import { runSql } from '../database/run-sql';
import { tagFilterPlan } from '../database/ticket-tag-filter';
import { ticketTables } from '../database/ticket-tables';
import type { TagChangeInput } from '../validation/tickets';
import { UID } from '../uids';
import { helpdeskTransaction } from '../write-path/permit';
import { service } from './registry';
import { toSummary, type TagRef, type TicketRow } from './ticket-rows';
import type { TagView, TicketSummary } from './views';

interface TagRow {
  id: number;
  document_id: string;
  name: string;
}

/** Case-insensitive, then by code point: the order the ticket query gives (ticket-list-query.ts tagsColumn). */
const byName = (a: { name: string }, b: { name: string }): number => {
  const [x, y] = [a.name.toLowerCase(), b.name.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : 0;
};

/**
 * Tags: labels from the catalog (admins keep them in the Content Manager) that staff put on and take off tickets in
 * their scope, each change in the ticket's history. Everyone may list them; users see those of their own tickets.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const tables = () => ticketTables(strapi);

  /** The column Strapi keeps a ticket's tags in order by; it reads them back sorted by it. */
  const orderColumn = (): string | undefined => {
    const meta = strapi.db.metadata.get(UID.ticket) as unknown as { attributes: Record<string, { joinTable?: { orderColumnName?: string } }> };
    return meta.attributes.tags?.joinTable?.orderColumnName;
  };

  /**
   * The tags with these names, case-insensitively (a name given twice counts once), and an issue under `field` for
   * every name no tag has.
   */
  const resolve = async (names: string[], field: string): Promise<{ rows: TagRow[]; problems: FieldIssue[] }> => {
    const found = new Map<number, TagRow>();
    const unknown: string[] = [];
    // One lookup per distinct name, folded by the database itself: the same LOWER as the unique index on names
    // (SQLite folds ASCII only, so a fold in JavaScript could miss a tag the index calls the same).
    for (const name of [...new Map(names.map((n) => [n.toLowerCase(), n])).values()]) {
      const [row] = await runSql<TagRow>(strapi, (knex) =>
        knex(tables().tagRecords).select('id', 'document_id', 'name').whereRaw('LOWER(??) = LOWER(?)', ['name', name]).limit(1),
      );
      if (row) found.set(row.id, row);
      else unknown.push(name);
    }
    const problems = unknown.map((name): FieldIssue => ({ field, rule: 'exists', message: `no tag is named "${name}"; see list_tags` }));
    return { rows: [...found.values()], problems };
  };

  return {
    async list(actor: Actor): Promise<TagView[]> {
      if (!can(actor, 'catalog.read')) throw forbidden(refusalReason(actor, 'catalog.read'));
      const rows = (await strapi.db.query(UID.tag).findMany({ select: ['documentId', 'name', 'description'] })) as Array<{
        documentId: string;
        name: string;
        description: string | null;
      }>;
      return rows.sort(byName).map((t) => ({ id: t.documentId, name: t.name, description: t.description ?? null }));
    },

    /** The list filter for tickets carrying all of these tags; an unknown name is a validation error on `tag`. */
    async filterFor(names: string[]): Promise<{ ids: number[]; driving?: number }> {
      const { rows, problems } = await resolve(names, 'tag');
      if (problems.length > 0) throw invalid(problems);
      return tagFilterPlan(strapi, rows.map((r) => r.id));
    },

    /**
     * Puts tags on a ticket and takes others off, in one change recorded in its history. What the ticket already
     * is stays as it is (adding a tag it has, removing one it has not), so a repeated call changes nothing and
     * records nothing. An unknown tag refuses the whole call.
     */
    async tagTicket(actor: Actor, ticketId: string, input: TagChangeInput): Promise<TicketSummary> {
      const tickets = service(strapi, 'tickets');
      const ticket = await tickets.authorize(actor, 'ticket.tag', ticketId);
      const [{ rows: add, problems: unknownAdded }, { rows: remove, problems: unknownRemoved }] = [
        await resolve(input.add, 'add'),
        await resolve(input.remove, 'remove'),
      ];
      if (unknownAdded.length + unknownRemoved.length > 0) throw invalid([...unknownAdded, ...unknownRemoved]);

      const link = tables().tags;
      return helpdeskTransaction(strapi, async ({ trx }: { trx: Knex.Transaction }) => {
        const [row] = (await tickets.lockForChange(actor, 'ticket.tag', trx, ticket)) as [TicketRow];
        const current = new Map((row.tags ?? []).map((t) => [t.documentId, t]));
        const added = add.filter((t) => !current.has(t.document_id));
        const removed = remove.filter((t) => current.has(t.document_id));
        const now = service(strapi, 'clock').now();
        if (added.length === 0 && removed.length === 0) return toSummary(row, now);

        if (removed.length > 0) {
          await trx(link.table).where(link.ticket, row.id).whereIn(link.other, removed.map((t) => t.id)).delete();
        }
        if (added.length > 0) {
          const order = orderColumn();
          await trx(link.table).insert(
            added.map((t, i) => ({ [link.ticket]: row.id, [link.other]: t.id, ...(order ? { [order]: current.size + i + 1 } : {}) })),
          );
        }
        await strapi.db.query(UID.ticket).update({ where: { id: row.id }, data: { last_activity_at: now } });
        await service(strapi, 'audit').record(actor, {
          action: 'ticket.tag',
          outcome: 'allowed',
          ticketId,
          details: { added: added.map((t) => t.name).sort(), removed: removed.map((t) => t.name).sort() },
        });
        const gone = new Set(removed.map((t) => t.document_id));
        const tags: TagRef[] = [
          ...[...current.values()].filter((t) => !gone.has(t.documentId)),
          ...added.map((t) => ({ documentId: t.document_id, name: t.name })),
        ].sort(byName);
        return toSummary({ ...row, tags, last_activity_at: now, updatedAt: now }, now);
      });
    },
  };
};
