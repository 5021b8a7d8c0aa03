import type { Core } from '@strapi/strapi';
import type { Actor, Channel } from '../auth/actor';
import { can, refusalReason } from '../authz/rules';
import { forbidden } from '../errors';
import type { ListAuditInput } from '../validation/audit';
import { UID } from '../uids';
import { service } from './registry';

export interface AuditEntry {
  action: string;
  outcome: 'allowed' | 'refused' | 'failed';
  ticketId?: string | null;
  errorCode?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditEventView {
  id: string;
  at: string;
  action: string;
  outcome: AuditEntry['outcome'];
  channel: Channel;
  actor: { id: string; name: string | null; email: string | null; role: string | null } | null;
  credential: { kind: string; name: string | null } | null;
  ticket_id: string | null;
  error_code: string | null;
  details: Record<string, unknown> | null;
}

export interface AuditPage {
  events: AuditEventView[];
  pagination: { page: number; page_size: number; total: number; page_count: number };
}

interface AuditRow {
  id: number;
  documentId: string;
  createdAt: string | Date;
  action: string;
  outcome: AuditEntry['outcome'];
  channel: Channel;
  actor_id: string | null;
  actor_role: string | null;
  credential_kind: string | null;
  credential_name: string | null;
  ticket_id: string | null;
  error_code: string | null;
  details: Record<string, unknown> | null;
}

/**
 * Every change and every refused attempt (DESIGN §6): a row admins can read, and the same fields as one structured
 * log line. Callers never pass secrets here; the fields are ids, names and outcomes only.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async record(actor: Actor | null, entry: AuditEntry, channel?: Channel): Promise<void> {
    const row = {
      action: entry.action,
      outcome: entry.outcome,
      channel: actor?.channel ?? channel ?? 'rest',
      actor_id: actor?.userId ?? null,
      actor_role: actor?.role ?? null,
      credential_kind: actor?.credential.kind ?? null,
      credential_name: actor?.credential.name ?? null,
      ticket_id: entry.ticketId ?? null,
      error_code: entry.errorCode ?? null,
      details: entry.details ?? null,
    };
    await strapi.db.query(UID.auditEvent).create({ data: row });
    strapi.log.info(`helpdesk.audit ${JSON.stringify(row)}`);
  },

  /** The audit log for admins: filtered in the query, newest first, one page at a time. */
  async list(actor: Actor, input: ListAuditInput): Promise<AuditPage> {
    if (!can(actor, 'audit.read')) throw forbidden(refusalReason(actor, 'audit.read'));
    const where: Record<string, unknown> = {};
    if (input.actor) {
      // An email names an account; an unknown one matches nothing rather than everything.
      const id = input.actor.includes('@')
        ? ((await service(strapi, 'accounts').findAccount(input.actor))?.id ?? '-')
        : input.actor.toUpperCase();
      where.actor_id = id;
    }
    if (input.key) where.credential_name = { $containsi: input.key };
    if (input.channel) where.channel = input.channel;
    if (input.action) where.action = input.action.endsWith('.') ? { $startsWith: input.action } : input.action;
    if (input.outcome) where.outcome = input.outcome;
    if (input.ticket) where.ticket_id = input.ticket;

    const query = strapi.db.query(UID.auditEvent);
    const [rows, total] = await Promise.all([
      query.findMany({
        where,
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        offset: (input.page - 1) * input.page_size,
        limit: input.page_size,
      }) as Promise<AuditRow[]>,
      query.count({ where }),
    ]);
    const actorIds = [...new Set(rows.map((r) => r.actor_id).filter((id): id is string => Boolean(id)))];
    const people = actorIds.length
      ? ((await strapi.db.query(UID.user).findMany({
          where: { documentId: { $in: actorIds } },
          select: ['documentId', 'username', 'email'],
        })) as Array<{ documentId: string; username: string; email: string }>)
      : [];
    const byId = new Map(people.map((p) => [p.documentId, p]));
    return {
      events: rows.map((r) => ({
        id: r.documentId,
        at: new Date(r.createdAt).toISOString(),
        action: r.action,
        outcome: r.outcome,
        channel: r.channel,
        actor: r.actor_id
          ? { id: r.actor_id, name: byId.get(r.actor_id)?.username ?? null, email: byId.get(r.actor_id)?.email ?? null, role: r.actor_role }
          : null,
        credential: r.credential_kind ? { kind: r.credential_kind, name: r.credential_name } : null,
        ticket_id: r.ticket_id,
        error_code: r.error_code,
        details: r.details,
      })),
      pagination: { page: input.page, page_size: input.page_size, total, page_count: Math.ceil(total / input.page_size) },
    };
  },
});
