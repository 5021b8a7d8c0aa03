import type { Core } from '@strapi/strapi';
import type { Actor, Channel } from '../auth/actor';
import { can, refusalReason } from '../authz/rules';
import { forbidden } from '../errors';
import type { AuditFilters, ExportAuditInput, ListAuditInput } from '../validation/audit';
import { UID } from '../uids';
import { afterSettled, asAuditMaintenance, asHelpdesk } from '../write-path/permit';
import { service } from './registry';

export interface AuditEntry {
  action: string;
  outcome: 'allowed' | 'refused' | 'failed';
  ticketId?: string | null;
  errorCode?: string | null;
  details?: Record<string, unknown>;
  /** Who acted when no help-desk account did: a panel user without one, or the server itself. */
  actorName?: string | null;
  /** The credential, when there is no Actor to take it from (a Content Manager session). */
  credential?: { kind: string; name: string };
}

export interface AuditEventView {
  id: string;
  at: string;
  action: string;
  outcome: AuditEntry['outcome'];
  channel: Channel;
  actor: { id: string | null; name: string | null; email: string | null; role: string | null } | null;
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
  actor_name: string | null;
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
  /**
   * Records an event in the current transaction, if any, so a change and its row commit or roll back together.
   * Only the help desk writes audit rows (write-path/guards.ts): the insert carries the service's permit.
   */
  async record(actor: Actor | null, entry: AuditEntry, channel?: Channel): Promise<void> {
    const row = auditRow(actor, entry, channel);
    await asHelpdesk(() => strapi.db.query(UID.auditEvent).create({ data: row }));
    strapi.log.info(`helpdesk.audit ${JSON.stringify(row)}`);
  },

  /**
   * Records a refused attempt. Inside a transaction the refusal rolls it back, and its row with it: the row is
   * written once the transaction has settled instead, so every refusal is on record.
   */
  async refused(actor: Actor | null, entry: Omit<AuditEntry, 'outcome'>, channel?: Channel): Promise<void> {
    await afterSettled(strapi, () => this.record(actor, { ...entry, outcome: 'refused' }, channel));
  },

  /** The audit log for admins: filtered in the query, newest first, one page at a time. */
  async list(actor: Actor, input: ListAuditInput): Promise<AuditPage> {
    if (!can(actor, 'audit.read')) throw forbidden(refusalReason(actor, 'audit.read'));
    const where = await whereOf(strapi, input);
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
    return {
      events: await viewsOf(strapi, rows),
      pagination: { page: input.page, page_size: input.page_size, total, page_count: Math.ceil(total / input.page_size) },
    };
  },

  /**
   * Every event the filters match, newest first, as CSV or JSON Lines, read a batch at a time so a large log never
   * sits in memory. The export itself is on record.
   */
  async export(actor: Actor, input: ExportAuditInput): Promise<AsyncGenerator<string>> {
    if (!can(actor, 'audit.read')) {
      await this.refused(actor, { action: 'audit.export', errorCode: 'forbidden' });
      throw forbidden(refusalReason(actor, 'audit.read'));
    }
    const where = await whereOf(strapi, input);
    await this.record(actor, { action: 'audit.export', outcome: 'allowed', details: { format: input.format, filters: filtersOf(input) } });
    return exportLines(strapi, where, input.format);
  },

  /**
   * Retention: deletes the events older than `before` and leaves a row saying so. Only the CLI offers it; it is
   * the one deletion of audit events there is (write-path/permit.ts).
   */
  async prune(before: Date): Promise<{ deleted: number }> {
    const deleted = await asAuditMaintenance(strapi, async () => {
      const { count } = (await strapi.db.query(UID.auditEvent).deleteMany({ where: { createdAt: { $lt: before } } })) as { count: number };
      return count;
    });
    await this.record(null, {
      action: 'audit.prune',
      outcome: 'allowed',
      actorName: 'audit:prune (CLI)',
      details: { before: before.toISOString(), deleted },
    }, 'cli');
    return { deleted };
  },

  /**
   * Records an event that is kept current afterwards, and returns its row id: the failed-authentication count of a
   * source and minute (services/failed-authentication.ts), written on its first failure so that it shows at once.
   */
  async recordCounted(entry: AuditEntry, channel: Channel): Promise<number> {
    const row = auditRow(null, entry, channel);
    const created = (await asHelpdesk(() => strapi.db.query(UID.auditEvent).create({ data: row, select: ['id'] }))) as { id: number };
    strapi.log.info(`helpdesk.audit ${JSON.stringify(row)}`);
    return created.id;
  },

  /** Brings the details (the count) of an event written by recordCounted up to date: audit maintenance. */
  async updateCounted(id: number, details: Record<string, unknown>): Promise<void> {
    await asAuditMaintenance(strapi, () => strapi.db.query(UID.auditEvent).update({ where: { id }, data: { details }, select: ['id'] }));
    strapi.log.info(`helpdesk.audit.count ${JSON.stringify({ id, details })}`);
  },
});

const auditRow = (actor: Actor | null, entry: AuditEntry, channel: Channel | undefined) => ({
  action: entry.action,
  outcome: entry.outcome,
  channel: actor?.channel ?? channel ?? 'rest',
  actor_id: actor?.userId ?? null,
  actor_role: actor?.role ?? null,
  actor_name: entry.actorName ?? null,
  credential_kind: actor?.credential.kind ?? entry.credential?.kind ?? null,
  credential_name: actor?.credential.name ?? entry.credential?.name ?? null,
  ticket_id: entry.ticketId ?? null,
  error_code: entry.errorCode ?? null,
  details: entry.details ?? null,
});

/** The list's filters as a query: the page, the export and every future reader share one meaning. */
const whereOf = async (strapi: Core.Strapi, input: AuditFilters): Promise<Record<string, unknown>> => {
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
  return where;
};

const filtersOf = (input: AuditFilters): Record<string, string> =>
  Object.fromEntries(
    (['actor', 'key', 'channel', 'action', 'outcome', 'ticket'] as const).flatMap((k) => (input[k] ? [[k, String(input[k])]] : [])),
  );

/** Rows with the names of the accounts that acted, looked up once per batch. */
const viewsOf = async (strapi: Core.Strapi, rows: AuditRow[]): Promise<AuditEventView[]> => {
  const actorIds = [...new Set(rows.map((r) => r.actor_id).filter((id): id is string => Boolean(id)))];
  const people = actorIds.length
    ? ((await strapi.db.query(UID.user).findMany({
        where: { documentId: { $in: actorIds } },
        select: ['documentId', 'username', 'email'],
      })) as Array<{ documentId: string; username: string; email: string }>)
    : [];
  const byId = new Map(people.map((p) => [p.documentId, p]));
  return rows.map((r) => {
    // json columns come back as text on SQLite and parsed on PostgreSQL.
    const details = (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as Record<string, unknown> | null;
    const person = r.actor_id ? byId.get(r.actor_id) : undefined;
    // Who edited in the Content Manager; `panel_user` in a panel.link row is whom it concerns, not who acted.
    const panelEmail = (details?.edited_by as { email?: string } | undefined)?.email ?? null;
    return {
      id: r.documentId,
      at: new Date(r.createdAt).toISOString(),
      action: r.action,
      outcome: r.outcome,
      channel: r.channel,
      actor:
        r.actor_id || r.actor_name
          ? {
              id: r.actor_id,
              name: person?.username ?? r.actor_name ?? null,
              email: person?.email ?? panelEmail,
              role: r.actor_role,
            }
          : null,
      credential: r.credential_kind ? { kind: r.credential_kind, name: r.credential_name } : null,
      ticket_id: r.ticket_id,
      error_code: r.error_code,
      details,
    };
  });
};

const EXPORT_BATCH = 500;
const CSV_COLUMNS = ['id', 'at', 'action', 'outcome', 'channel', 'actor_id', 'actor_name', 'actor_email', 'actor_role', 'credential_kind', 'credential_name', 'ticket_id', 'error_code', 'details'] as const;

/** A CSV cell: quoted, and never read as a formula by a spreadsheet (a cell starting with = + - @ gets a quote). */
const csvCell = (value: unknown): string => {
  let text = value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return `"${text.replace(/"/g, '""')}"`;
};

const csvLine = (e: AuditEventView): string =>
  [e.id, e.at, e.action, e.outcome, e.channel, e.actor?.id, e.actor?.name, e.actor?.email, e.actor?.role, e.credential?.kind, e.credential?.name, e.ticket_id, e.error_code, e.details]
    .map(csvCell)
    .join(',');

async function* exportLines(strapi: Core.Strapi, where: Record<string, unknown>, format: 'csv' | 'jsonl'): AsyncGenerator<string> {
  if (format === 'csv') yield `${CSV_COLUMNS.join(',')}\r\n`;
  let before: number | null = null;
  for (;;) {
    const rows = (await strapi.db.query(UID.auditEvent).findMany({
      where: before === null ? where : { $and: [where, { id: { $lt: before } }] },
      // Row ids grow with time: newest first by id is the log's order, and a batch boundary no row can fall through.
      orderBy: { id: 'desc' },
      limit: EXPORT_BATCH,
    })) as AuditRow[];
    if (rows.length === 0) return;
    for (const event of await viewsOf(strapi, rows)) yield format === 'csv' ? `${csvLine(event)}\r\n` : `${JSON.stringify(event)}\n`;
    before = (rows[rows.length - 1] as AuditRow).id;
    if (rows.length < EXPORT_BATCH) return;
  }
}
