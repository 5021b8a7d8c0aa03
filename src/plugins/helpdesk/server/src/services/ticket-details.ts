import type { Core } from '@strapi/strapi';
import type { Actor } from '../auth/actor';
import { can, isInScope } from '../authz/rules';
import { UID } from '../uids';
import { service } from './registry';
import { SUMMARY_FIELDS, SUMMARY_POPULATE, iso, person, scopeOf, statusRef, toSummary, type StatusRow, type TicketRow, type UserRow } from './ticket-rows';
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

interface AuditRow {
  action: string;
  actor_id: string | null;
  details: { from?: string | null; to?: string | null; other?: string } | null;
  createdAt: string | number | Date;
}

/** One ticket as the actor may see it: thread, linked tickets, history, and what the actor may do next. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async detail(actor: Actor, row: TicketRow, statuses: StatusRow[]): Promise<TicketDetail> {
    const staffView = can(actor, 'ticket.note', scopeOf(row));
    const [replies, linkedRows, auditRows, settings] = await Promise.all([
      strapi.db.query(UID.reply).findMany({
        where: { ticket: { id: row.id }, ...(staffView ? {} : { is_internal: false }) },
        select: ['id', 'documentId', 'body', 'is_internal', 'createdAt'],
        populate: { author: { select: ['id', 'documentId', 'username'] } },
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      }) as Promise<Array<{ documentId: string; body: string; is_internal: boolean; createdAt: string; author: UserRow | null }>>,
      strapi.db.query(UID.ticket).findOne({
        where: { id: row.id },
        select: ['id'],
        populate: { linked_tickets: { select: SUMMARY_FIELDS, populate: SUMMARY_POPULATE } },
      }) as Promise<{ linked_tickets?: TicketRow[] } | null>,
      strapi.db.query(UID.auditEvent).findMany({
        where: { ticket_id: row.documentId, outcome: 'allowed', action: { $in: Object.keys(HISTORY_EVENTS) } },
        select: ['action', 'actor_id', 'details', 'createdAt'],
        orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
      }) as Promise<AuditRow[]>,
      service(strapi, 'settings').get(),
    ]);

    const actorIds = [...new Set(auditRows.map((a) => a.actor_id).filter((id): id is string => Boolean(id)))];
    const people = actorIds.length
      ? ((await strapi.db.query(UID.user).findMany({
          where: { documentId: { $in: actorIds } },
          select: ['documentId', 'username'],
        })) as Array<{ documentId: string; username: string }>)
      : [];
    const nameOf = new Map(people.map((p) => [p.documentId, p.username]));

    const history = auditRows
      .map((a): HistoryEntry => {
        const event = HISTORY_EVENTS[a.action] as HistoryEntry['event'];
        const entry: HistoryEntry = {
          at: iso(a.createdAt) as string,
          actor: a.actor_id ? { id: a.actor_id, name: nameOf.get(a.actor_id) ?? 'former account' } : null,
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
        id: r.documentId,
        author: person(r.author),
        body: r.body,
        is_internal: Boolean(r.is_internal),
        created_at: iso(r.createdAt) as string,
      })),
      // A linked ticket the actor cannot see is left out: links never reveal another ticket's subject.
      linked_tickets: (linkedRows?.linked_tickets ?? [])
        .filter((t) => isInScope(actor, scopeOf(t)))
        .map((t) => ({ id: t.documentId, subject: t.subject, status: statusRef(t.ticket_status) })),
      history,
      allowed_next_statuses: can(actor, 'ticket.status', scopeOf(row))
        ? statuses.filter((s) => s.id !== current?.id).map((s) => statusRef(s) as NonNullable<ReturnType<typeof statusRef>>)
        : [],
      reopen_until: reopenUntil,
    };
  },
});
