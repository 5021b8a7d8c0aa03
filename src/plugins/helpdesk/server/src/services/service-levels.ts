import type { Core } from '@strapi/strapi';
import type { Actor } from '../auth/actor';
import { can, refusalReason } from '../authz/rules';
import { forbidden } from '../errors';
import { buildNextDueQuery, buildNextUnclockedQuery } from '../database/next-ticket-query';
import { runSql } from '../database/run-sql';
import { describeFault, isDatabaseUnavailable } from '../database/unavailable';
import { selectTicketRows, type TicketSummaryRow } from '../database/ticket-list-query';
import { lockTickets } from '../database/ticket-reads';
import { ticketTables } from '../database/ticket-tables';
import { counterFor } from '../service-levels/business-time';
import {
  afterFirstResponse,
  afterStatusChange,
  indexedOf,
  startClocks,
  unrecordedBreaches,
  SLA_TIME_COLUMNS,
  type SlaIndexed,
  type SlaTimes,
} from '../service-levels/clocks';
import type { Priority, ServiceLevels } from '../service-levels/policy';
import { helpdeskTransaction } from '../write-path/permit';
import { service } from './registry';
import { rowFromJoined, slaTimesOf, toSummary, type TicketRow } from './ticket-rows';
import type { NextTicket, StatusRef } from './views';
import { reasonFor } from '../service-levels/view';

/** The columns a change writes: the clocks and what the lists filter and sort on, always together. */
export type SlaColumns = SlaTimes & SlaIndexed;
export const columnsOf = (times: SlaTimes): SlaColumns => ({ ...times, ...indexedOf(times) });

const SWEEP_EVERY_MS = 60_000;
const SWEEP_BATCH = 200;

/**
 * Service levels (issue 16): the clocks stored on each ticket, moved in the transaction of the change that moves
 * them (creation, status change, first public staff reply), and the breach events. Due times are a promise made
 * when the ticket opened: changing the policy applies to tickets opened afterwards and leaves open tickets' due
 * times as they are (resuming a paused clock counts with the policy's current business hours).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const clock = () => service(strapi, 'clock');
  let timer: NodeJS.Timeout | null = null;
  let sweeping: Promise<number> | null = null;

  const policy = async (): Promise<ServiceLevels> => (await service(strapi, 'settings').get()).serviceLevels;

  /** Records one ticket's breaches once: under the ticket's lock, each by a conditional UPDATE of its *_recorded_at. */
  const recordFor = (rowId: number, now: Date): Promise<number> =>
    helpdeskTransaction(strapi, async ({ trx }) => {
      const t = ticketTables(strapi).tickets;
      await lockTickets(strapi, trx, [rowId]);
      const row = (await trx(t).where('id', rowId).first('document_id', 'priority', ...SLA_TIME_COLUMNS)) as Record<string, unknown> | undefined;
      if (!row) return 0;
      const times = slaTimesOf(row);
      let recorded = 0;
      for (const which of unrecordedBreaches(times, now)) {
        const column = `${which}_breach_recorded_at` as const;
        // Another instance's sweep (or a read) may have got here first: only the one whose UPDATE matched records.
        const changed = await trx(t).where('id', rowId).whereNull(column).update({ [column]: now });
        times[column] = now;
        if (changed !== 1) continue;
        recorded += 1;
        const due = which === 'first_response' ? times.first_response_due_at : times.resolution_due_at;
        await service(strapi, 'audit').record(null, {
          action: 'ticket.sla_breach',
          outcome: 'allowed',
          ticketId: row.document_id as string,
          actorName: 'service levels',
          details: { clock: which, due_at: due?.toISOString() ?? null, priority: row.priority as string },
        });
      }
      await trx(t).where('id', rowId).update(indexedOf(times));
      return recorded;
    });

  return {
    policy,

    /** The clocks of a ticket opened now. */
    async started(priority: Priority, now: Date): Promise<SlaColumns> {
      const levels = await policy();
      return columnsOf(startClocks(levels, counterFor(levels), priority, now));
    },

    /** The clocks after a status change to a status of kind `to` (Waiting on Customer pauses, resolved stops). */
    async afterStatus(row: TicketRow, to: StatusRef['kind'], now: Date): Promise<SlaColumns> {
      return columnsOf(afterStatusChange(row.sla, to, now, counterFor(await policy())));
    },

    /**
     * The clocks after a reply, or null when it changes nothing: only a public reply by staff or an admin who did
     * not submit the ticket answers it. A note, or the submitter's own reply, is not a first response.
     */
    afterReply(actor: Actor, row: TicketRow, isInternal: boolean, now: Date): SlaColumns | null {
      if (isInternal || actor.role === 'user' || row.submitter?.id === actor.internalId) return null;
      if (row.sla.first_responded_at !== null) return null;
      return columnsOf(afterFirstResponse(row.sla, now));
    },

    /**
     * Records every breach due by now that is not on record, at most a batch of tickets per call (the next sweep
     * takes the rest). `ticketRowIds` limits it to the tickets being read. Several instances may sweep at once:
     * each breach is recorded exactly once.
     */
    async recordBreaches(options: { ticketRowIds?: number[] } = {}): Promise<number> {
      const now = clock().now();
      const t = ticketTables(strapi).tickets;
      const query = strapi.db.connection(t).select('id').where('sla_breach_check_at', '<=', now).orderBy('sla_breach_check_at').limit(SWEEP_BATCH);
      if (options.ticketRowIds) query.whereIn('id', options.ticketRowIds);
      const due = (await query) as Array<{ id: number }>;
      let recorded = 0;
      for (const { id } of due) recorded += await recordFor(Number(id), now);
      return recorded;
    },

    /**
     * A read of one ticket records its breaches first, so its history is up to date whatever the sweep's timing. A
     * database too busy for the write (another SQLite process holding the lock) leaves it to the sweep: the read is
     * still answered.
     */
    async recordBreachesOf(row: TicketRow): Promise<boolean> {
      const check = indexedOf(row.sla).sla_breach_check_at;
      if (!check || check.getTime() > clock().now().getTime()) return false;
      try {
        return (await this.recordBreaches({ ticketRowIds: [row.id] })) > 0;
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        strapi.log.warn(`helpdesk: breach of ticket ${row.documentId} left to the sweep: ${describeFault(error)}`);
        return false;
      }
    },

    /**
     * next_ticket: the one ticket in the caller's scope, unassigned or assigned to them, to take now. Breached first
     * (the longest overdue leads), then the nearest due time, then priority, then age; Waiting on Customer only
     * while a clock still runs on it. Tickets without a running clock come after every clocked one.
     */
    async next(actor: Actor): Promise<NextTicket> {
      if (!can(actor, 'ticket.next')) throw forbidden(refusalReason(actor, 'ticket.next'));
      const statuses = await service(strapi, 'tickets').statuses();
      const idsOf = (kinds: string[]) => statuses.filter((s) => kinds.includes(s.kind)).map((s) => s.id);
      const tables = ticketTables(strapi);
      const read = (page: 'due' | 'unclocked') =>
        runSql<TicketSummaryRow>(strapi, (knex) =>
          selectTicketRows(
            knex,
            tables,
            page === 'due'
              ? buildNextDueQuery(knex, tables, actor, idsOf(['new', 'open', 'pending']))
              : buildNextUnclockedQuery(knex, tables, actor, idsOf(['new', 'open'])),
          ),
        );
      const found = (await read('due'))[0] ?? (await read('unclocked'))[0];
      const now = clock().now();
      if (!found) return { ticket: null, reason: 'Nothing to take: no open ticket you can see is unassigned or assigned to you.' };
      const row = rowFromJoined(found);
      return { ticket: toSummary(row, now), reason: reasonFor(row.sla, row.priority, now) };
    },

    /** The sweep, every minute; one at a time on this instance. */
    start(): void {
      if (timer) return;
      timer = setInterval(() => void this.sweep(), SWEEP_EVERY_MS);
      timer.unref();
    },

    async sweep(): Promise<number> {
      if (sweeping) return sweeping;
      sweeping = this.recordBreaches()
        .catch((error: unknown) => {
          strapi.log.warn(`helpdesk: service-level breach sweep failed: ${error instanceof Error ? error.name : String(error)}`);
          return 0;
        })
        .finally(() => {
          sweeping = null;
        });
      return sweeping;
    },

    /** Stops the sweep and waits for one in flight, before the database closes. */
    async close(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await sweeping;
    },
  };
};
