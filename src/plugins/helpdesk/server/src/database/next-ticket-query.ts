import type { Knex } from 'knex';
import type { Actor } from '../auth/actor';
import { applyTicketScope, existsInLink, inLink } from '../authz/scope';
import type { TicketTables } from './ticket-tables';

/** Critical first: the tie-break after the due time. */
const PRIORITY_RANK = `CASE ??.?? WHEN 'Critical' THEN 0 WHEN 'High' THEN 1 WHEN 'Medium' THEN 2 ELSE 3 END`;

/**
 * The candidates of next_ticket: in the actor's scope, in one of `statusIds`, and assigned to nobody or to the actor
 * (a colleague's ticket is theirs to take, not the caller's).
 */
const candidates = (knex: Knex, tables: TicketTables, actor: Actor, statusIds: number[], columns: string[]): Knex.QueryBuilder => {
  const t = tables.tickets;
  return applyTicketScope(knex(t).select(columns.map((c) => `${t}.${c}`)), knex, tables, actor)
    .whereExists(existsInLink(knex, t, tables.status, statusIds))
    .where((mine) => mine.whereNotExists(existsInLink(knex, t, tables.assignee)).orWhereIn(`${t}.id`, inLink(knex, tables.assignee, actor.internalId)));
};

/**
 * The ticket with a running clock to take first: nearest due time first, so the most overdue breach leads, then
 * priority, then age. Walks the (sla_due_at, id) index, which holds only tickets whose clocks run.
 */
export const buildNextDueQuery = (knex: Knex, tables: TicketTables, actor: Actor, statusIds: number[]): Knex.QueryBuilder => {
  const t = tables.tickets;
  return candidates(knex, tables, actor, statusIds, ['id', 'sla_due_at', 'last_activity_at'])
    .whereNotNull(`${t}.sla_due_at`)
    .orderBy([{ column: `${t}.sla_due_at`, order: 'asc' }])
    .orderByRaw(PRIORITY_RANK, [t, 'priority'])
    .orderBy([{ column: `${t}.created_at`, order: 'asc' }, { column: `${t}.id`, order: 'asc' }])
    .limit(1);
};

/** Without a running clock (tickets opened before service levels existed): the highest priority, then the oldest. */
export const buildNextUnclockedQuery = (knex: Knex, tables: TicketTables, actor: Actor, statusIds: number[]): Knex.QueryBuilder => {
  const t = tables.tickets;
  return candidates(knex, tables, actor, statusIds, ['id', 'sla_due_at', 'last_activity_at'])
    .whereNull(`${t}.sla_due_at`)
    .orderByRaw(PRIORITY_RANK, [t, 'priority'])
    .orderBy([{ column: `${t}.id`, order: 'asc' }])
    .limit(1);
};
