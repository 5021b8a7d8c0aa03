import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor';
import { can, refusalReason, roleAllows, type Action } from '../authz/rules';
import { forbidden, invalid, notFound } from '../errors';
import { buildTicketListQuery, type ListFilters, type TicketFilters, type TicketSummaryRow } from '../database/ticket-list-query';
import { lockTickets, readTicketRow, readTicketRowWithDescription } from '../database/ticket-reads';
import { runSql } from '../database/run-sql';
import { isCommonTerm } from '../database/ticket-text-index';
import { ticketTables } from '../database/ticket-tables';
import type { CreateTicketInput, ListTicketsInput, StatusChangeInput, TicketFilterInput } from '../validation/tickets';
import type { IncomingFile } from '../attachments/inspect';
import { withFileStash } from '../attachments/storage';
import { UID } from '../uids';
import { CREDENTIAL_CACHE_MS, createTtlCache } from '../ttl-cache';
import { service } from './registry';
import { helpdeskTransaction } from '../write-path/permit';
import {
  scopeOf,
  rowFromJoined,
  slaTimesOf,
  summaryFromJoinedRow,
  toSummary,
  type NamedRow,
  type StatusRow,
  type TicketRow,
} from './ticket-rows';
import type { TicketDetail, TicketPage, TicketSummary } from './views';

const OPEN_KINDS = ['new', 'open', 'pending'];

/** A cursor of the due-time order says so: handed to the other order it is refused, not misread. */
export const encodeCursor = (activity: unknown, id: number, due = false): string =>
  Buffer.from(JSON.stringify([activity instanceof Date ? { d: activity.toISOString() } : activity, id, ...(due ? ['due'] : [])])).toString('base64url');

/** The times a cursor may carry: years 1 to 9999, inside every database's range (PostgreSQL's ends at 4713 BC). */
const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
/** Row ids are PostgreSQL `integer`s (Strapi's increments): a larger number would fail in the database. */
const MAX_ROW_ID = 2 ** 31 - 1;

const timeOf = (ms: number): Date | null => (Number.isInteger(ms) && ms >= EARLIEST && ms <= LATEST ? new Date(ms) : null);

/**
 * Only what encodeCursor writes is read back: `[time, row id]`, the time as `{d: ISO}` (PostgreSQL returns Dates) or
 * whole milliseconds (SQLite stores them so), and it is handed to the query as a Date either way. Anything else, or
 * a value the database would refuse (a year before 1, an id past its integer type), fails here as a validation
 * error, not in the database as a 500.
 */
export const decodeCursor = (cursor: string, due = false): { activity: Date; id: number } => {
  const refused = () => invalid([{ field: 'cursor', rule: 'format', message: 'is not a cursor this server issued; start again without it' }]);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refused();
  }
  if (!Array.isArray(decoded) || decoded.length !== (due ? 3 : 2) || (due && decoded[2] !== 'due')) throw refused();
  const [activity, id] = decoded as [unknown, unknown];
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 1 || id > MAX_ROW_ID) throw refused();
  const iso = activity && typeof activity === 'object' && !Array.isArray(activity) ? (activity as { d?: unknown }).d : undefined;
  const time = typeof activity === 'number' ? timeOf(activity) : typeof iso === 'string' ? timeOf(Date.parse(iso)) : null;
  if (!time) throw refused();
  return { activity: time, id };
};

/**
 * Tickets: listing in scope, reading one with its thread and history, creating, moving between statuses and
 * linking. Each method checks the rules first and audits what it changed or refused.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const audit = () => service(strapi, 'audit');

  const refuse = async (actor: Actor, action: Action, ticketId: string | null, error: Error & { code: string }) => {
    await audit().refused(actor, { action, ticketId, errorCode: error.code });
    throw error;
  };

  // Statuses are read by every list and get and change only when an admin edits them: kept a few seconds, and
  // dropped at once when they change on this instance (database/identity-changes.ts).
  const statusCache = createTtlCache<StatusRow[]>({ ttlMs: CREDENTIAL_CACHE_MS, maxEntries: 1 });
  const statuses = async (): Promise<StatusRow[]> => {
    const cached = statusCache.get('all');
    if (cached) return cached;
    const rows = (await strapi.db.query(UID.status).findMany({
      select: ['id', 'documentId', 'name', 'kind', 'sort_order', 'is_default'],
      orderBy: [{ sort_order: 'asc' }, { id: 'asc' }],
    })) as StatusRow[];
    // Inside a transaction the rows may not be committed yet: only cache what everyone can see.
    if (!strapi.db.inTransaction()) statusCache.set('all', rows);
    return rows;
  };

  /** One ticket with everything the rules and the views need, in one query. */
  const loadRow = async (ticketId: string, extra: string[] = []): Promise<TicketRow | null> => {
    const read = extra.includes('description') ? readTicketRowWithDescription : readTicketRow;
    const [row] = await read(strapi, { ticketId });
    return row ? rowFromJoined(row) : null;
  };

  return {
    statuses,
    forgetStatuses(): void {
      statusCache.clear();
    },
    loadRow,

    /**
     * Loads a ticket the actor is about to act on. A ticket out of scope is refused exactly like one that does not
     * exist; an action the role can never take is refused as forbidden first, whatever the ticket.
     */
    async authorize(actor: Actor, action: Action, ticketId: string, extra: string[] = []): Promise<TicketRow> {
      if (!roleAllows(actor, action)) await refuse(actor, action, ticketId, forbidden(refusalReason(actor, action)));
      const row = await loadRow(ticketId, extra);
      if (!row || !can(actor, action, scopeOf(row))) await refuse(actor, action, ticketId, notFound('ticket'));
      return row as TicketRow;
    },

    /**
     * The tickets a change is about, as they are now, held until the transaction `trx` ends (see lockTickets). A
     * change decides from these rows, never from the ones `authorize` read before the transaction: another request
     * may have changed the ticket in between. The scope is checked again, on the rows as they are now.
     */
    async lockForChange(actor: Actor, action: Action, trx: Knex.Transaction, ...tickets: TicketRow[]): Promise<TicketRow[]> {
      await lockTickets(strapi, trx, tickets.map((t) => t.id));
      const current: TicketRow[] = [];
      for (const ticket of tickets) {
        const row = await loadRow(ticket.documentId);
        if (!row || !can(actor, action, scopeOf(row))) await refuse(actor, action, ticket.documentId, notFound('ticket'));
        current.push(row as TicketRow);
      }
      return current;
    },

    /**
     * The list filters (status and category by name, priority, assignee) as the list query takes them; search_tickets
     * takes the same through this. Without a status, open work only, or every status with `anyStatus`.
     */
    async filtersFor(actor: Actor, input: TicketFilterInput, options: { anyStatus?: boolean; now?: Date } = {}): Promise<TicketFilters> {
      const all = await statuses();
      let statusIds: number[];
      if (input.status) {
        const match = all.find((s) => s.name.toLowerCase() === input.status?.toLowerCase());
        if (!match) {
          throw invalid([{ field: 'status', rule: 'one_of', message: `must be one of: ${all.map((s) => s.name).join(', ')}` }]);
        }
        statusIds = [match.id];
      } else {
        statusIds = all.filter((s) => options.anyStatus || OPEN_KINDS.includes(s.kind)).map((s) => s.id);
      }

      const filters: TicketFilters = { statusIds };
      if (input.sla) filters.sla = { state: input.sla, now: options.now ?? service(strapi, 'clock').now() };
      if (input.priority) filters.priority = input.priority;
      if (input.category) {
        const category = (await strapi.db.query(UID.category).findMany({ select: ['id', 'name'] })) as NamedRow[];
        const match = category.find((c) => c.name.toLowerCase() === input.category?.toLowerCase());
        if (!match) {
          throw invalid([{ field: 'category', rule: 'one_of', message: `must be one of: ${category.map((c) => c.name).join(', ') || '(no categories yet)'}` }]);
        }
        filters.categoryId = match.id;
      }
      if (input.tag) filters.tags = await service(strapi, 'tags').filterFor(input.tag);
      if (input.assignee_id === 'none') filters.assignee = { none: true };
      else if (input.assignee_id === 'me') filters.assignee = { userId: actor.internalId };
      else if (input.assignee_id) {
        const user = await strapi.db.query(UID.user).findOne({ where: { documentId: input.assignee_id }, select: ['id'] });
        // An unknown user simply has no tickets: the list is empty, and no account's existence is revealed.
        filters.assignee = { userId: (user as { id: number } | null)?.id ?? -1 };
      }
      return filters;
    },

    async list(actor: Actor, input: ListTicketsInput & { order?: 'newest' | 'oldest' }): Promise<TicketPage> {
      if (!can(actor, 'ticket.list')) throw forbidden(refusalReason(actor, 'ticket.list'));
      const now = service(strapi, 'clock').now();
      const byDue = input.sort === 'due';
      const filters: ListFilters = {
        ...(await this.filtersFor(actor, input, { now })),
        limit: input.limit,
        oldestFirst: input.order === 'oldest',
        sortBy: byDue ? 'due' : 'activity',
      };
      if (input.q) {
        filters.q = input.q;
        if (await isCommonTerm(strapi, input.q)) filters.qIsCommon = true;
      }
      if (input.cursor) filters.after = decodeCursor(input.cursor, byDue);

      const rows = await runSql<TicketSummaryRow>(strapi, (knex) => buildTicketListQuery(knex, ticketTables(strapi), actor, filters));
      const page = rows.slice(0, input.limit);
      const last = page[page.length - 1];
      const next_cursor =
        rows.length > input.limit && last ? encodeCursor(byDue ? last.sla_due_at : last.last_activity_at, last.id, byDue) : null;
      const tickets = page.map((row) => summaryFromJoinedRow(row, now));
      return { tickets, next_cursor };
    },

    async get(actor: Actor, ticketId: string): Promise<TicketDetail> {
      let row = await this.authorize(actor, 'ticket.read', ticketId, ['description']);
      // A breach that came due since the last sweep is on record before the history is read.
      if (await service(strapi, 'service-levels').recordBreachesOf(row)) row = (await loadRow(ticketId, ['description'])) ?? row;
      return service(strapi, 'ticket-details').detail(actor, row, await statuses());
    },

    /** A new ticket, with any files sent with its description (checked before anything is stored). */
    async create(
      actor: Actor,
      input: CreateTicketInput,
      options: { idempotencyKey?: string; files?: readonly IncomingFile[] } = {},
    ): Promise<TicketDetail> {
      if (!can(actor, 'ticket.create')) await refuse(actor, 'ticket.create', null, forbidden(refusalReason(actor, 'ticket.create')));
      const files = await service(strapi, 'attachments').prepare(options.files ?? []);
      const asked = files.length > 0 ? { ...input, files: files.map((f) => ({ name: f.name, sha256: f.sha256 })) } : input;
      const request = { action: 'ticket.create', ticketId: null, key: options.idempotencyKey, input: asked } as const;
      return withFileStash(strapi, (stash) => service(strapi, 'idempotency').once(actor, request, async () => {
        const category = (await strapi.db.query(UID.category).findOne({
          where: { documentId: input.category_id },
          select: ['id', 'documentId', 'name'],
          populate: { default_group: { select: ['id'] } },
        })) as (NamedRow & { default_group?: { id: number } | null }) | null;
        const type = input.type_id
          ? await strapi.db.query(UID.type).findOne({ where: { documentId: input.type_id }, select: ['id'] })
          : null;
        const item = input.item_id
          ? ((await strapi.db.query(UID.item).findOne({
              where: { documentId: input.item_id },
              select: ['id'],
              populate: { category: { select: ['id'] } },
            })) as { id: number; category?: { id: number } | null } | null)
          : null;
        const problems = [];
        if (!category) problems.push({ field: 'category_id', rule: 'exists', message: 'no category has this id; see list_categories' });
        if (input.type_id && !type) problems.push({ field: 'type_id', rule: 'exists', message: 'no type has this id; see list_types' });
        if (input.item_id && !item) problems.push({ field: 'item_id', rule: 'exists', message: 'no item has this id; see list_categories' });
        if (item && category && item.category?.id !== category.id) {
          problems.push({ field: 'item_id', rule: 'belongs_to_category', message: 'this item belongs to another category' });
        }
        if (problems.length > 0) throw invalid(problems);

        const all = await statuses();
        const initial = all.find((s) => s.is_default) ?? all.find((s) => s.kind === 'new') ?? all[0];
        if (!initial) throw invalid([{ field: 'status', rule: 'configured', message: 'the help desk has no statuses; an admin must add one' }]);
        const now = service(strapi, 'clock').now();
        const clocks = await service(strapi, 'service-levels').started(input.priority, now);

        const created = (await helpdeskTransaction(strapi, async () => {
          const row = (await strapi.db.query(UID.ticket).create({
            data: {
              subject: input.subject,
              description: input.description,
              priority: input.priority,
              ticket_status: initial.id,
              category: category?.id,
              type: (type as { id: number } | null)?.id ?? null,
              item: item?.id ?? null,
              submitter: actor.internalId,
              group: category?.default_group?.id ?? null,
              last_activity_at: now,
              publishedAt: now,
              ...clocks,
            },
            select: ['id', 'documentId'],
          })) as { id: number; documentId: string };
          await audit().record(actor, {
            action: 'ticket.create',
            outcome: 'allowed',
            ticketId: row.documentId,
            details: { to: initial.name },
          });
          await service(strapi, 'attachments').attach(actor, { ticket: row, reply: null, isInternal: false }, files, stash);
          return row;
        })) as { documentId: string };
        return this.get(actor, created.documentId);
      }));
    },

    async changeStatus(actor: Actor, ticketId: string, input: StatusChangeInput): Promise<TicketSummary> {
      const ticket = await this.authorize(actor, 'ticket.status', ticketId);
      const all = await statuses();
      const target = all.find((s) => s.documentId === input.status_id);
      if (!target) {
        throw invalid([{ field: 'status_id', rule: 'exists', message: 'no status has this id; see list_statuses' }]);
      }
      return helpdeskTransaction(strapi, async ({ trx }) => {
        // `from` is the status as the previous change left it, so the history is one chain.
        const [row] = (await this.lockForChange(actor, 'ticket.status', trx, ticket)) as [TicketRow];
        const from = row.ticket_status;
        const now = service(strapi, 'clock').now();
        if (from?.id === target.id) return toSummary(row, now);
        const clocks = await service(strapi, 'service-levels').afterStatus(row, target.kind, now);
        const resolvedAt = target.kind === 'resolved' ? (from?.kind === 'resolved' && row.resolved_at ? row.resolved_at : now) : null;
        await strapi.db.query(UID.ticket).update({
          where: { id: row.id },
          data: { ticket_status: target.id, resolved_at: resolvedAt, last_activity_at: now, ...clocks },
        });
        await audit().record(actor, {
          action: 'ticket.status',
          outcome: 'allowed',
          ticketId,
          details: { from: from?.name ?? null, to: target.name },
        });
        return toSummary({ ...row, ticket_status: target, resolved_at: resolvedAt, last_activity_at: now, updatedAt: now, sla: slaTimesOf(clocks) }, now);
      });
    },

    /** Links (or unlinks) two tickets both ways, so each shows the other. Both must be in the actor's scope. */
    async link(actor: Actor, ticketId: string, otherTicketId: string, options: { unlink?: boolean } = {}): Promise<TicketDetail> {
      const action = 'ticket.link';
      const row = await this.authorize(actor, action, ticketId);
      if (otherTicketId === ticketId) {
        throw invalid([{ field: 'other_ticket_id', rule: 'different', message: 'a ticket cannot be linked to itself' }]);
      }
      const other = await this.authorize(actor, action, otherTicketId);
      const t = ticketTables(strapi).linked;
      await helpdeskTransaction(strapi, async ({ trx }) => {
        // Two links of the same pair at once would both find no link and both insert one.
        await this.lockForChange(actor, action, trx, row, other);
        for (const [a, b] of [[row.id, other.id], [other.id, row.id]] as const) {
          const existing = await trx(t.table).where({ [t.ticket]: a, [t.other]: b }).first();
          if (options.unlink && existing) await trx(t.table).where({ [t.ticket]: a, [t.other]: b }).delete();
          if (!options.unlink && !existing) await trx(t.table).insert({ [t.ticket]: a, [t.other]: b, ticket_ord: 1 });
        }
        const now = service(strapi, 'clock').now();
        await strapi.db.query(UID.ticket).updateMany({ where: { id: { $in: [row.id, other.id] } }, data: { last_activity_at: now } });
        for (const [id, otherId] of [[ticketId, otherTicketId], [otherTicketId, ticketId]] as const) {
          await audit().record(actor, {
            action: options.unlink ? 'ticket.unlink' : 'ticket.link',
            outcome: 'allowed',
            ticketId: id,
            details: { other: otherId },
          });
        }
      });
      return this.get(actor, ticketId);
    },

  };
};
