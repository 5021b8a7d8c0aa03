import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { compiledRead, driverOf } from './run-sql';
import { selectTicketRows, type TicketSummaryRow } from './ticket-list-query';
import { ticketTables } from './ticket-tables';

/**
 * The reads behind one ticket (get_ticket, and every action's scope check): fixed shapes, so each is compiled
 * once and then only bound and run.
 */

const ticketRow = (description: boolean) =>
  compiledRead<{ ticketId: string }, TicketSummaryRow>((knex, { ticketId }, strapi) => {
    const tables = ticketTables(strapi);
    const t = tables.tickets;
    const page = knex(t).select(`${t}.id`, `${t}.last_activity_at`).where(`${t}.document_id`, ticketId).limit(1);
    return selectTicketRows(knex, tables, page, { description });
  });

/** One ticket with everything the rules and the summary need, by its public id. */
export const readTicketRow = ticketRow(false);
/** The same, with the description. */
export const readTicketRowWithDescription = ticketRow(true);

/**
 * Holds tickets (by row id) against every other writer until the transaction `trx` ends, so that what a change
 * decides from a ticket read after this (its status, whether it is closed, the `from` it records) is still true when
 * it commits. PostgreSQL: row locks, taken in id order so that two transactions locking the same tickets (a link of
 * A and B beside one of B and A) cannot deadlock. SQLite: the database's one write lock, taken now by a write that
 * changes nothing. A transaction that read first and wrote later could not wait for another process's writer (two
 * instances on one file): SQLite refuses that upgrade at once, busy timeout or not, when the other has committed.
 * Taking the lock before any read lets the busy timeout do its work. Run it before anything else in `trx`.
 */
export const lockTickets = async (strapi: Core.Strapi, trx: Knex.Transaction, ticketRowIds: number[]): Promise<void> => {
  const t = ticketTables(strapi).tickets;
  if (driverOf(trx) === 'pg') {
    await trx(t).select('id').whereIn('id', ticketRowIds).orderBy('id').forUpdate();
    return;
  }
  // document_id: a column no text-index trigger watches, so the no-op write leaves the indexes alone.
  await trx(t).whereIn('id', ticketRowIds).update({ document_id: trx.ref('document_id') });
};

export interface ThreadRow {
  id: number;
  document_id: string;
  body: string;
  is_internal: boolean | number;
  created_at: string | number | Date;
  author_id: number | null;
  author_document_id: string | null;
  author_username: string | null;
}

/** The thread, oldest first, from the reply→ticket link's index: never a scan of every reply. */
export const readThread = compiledRead<{ ticketRowId: number }, ThreadRow>((knex, { ticketRowId }, strapi) => {
  const tables = ticketTables(strapi);
  return knex(`${tables.replyTicket.table} as rl`)
    .join(`${tables.replies} as r`, 'r.id', `rl.${tables.replyTicket.other}`)
    .leftJoin(`${tables.replyAuthor.table} as al`, `al.${tables.replyAuthor.ticket}`, 'r.id')
    .leftJoin(`${tables.users} as u`, 'u.id', `al.${tables.replyAuthor.other}`)
    .where(`rl.${tables.replyTicket.ticket}`, ticketRowId)
    .select('r.id', 'r.document_id', 'r.body', 'r.is_internal', 'r.created_at', 'u.id as author_id', 'u.document_id as author_document_id', 'u.username as author_username')
    .orderBy([{ column: 'r.created_at' }, { column: 'r.id' }]);
});

/** The tickets linked to one, with their related names (the caller filters them by scope). */
export const readLinkedTickets = compiledRead<{ ticketRowId: number }, TicketSummaryRow>((knex, { ticketRowId }, strapi) => {
  const tables = ticketTables(strapi);
  const t = tables.tickets;
  const linkedIds = knex(tables.linked.table).select(tables.linked.other).where(tables.linked.ticket, ticketRowId);
  return selectTicketRows(knex, tables, knex(t).select(`${t}.id`, `${t}.last_activity_at`).whereIn(`${t}.id`, linkedIds));
});

export interface HistoryRow {
  action: (typeof HISTORY_ACTIONS)[number];
  actor_id: string | null;
  actor_name: string | null;
  details: unknown;
  created_at: string | number | Date;
}

/** Audit actions that make up a ticket's history. */
export const HISTORY_ACTIONS = ['ticket.create', 'ticket.status', 'ticket.assign', 'ticket.link', 'ticket.unlink', 'ticket.reopen', 'ticket.tag', 'ticket.sla_breach'] as const;

/** The history with the names of who did what, in one query on the (ticket_id, created_at) index. */
export const readHistory = compiledRead<{ ticketId: string }, HistoryRow>((knex: Knex, { ticketId }, strapi) => {
  const tables = ticketTables(strapi);
  return knex(`${tables.audits} as a`)
    .leftJoin(`${tables.users} as u`, 'u.document_id', 'a.actor_id')
    .where('a.ticket_id', ticketId)
    .where('a.outcome', 'allowed')
    .whereIn('a.action', HISTORY_ACTIONS)
    .select('a.action', 'a.actor_id', 'a.details', 'a.created_at', 'u.username as actor_name')
    .orderBy([{ column: 'a.created_at' }, { column: 'a.id' }]);
});
