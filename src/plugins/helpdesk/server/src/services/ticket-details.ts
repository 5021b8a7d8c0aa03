import type { Core } from '@strapi/strapi';
import type { Actor } from '../auth/actor';
import { can, isInScope } from '../authz/rules';
import { service } from './registry';
import { readHistory, readLinkedTickets, readThread, type HistoryRow } from '../database/ticket-reads';
import { iso, rowFromJoined, scopeOf, statusRef, toSummary, type StatusRow, type TicketRow } from './ticket-rows';
import type { HistoryEntry, TicketDetail } from './views';

const HISTORY_EVENTS: Record<HistoryRow['action'], HistoryEntry['event']> = {
  'ticket.create': 'created',
  'ticket.status': 'status_changed',
  'ticket.assign': 'assigned',
  'ticket.link': 'linked',
  'ticket.unlink': 'unlinked',
  'ticket.reopen': 'reopened',
  'ticket.tag': 'tags_changed',
  'ticket.sla_breach': 'sla_breached',
};
/**
 * What a User may see of a ticket's history: not who on the staff side it was handed to, nor internal links, nor
 * who tagged it when (a User sees the tags themselves, as they are now).
 */
const USER_VISIBLE_EVENTS = new Set<HistoryEntry['event']>(['created', 'status_changed', 'reopened']);

type HistoryDetails = { from?: string | null; to?: string | null; other?: string; added?: string[]; removed?: string[]; clock?: HistoryEntry['clock'] } | null;

/** One ticket as the actor may see it: thread, linked tickets, history, and what the actor may do next. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async detail(actor: Actor, row: TicketRow, statuses: StatusRow[]): Promise<TicketDetail> {
    // Reading notes is not writing them: a read-only staff credential gets the staff view too.
    const staffView = can(actor, 'ticket.read_internal', scopeOf(row));
    const [threadRows, linkedRows, auditRows, settings, attachments] = await Promise.all([
      readThread(strapi, { ticketRowId: row.id }),
      readLinkedTickets(strapi, { ticketRowId: row.id }),
      readHistory(strapi, { ticketId: row.documentId }),
      service(strapi, 'settings').get(),
      // A note's files never reach a caller who may not read the note.
      service(strapi, 'attachments').forTicket(row.id, staffView),
    ]);
    // Internal notes never reach a caller who may not see them.
    const replies = threadRows.filter((r) => staffView || !r.is_internal);

    const history = auditRows
      .map((a): HistoryEntry => {
        // json columns come back as text on SQLite and parsed on PostgreSQL.
        const details = (typeof a.details === 'string' ? JSON.parse(a.details) : a.details) as HistoryDetails;
        const entry: HistoryEntry = {
          at: iso(a.created_at) as string,
          actor: a.actor_id ? { id: a.actor_id, name: a.actor_name ?? 'former account' } : null,
          event: HISTORY_EVENTS[a.action],
        };
        if (details && 'from' in details) entry.from = details.from ?? null;
        if (details && 'to' in details) entry.to = details.to ?? null;
        if (details?.other) entry.ticket_id = details.other;
        if (details?.added) entry.added = details.added;
        if (details?.removed) entry.removed = details.removed;
        if (details?.clock) entry.clock = details.clock;
        return entry;
      })
      .filter((e) => staffView || USER_VISIBLE_EVENTS.has(e.event));

    const current = row.ticket_status;
    const reopenUntil =
      current?.kind === 'resolved' && row.resolved_at
        ? new Date(new Date(row.resolved_at).getTime() + settings.reopenWindowDays * 86_400_000).toISOString()
        : null;

    return {
      ...toSummary(row, service(strapi, 'clock').now()),
      description: row.description ?? '',
      attachments: attachments.get(null) ?? [],
      replies: replies.map((r) => ({
        id: r.document_id,
        author: r.author_id != null ? { id: r.author_document_id as string, name: r.author_username as string } : null,
        body: r.body,
        is_internal: Boolean(r.is_internal),
        created_at: iso(r.created_at) as string,
        attachments: attachments.get(r.id) ?? [],
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
