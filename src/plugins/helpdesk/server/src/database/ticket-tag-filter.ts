import type { Core } from '@strapi/strapi';
import { driverOf, runSql } from './run-sql';
import { ticketTables } from './ticket-tables';

/** See tagFilterPlan: the same crossover as a common text term (ticket-text-index.ts isCommonTerm). */
const RARE_FACTOR = 12;
const RARE_MIN = 200;

/**
 * The `tag` filter of the ticket list: tickets carrying all of the given tags (row ids), each a probe of the
 * (tag, ticket) index. On SQLite, which keeps no statistics, the plan is chosen here: when one tag is on few
 * tickets, the page is taken from its tickets (a keyed set, sorted), else the newest tickets are walked and probed,
 * which LIMIT stops early. The two meet near 12·√(tickets) tagged tickets, as for text; each tag's count is taken
 * only up to that bound, from the index, so choosing costs under a millisecond. PostgreSQL's planner knows how many
 * tickets each tag has and chooses by itself.
 */
export const tagFilterPlan = async (strapi: Core.Strapi, tagIds: number[]): Promise<{ ids: number[]; driving?: number }> => {
  if (tagIds.length === 0 || driverOf(strapi.db.connection) !== 'better-sqlite3') return { ids: tagIds };
  const t = ticketTables(strapi);
  const [last] = await runSql<{ id: number | null }>(strapi, (knex) => knex(t.tickets).max({ id: 'id' }));
  const bound = Math.max(RARE_MIN, Math.ceil(RARE_FACTOR * Math.sqrt(last?.id ?? 0)));
  let rarest: { id: number; count: number } | null = null;
  for (const id of tagIds) {
    const [found] = await runSql<{ n: number }>(strapi, (knex) =>
      knex.from(knex(t.tags.table).select(t.tags.ticket).where(t.tags.other, id).limit(bound + 1).as('tagged')).count({ n: '*' }),
    );
    const count = Number(found?.n ?? 0);
    if (!rarest || count < rarest.count) rarest = { id, count };
  }
  return rarest && rarest.count <= bound ? { ids: tagIds, driving: rarest.id } : { ids: tagIds };
};
