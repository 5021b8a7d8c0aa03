import type { Core } from '@strapi/strapi';
import type { Actor, Channel } from '../auth/actor';
import { UID } from '../uids';

export interface AuditEntry {
  action: string;
  outcome: 'allowed' | 'refused' | 'failed';
  ticketId?: string | null;
  errorCode?: string | null;
  details?: Record<string, unknown>;
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
});
