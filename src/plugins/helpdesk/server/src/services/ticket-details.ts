import type { Core } from '@strapi/strapi';
import type { Actor } from '../auth/actor';
import { can, isInScope } from '../authz/rules';
import { service } from './registry';
import { runSql } from '../database/run-sql';
import { selectTicketRows, type TicketSummaryRow } from '../database/ticket-list-query';
import { ticketTables } from '../database/ticket-tables';
import { iso, rowFromJoined, scopeOf, statusRef, toSummary, type StatusRow, type TicketRow } from './ticket-rows';
import type { HistoryEntry, TicketDetail } from './views';

const HISTORY_EVENTS: Record<string, HistoryEntry['event']> = {
  'ticket.create': 'created',
  'ticket.status': 'status_changed',
  'ticket.assign': 'assigned',
  'ticket.link': 'linked',
  'ticket.unlink': 'unlinked',
  'ticket.reopen': 'reopened',
};
/** What a User may see of a ticket's history: not who on the staff side it was handed to, nor internal links. */
const USER_VISIBLE_EVENTS = new Set<HistoryEntry['event']>(['created', 'status_changed', 'reopened']);

interface ThreadRow {
  id: number;
  document_id: string;
  body: string;
  is_internal: boolean | number;
  created_at: string | number | Date;
  author_id: number | null;
  author_document_id: string | null;
  author_username: string | null;
}

type HistoryDetails = { from?: string | null; to?: string | null; other?: string } | null;

interface AuditRow {
  action: string;
  actor_id: string | null;
  actor_name: string | null;
  details: HistoryDetails | string;
  created_at: string | number | Date;
}

/** One ticket as the actor may see it: thread, linked tickets, history, and what the actor may do next. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async detail(actor: Actor, row: TicketRow, statuses: StatusRow[]): Promise<TicketDetail> {
    const staffView = can(actor, 'ticket.note', scopeOf(row));
    const tables = ticketTables(strapi);
    const t = tables.tickets;
    const [threadRows, linkedRows, auditRows, settings] = await Promise.all([
      // The thread from the reply→ticket link's index: never a scan of every reply.
      runSql<ThreadRow[]>(strapi, (knex) =>
        knex(`${tables.replyTicket.table} as rl`)
          .join(`${tables.replies} as r`, 'r.id', `rl.${tables.replyTicket.other}`)
          .leftJoin(`${tables.replyAuthor.table} as al`, `al.${tables.replyAuthor.ticket}`, 'r.id')
          .leftJoin(`${tables.users} as u`, 'u.id', `al.${tables.replyAuthor.other}`)
          .where(`rl.${tables.replyTicket.ticket}`, row.id)
          .select('r.id', 'r.document_id', 'r.body', 'r.is_internal', 'r.created_at', 'u.id as author_id', 'u.document_id as author_document_id', 'u.username as author_username')
          .orderBy([{ column: 'r.created_at' }, { column: 'r.id' }]),
      ),
      runSql<TicketSummaryRow[]>(strapi, (knex) =>
        selectTicketRows(
          knex,
          tables,
          knex(t)
            .select(`${t}.id`, `${t}.last_activity_at`)
            .whereIn(`${t}.id`, knex(tables.linked.table).select(tables.linked.other).where(tables.linked.ticket, row.id)),
        ),
      ),
      // The history with the names of who did what, in one query on the (ticket_id, created_at) index.
      runSql<AuditRow[]>(strapi, (knex) =>
        knex('helpdesk_audit_events as a')
          .leftJoin(`${tables.users} as u`, 'u.document_id', 'a.actor_id')
          .where('a.ticket_id', row.documentId)
          .where('a.outcome', 'allowed')
          .whereIn('a.action', Object.keys(HISTORY_EVENTS))
          .select('a.action', 'a.actor_id', 'a.details', 'a.created_at', 'u.username as actor_name')
          .orderBy([{ column: 'a.created_at' }, { column: 'a.id' }]),
      ),
      service(strapi, 'settings').get(),
    ]);
    // Internal notes never reach a caller who may not see them.
    const replies = threadRows.filter((r) => staffView || !r.is_internal);

    const history = auditRows
      .map((raw): HistoryEntry => {
        // json columns come back as text on SQLite and parsed on PostgreSQL.
        const details: HistoryDetails = typeof raw.details === 'string' ? (JSON.parse(raw.details) as HistoryDetails) : raw.details;
        const a = { ...raw, details };
        const event = HISTORY_EVENTS[a.action] as HistoryEntry['event'];
        const entry: HistoryEntry = {
          at: iso(a.created_at) as string,
          actor: a.actor_id ? { id: a.actor_id, name: a.actor_name ?? 'former account' } : null,
          event,
        };
        if (a.details && 'from' in a.details) entry.from = a.details.from ?? null;
        if (a.details && 'to' in a.details) entry.to = a.details.to ?? null;
        if (a.details?.other) entry.ticket_id = a.details.other;
        return entry;
      })
      .filter((e) => staffView || USER_VISIBLE_EVENTS.has(e.event));

    const current = row.ticket_status;
    const reopenUntil =
      current?.kind === 'resolved' && row.resolved_at
        ? new Date(new Date(row.resolved_at).getTime() + settings.reopenWindowDays * 86_400_000).toISOString()
        : null;

    return {
      ...toSummary(row),
      description: row.description ?? '',
      replies: replies.map((r) => ({
        id: r.document_id,
        author: r.author_id != null ? { id: r.author_document_id as string, name: r.author_username as string } : null,
        body: r.body,
        is_internal: Boolean(r.is_internal),
        created_at: iso(r.created_at) as string,
      })),
      // A linked ticket the actor cannot see is left out: links never reveal another ticket's subject.
      linked_tickets: linkedRows
        .map(rowFromJoined)
        .filter((linked) => isInScope(actor, scopeOf(linked)))
        .map((linked) => ({ id: linked.documentId, subject: linked.subject, status: statusRef(linked.ticket_status) })),
      history,
      allowed_next_statuses: can(actor, 'ticket.status', scopeOf(row))
        ? statuses.filter((s) => s.id !== current?.id).map((s) => statusRef(s) as NonNullable<ReturnType<typeof statusRef>>)
        : [],
      reopen_until: reopenUntil,
    };
  },
});
