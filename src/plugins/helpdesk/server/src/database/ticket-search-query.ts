import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { Actor } from '../auth/actor';
import { applyTicketFilters, type TicketFilters } from './ticket-list-query';
import { driverOf, runSql } from './run-sql';
import type { TicketTables } from './ticket-tables';
import { REPLY_WORDS_TABLE, TICKET_WORDS_TABLE } from './ticket-word-index';

/**
 * The ranked search (search_tickets) as SQL on the word index of ticket-word-index.ts.
 *
 * Every hit is one part of a ticket that holds all the terms: its subject alone, its subject and description
 * together, or one reply (one internal note, when `notes` is set: never for users). A search reads the newest
 * `ranked` matching tickets and the newest `ranked` matching replies in the caller's scope and list
 * filters (the list's own applyTicketFilters), each with its relevance, and services/search.ts ranks those. Ranking
 * every match first would cost in proportion to the matches: about a second per request at 100k tickets for two
 * words in one text in ten. Bounded so, a common word costs what a rare one does, and the newest work, which a help
 * desk looks for most, is never the part left out; a search with more matches says so.
 *
 * Relevance r is -bm25 on SQLite (the subject weighed above the description) and ts_rank on PostgreSQL. Both walk
 * their matches newest first and stop at the bound: SQLite in the FTS5 table's rowid order (the ticket's or the
 * reply's row id), PostgreSQL in the word tables' primary keys, or from the GIN index when the terms are rare.
 */

export type MatchedPart = 'subject' | 'description' | 'reply' | 'note';

export interface SearchFilters extends TicketFilters {
  /** Each term a phrase of words (validation/search.ts searchTerms); all must be found in one part. */
  terms: string[][];
  /** Whether internal notes are searched (staff and admins). */
  notes: boolean;
  /** Config of the PostgreSQL index (ticket-word-index.ts pgWordsConfig). */
  pgConfig: string;
  /** How many of the newest matches of each kind (a ticket's own text, a reply) are ranked: searchRankedMatches. */
  ranked: number;
}

/** A ticket whose subject and description together hold every term; in_subject when its subject alone does. */
export interface TicketMatchRow {
  ticket_id: number;
  last_activity_at: unknown;
  r: number;
  in_subject: number | boolean;
}

type TicketMatchQueryRow = Omit<TicketMatchRow, 'in_subject'> & { in_subject?: number | boolean };

export interface ReplyMatchRow {
  ticket_id: number;
  reply_id: number;
  internal: number | boolean;
  last_activity_at: unknown;
  r: number;
}

/** FTS5: each term one quoted phrase (words hold no quote), all of them required. */
export const ftsQuery = (terms: string[][]): string => terms.map((words) => `"${words.join(' ')}"`).join(' AND ');
/** tsquery: each term its words joined by <-> (followed by), all of them required; words hold no quote or operator. */
export const tsQuery = (terms: string[][]): string => terms.map((words) => `(${words.map((w) => `'${w}'`).join(' <-> ')})`).join(' & ');

/**
 * The tsquery written out where it is used (not a bound parameter): a constant the planner can hand to the GIN index
 * and weigh against walking the primary key. The terms are letters and digits only (validation/search.ts), and
 * quotes are doubled all the same.
 */
const pgQuery = (filters: SearchFilters): string =>
  `to_tsquery('${filters.pgConfig}'::regconfig, '${tsQuery(filters.terms).replace(/'/g, "''")}')`;

/**
 * The newest `ranked` + 1 tickets (one more, to tell whether there were more) whose own text matches. PostgreSQL
 * tells whether the subject alone matches in the same row; SQLite leaves that to readTicketMatches.
 */
export const buildTicketMatchesQuery = (knex: Knex, tables: TicketTables, actor: Actor, filters: SearchFilters, { walk = true } = {}): Knex.QueryBuilder => {
  const t = tables.tickets;
  const tw = TICKET_WORDS_TABLE;
  let query: Knex.QueryBuilder;
  if (driverOf(knex) === 'pg') {
    const q = pgQuery(filters);
    query = knex(tw)
      .join(t, `${t}.id`, `${tw}.ticket_id`)
      .select(`${tw}.ticket_id`, `${t}.last_activity_at`, knex.raw(`ts_rank(${tw}.document, ${q})::float8 AS r`), knex.raw(`(${tw}.subject @@ ${q}) AS in_subject`))
      .whereRaw(`${tw}.document @@ ${q}`);
    // `+ 0`: no index gives that order, so the planner reads the matches from the GIN index and sorts them.
    if (walk) query.orderBy(`${tw}.ticket_id`, 'desc');
    else query.orderByRaw(`${tw}.ticket_id + 0 DESC`);
  } else {
    const match = ftsQuery(filters.terms);
    // CROSS JOIN keeps the index the outer loop, so its rowid order is the walk and bm25 runs for the rows kept only.
    query = knex
      .from(knex.raw(`${tw} CROSS JOIN ??`, [t]))
      .select(knex.raw(`${tw}.rowid AS ticket_id`), `${t}.last_activity_at`, knex.raw(`-bm25(${tw}, 4.0, 1.0) AS r`))
      .whereRaw(`${tw} MATCH ?`, [match])
      .whereRaw(`?? = ${tw}.rowid`, [`${t}.id`])
      .orderByRaw(`${tw}.rowid DESC`);
  }
  applyTicketFilters(query, knex, tables, actor, filters);
  return query.limit(filters.ranked + 1);
};

/**
 * PostgreSQL: walk the word table newest first (stopping at the bound) only when matches are dense enough to reach it
 * soon; otherwise read every match from the GIN index and sort them. Asked of the planner's own estimate of the
 * matches (its statistics of the vectors), against the table's size. The walk for a word in 1.6% of 100k tickets,
 * for a staff member who sees one ticket in ten, read the whole table (290 ms); the GIN index reads its 1,500
 * matches. A walk pays when the ranked matches in scope come before about as many rows as the index would return:
 * with a scope of one ticket in ten, when matches² ≥ 10 × ranked × rows.
 */
const walksOnPostgres = async (strapi: Core.Strapi, table: string, filters: SearchFilters): Promise<boolean> => {
  const knex = strapi.db.connection;
  if (driverOf(knex) !== 'pg') return true;
  const plan = (await knex.raw(`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${table} WHERE document @@ ${pgQuery(filters)}`)) as {
    rows: Array<{ 'QUERY PLAN': Array<{ Plan: { 'Plan Rows': number } }> }>;
  };
  const size = (await knex.raw('SELECT greatest(reltuples, 1) AS n FROM pg_class WHERE relname = ?', [table])) as { rows: Array<{ n: number | string }> };
  const matches = Number(plan.rows[0]?.['QUERY PLAN'][0]?.Plan['Plan Rows'] ?? 0);
  const rows = Number(size.rows[0]?.n ?? 1);
  return matches * matches >= 10 * filters.ranked * rows;
};

/** The reply matches (see buildReplyMatchesQuery), walked or read from the index as walksOnPostgres decides. */
export const readReplyMatches = async (strapi: Core.Strapi, tables: TicketTables, actor: Actor, filters: SearchFilters): Promise<ReplyMatchRow[]> => {
  const walk = await walksOnPostgres(strapi, REPLY_WORDS_TABLE, filters);
  return runSql<ReplyMatchRow>(strapi, (knex) => buildReplyMatchesQuery(knex, tables, actor, filters, { walk }));
};

/**
 * The ticket matches, each with whether its subject alone holds every term. SQLite answers that in one more MATCH
 * over the matches' row-id range: a probe per row would run the full-text query a thousand times (40 ms against
 * 0.4 ms for two common words at 10k tickets).
 */
export const readTicketMatches = async (strapi: Core.Strapi, tables: TicketTables, actor: Actor, filters: SearchFilters): Promise<TicketMatchRow[]> => {
  const walk = await walksOnPostgres(strapi, TICKET_WORDS_TABLE, filters);
  const rows = await runSql<TicketMatchQueryRow>(strapi, (knex) => buildTicketMatchesQuery(knex, tables, actor, filters, { walk }));
  if (driverOf(strapi.db.connection) === 'pg' || rows.length === 0) return rows as TicketMatchRow[];
  const ids = rows.map((r) => Number(r.ticket_id));
  const tw = TICKET_WORDS_TABLE;
  const inSubject = await runSql<{ id: number }>(strapi, (knex) =>
    knex(tw)
      .select(knex.raw('rowid AS id'))
      .whereRaw(`${tw} MATCH ?`, [`subject : (${ftsQuery(filters.terms)})`])
      .whereRaw('rowid BETWEEN ? AND ?', [Math.min(...ids), Math.max(...ids)]),
  );
  const subjects = new Set(inSubject.map((r) => Number(r.id)));
  return rows.map((r) => ({ ...r, in_subject: subjects.has(Number(r.ticket_id)) }));
};

/** The newest `ranked` + 1 replies (notes too when `notes` is set) that match, on tickets in scope. */
export const buildReplyMatchesQuery = (knex: Knex, tables: TicketTables, actor: Actor, filters: SearchFilters, { walk = true } = {}): Knex.QueryBuilder => {
  const t = tables.tickets;
  const rw = REPLY_WORDS_TABLE;
  let query: Knex.QueryBuilder;
  if (driverOf(knex) === 'pg') {
    const q = pgQuery(filters);
    query = knex(rw)
      .join(t, `${t}.id`, `${rw}.ticket_id`)
      .select(`${rw}.ticket_id`, `${rw}.reply_id`, `${rw}.internal`, `${t}.last_activity_at`, knex.raw(`ts_rank(${rw}.document, ${q})::float8 AS r`))
      .whereRaw(`${rw}.document @@ ${q}`);
    if (walk) query.orderBy(`${rw}.reply_id`, 'desc');
    else query.orderByRaw(`${rw}.reply_id + 0 DESC`);
    if (!filters.notes) query.where(`${rw}.internal`, false);
  } else {
    query = knex
      .from(knex.raw(`${rw} CROSS JOIN ??`, [t]))
      .select(knex.raw(`${rw}.ticket_id AS ticket_id`), knex.raw(`${rw}.rowid AS reply_id`), knex.raw(`${rw}.internal AS internal`), `${t}.last_activity_at`, knex.raw(`-bm25(${rw}) AS r`))
      .whereRaw(`${rw} MATCH ?`, [ftsQuery(filters.terms)])
      .whereRaw(`?? = ${rw}.ticket_id`, [`${t}.id`])
      .orderByRaw(`${rw}.rowid DESC`);
    if (!filters.notes) query.whereRaw(`${rw}.internal = 0`);
  }
  applyTicketFilters(query, knex, tables, actor, filters);
  return query.limit(filters.ranked + 1);
};

export interface SnippetRow {
  id: number;
  subject?: string | null;
  description?: string | null;
  body?: string | null;
}

const SNIPPET_TOKENS = 24;
const PG_HEADLINE = `MaxWords=${SNIPPET_TOKENS}, MinWords=8, MaxFragments=1, FragmentDelimiter=" … ", StartSel="", StopSel=""`;

/**
 * The text around the match in each hit's part, for the page's hits only: `ids` are ticket row ids (part `ticket`)
 * or reply row ids (part `reply`). SQLite: snippet() on the index's own copy of the text; PostgreSQL: ts_headline.
 */
export const buildSnippetQuery = (knex: Knex, tables: TicketTables, filters: SearchFilters, part: 'ticket' | 'reply', ids: number[]): Knex.QueryBuilder => {
  if (driverOf(knex) === 'pg') {
    const query = `to_tsquery('${filters.pgConfig}'::regconfig, ?)`;
    const text = tsQuery(filters.terms);
    const headline = (column: string) => knex.raw(`ts_headline('${filters.pgConfig}'::regconfig, coalesce(??, ''), ${query}, ?) AS ??`, [column, text, PG_HEADLINE, column.split('.')[1]]);
    if (part === 'ticket') {
      return knex(`${tables.tickets} as tk`).select('tk.id', headline('tk.subject'), headline('tk.description')).whereIn('tk.id', ids);
    }
    return knex(`${tables.replies} as r`).select('r.id', headline('r.body')).whereIn('r.id', ids);
  }
  const match = ftsQuery(filters.terms);
  const snippet = (table: string, column: number, as: string) => knex.raw(`snippet(??, ${column}, '', '', '…', ${SNIPPET_TOKENS}) AS ??`, [table, as]);
  const table = part === 'ticket' ? TICKET_WORDS_TABLE : REPLY_WORDS_TABLE;
  const columns = part === 'ticket' ? [snippet(table, 0, 'subject'), snippet(table, 1, 'description')] : [snippet(table, 0, 'body')];
  return knex(table)
    .select(knex.raw('rowid AS id'), ...columns)
    .whereRaw('?? MATCH ?', [table, match])
    .whereIn('rowid', ids);
};
