import type { Knex } from 'knex';
import type { Actor } from '../auth/actor';
import { applyTicketFilters, type TicketFilters } from './ticket-list-query';
import { driverOf } from './run-sql';
import type { TicketTables } from './ticket-tables';
import { REPLY_WORDS_TABLE, TICKET_WORDS_TABLE } from './ticket-word-index';

/**
 * The ranked search (search_tickets) as SQL on the word index of ticket-word-index.ts.
 *
 * Every hit is one part of a ticket that holds all the terms: its subject alone, its subject and description
 * together, or one reply (one internal note, when `notes` is set: never for users). A ticket's score is its best
 * part's: the part's tier (subject 3, description 2, reply or note 1) plus its relevance r folded into [0, 1) as
 * r / (1 + r), r being -bm25 on SQLite and ts_rank on PostgreSQL. So a subject match always ranks above a match in
 * the description, which ranks above one in the thread, and the text's relevance orders each tier; recency (then
 * the row id) breaks ties. The scope and the list filters come from applyTicketFilters, the list's own.
 */

export type MatchedPart = 'subject' | 'description' | 'reply' | 'note';

export interface SearchFilters extends TicketFilters {
  /** Each term a phrase of words (validation/search.ts searchTerms); all must be found in one part. */
  terms: string[][];
  /** Whether internal notes are searched (staff and admins). */
  notes: boolean;
  /** Config of the PostgreSQL index (ticket-word-index.ts pgWordsConfig). */
  pgConfig: string;
  after?: { score: number; activity: Date; id: number };
  limit: number;
}

export interface SearchHitRow {
  ticket_id: number;
  reply_id: number | null;
  score: number;
  part: MatchedPart;
  last_activity_at: unknown;
}

/** FTS5: each term one quoted phrase (words hold no quote), all of them required. */
export const ftsQuery = (terms: string[][]): string => terms.map((words) => `"${words.join(' ')}"`).join(' AND ');
/** tsquery: each term its words joined by <-> (followed by), all of them required; words hold no quote or operator. */
export const tsQuery = (terms: string[][]): string => terms.map((words) => `(${words.map((w) => `'${w}'`).join(' <-> ')})`).join(' & ');

const folded = (r: string): string => `(${r}) / (1.0 + (${r}))`;

type Sql = [sql: string, bindings: Knex.RawBinding[]];

const sqliteHits = (filters: SearchFilters): Sql => {
  const match = ftsQuery(filters.terms);
  const tw = TICKET_WORDS_TABLE;
  const rw = REPLY_WORDS_TABLE;
  // SQLite takes the other columns of a max() row from that very row. The IN list of subject matches is made once.
  // bm25 weighs the subject above the description within the ticket's own row.
  return [
    `SELECT ticket_id, reply_id, max(score) AS score, part FROM (
       SELECT ticket_id, NULL AS reply_id, tier + ${folded('r')} AS score, CASE tier WHEN 3 THEN 'subject' ELSE 'description' END AS part
         FROM (SELECT rowid AS ticket_id, -bm25(${tw}, 4.0, 1.0) AS r,
                      CASE WHEN rowid IN (SELECT rowid FROM ${tw} WHERE ${tw} MATCH ?) THEN 3 ELSE 2 END AS tier
                 FROM ${tw} WHERE ${tw} MATCH ?)
       UNION ALL
       SELECT ticket_id, reply_id, 1 + ${folded('r')}, CASE WHEN internal THEN 'note' ELSE 'reply' END
         FROM (SELECT ticket_id, rowid AS reply_id, internal, -bm25(${rw}) AS r FROM ${rw} WHERE ${rw} MATCH ?${filters.notes ? '' : ' AND internal = 0'})
     ) GROUP BY ticket_id`,
    [`subject : (${match})`, match, match],
  ];
};

const pgHits = (filters: SearchFilters): Sql => {
  // The tsquery written out where it is used (not joined in as a row): a constant the planner can hand to the GIN
  // index. The terms are letters and digits only (validation/search.ts), and quotes are doubled all the same.
  const q = `to_tsquery('${filters.pgConfig}'::regconfig, '${tsQuery(filters.terms).replace(/'/g, "''")}')`;
  const tw = TICKET_WORDS_TABLE;
  const rw = REPLY_WORDS_TABLE;
  return [
    `SELECT DISTINCT ON (ticket_id) ticket_id, reply_id, score, part FROM (
       SELECT ticket_id, NULL::integer AS reply_id, (tier + ${folded('r')})::float8 AS score,
              CASE tier WHEN 3 THEN 'subject' ELSE 'description' END AS part
         FROM (SELECT ticket_id, ts_rank(document, ${q})::float8 AS r, CASE WHEN subject @@ ${q} THEN 3 ELSE 2 END AS tier
                 FROM ${tw} WHERE document @@ ${q}) AS ticket_hits
       UNION ALL
       SELECT ticket_id, reply_id, (1 + ${folded('r')})::float8, CASE WHEN internal THEN 'note' ELSE 'reply' END
         FROM (SELECT ticket_id, reply_id, internal, ts_rank(document, ${q})::float8 AS r
                 FROM ${rw} WHERE document @@ ${q}${filters.notes ? '' : ' AND NOT internal'}) AS reply_hits
     ) AS hits ORDER BY ticket_id, score DESC, reply_id`,
    [],
  ];
};

/** One page of hits (limit + 1 rows, to tell whether there is another), best first, in the caller's scope. */
export const buildSearchPageQuery = (knex: Knex, tables: TicketTables, actor: Actor, filters: SearchFilters): Knex.QueryBuilder => {
  const t = tables.tickets;
  const [hits, bindings] = driverOf(knex) === 'pg' ? pgHits(filters) : sqliteHits(filters);
  const query = knex(t)
    .join(knex.raw(`(${hits}) AS h`, bindings), 'h.ticket_id', `${t}.id`)
    .select('h.ticket_id', 'h.reply_id', 'h.score', 'h.part', `${t}.last_activity_at`);
  applyTicketFilters(query, knex, tables, actor, filters);
  if (filters.after) {
    const { score, activity, id } = filters.after;
    query.where((page) => {
      page
        .where('h.score', '<', score)
        .orWhere((tie) => tie.where('h.score', '=', score).andWhere(`${t}.last_activity_at`, '<', activity))
        .orWhere((tie) => tie.where('h.score', '=', score).andWhere(`${t}.last_activity_at`, '=', activity).andWhere(`${t}.id`, '<', id));
    });
  }
  return query
    .orderBy([
      { column: 'h.score', order: 'desc' },
      { column: `${t}.last_activity_at`, order: 'desc' },
      { column: `${t}.id`, order: 'desc' },
    ])
    .limit(filters.limit + 1);
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
