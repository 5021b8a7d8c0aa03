import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { driverOf, runSql } from './run-sql';
import { ticketTables } from './ticket-tables';

/**
 * The index behind `q` (text in a ticket's subject or description), kept exact by the database itself in the
 * transaction that writes the text, whoever writes it.
 *
 * SQLite: an FTS5 table with the trigram tokenizer, filled by triggers on the tickets table. It is contentless
 * (`content=''`, `contentless_delete=1`): the text is not stored a second time, and a row is removed by its row id
 * alone. An external-content table would need the old text, exactly as it was indexed, to remove a row; if the two
 * ever disagreed, the index would go wrong silently. Rows are keyed by the ticket's row id.
 *
 * PostgreSQL: pg_trgm GIN indexes on lower(subject) and lower(description), the very expressions the list query
 * matches with LIKE, so the planner can answer `LOWER(subject) LIKE '%term%'` from them, with the meaning it always had.
 */

/** Named with the plugin's prefix, so it stays out of the way of the app's own tables. */
export const TICKET_TEXT_TABLE = 'helpdesk_ticket_text';

/** A trigram index finds terms of three characters or more; shorter ones keep the scan (bounded by the scope). */
const MIN_INDEXED_LENGTH = 3;
/** See isCommonTerm. */
const COMMON_TERM_FACTOR = 12;
const COMMON_TERM_MIN = 200;

const FTS_DEFINITION = `CREATE VIRTUAL TABLE ${TICKET_TEXT_TABLE} USING fts5(subject, description, content='', contentless_delete=1, tokenize='trigram case_sensitive 0')`;

const TRIGGERS = {
  insert: `${TICKET_TEXT_TABLE}_insert`,
  update: `${TICKET_TEXT_TABLE}_update`,
  delete: `${TICKET_TEXT_TABLE}_delete`,
};

const PG_INDEXES: Array<[name: string, column: 'subject' | 'description']> = [
  ['helpdesk_tickets_subject_trgm_idx', 'subject'],
  ['helpdesk_tickets_description_trgm_idx', 'description'],
];

/** `%`, `_` and the escape character itself are matched literally (same ESCAPE on SQLite and PostgreSQL). */
export const likePattern = (text: string): string => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** The whole term as one FTS5 phrase: inside double quotes every character is literal but `"`, written twice. */
const ftsPhrase = (term: string): string => `"${term.replace(/"/g, '""')}"`;

/**
 * `q` as a condition on the tickets table `t`: the literal LIKE of today decides what matches.
 *
 * SQLite: a term of three characters or more, unless it is common (isCommonTerm), is first looked up in the FTS5
 * table as one phrase, and the page is taken from those tickets only (sorted, since they come in no useful order);
 * a shorter or common one stays a filter on the ordered walk, which LIMIT stops early. The trigram index folds case
 * over all of Unicode while SQLite's LOWER and LIKE fold ASCII only, so the candidates are a superset of what LIKE
 * accepts and the LIKE keeps today's meaning exactly (on SQLite "é" does not find "É").
 *
 * PostgreSQL: the LIKE alone. Its trigram indexes are on these very expressions, and the planner, which knows how
 * many tickets a term matches, chooses between them and the ordered walk. Forcing the index (all matches first, then
 * sorted) was slower at 100k tickets for both a rare and a common word (22 and 113 ms against 13 and 25 ms), while
 * the planner took the index by itself for a term that matches nothing (1 ms instead of walking the whole scope).
 */
export const whereTextContains = (
  knex: Knex,
  query: Knex.QueryBuilder,
  t: string,
  q: string,
  options: { commonTerm?: boolean } = {},
): Knex.QueryBuilder => {
  const term = q.toLowerCase();
  if (driverOf(knex) === 'better-sqlite3' && Array.from(term).length >= MIN_INDEXED_LENGTH && !options.commonTerm) {
    query.whereIn(`${t}.id`, knex.from(TICKET_TEXT_TABLE).select('rowid').whereRaw('?? MATCH ?', [TICKET_TEXT_TABLE, ftsPhrase(term)]));
  }
  const pattern = likePattern(q);
  return query.where((text) => {
    text
      .whereRaw(`LOWER(??.??) LIKE ? ESCAPE '\\'`, [t, 'subject', pattern])
      .orWhereRaw(`LOWER(??.??) LIKE ? ESCAPE '\\'`, [t, 'description', pattern]);
  });
};

/**
 * Whether `q` is so common on SQLite that walking the newest tickets finds a page sooner than sorting the index's
 * candidates. The candidates cost about 5 µs each (fetch, scope, LIKE, sort); the walk costs in proportion to how far
 * it goes before a page is full, which is the tickets over the matches. The two meet near 12·√(tickets) candidates:
 * measured at 100k tickets, "kerberos" (1,572 matches) took 8 ms from the index and 45 ms walking, "printer" (14,572)
 * 41 ms from the index and 5 ms walking. Counting up to that bound stops early and costs under a millisecond.
 */
export const isCommonTerm = async (strapi: Core.Strapi, q: string): Promise<boolean> => {
  const term = q.toLowerCase();
  if (driverOf(strapi.db.connection) !== 'better-sqlite3' || Array.from(term).length < MIN_INDEXED_LENGTH) return false;
  const t = ticketTables(strapi).tickets;
  const [last] = await runSql<{ id: number | null }>(strapi, (knex) => knex(t).max({ id: 'id' }));
  const bound = Math.max(COMMON_TERM_MIN, Math.ceil(COMMON_TERM_FACTOR * Math.sqrt(last?.id ?? 0)));
  const [found] = await runSql<{ n: number }>(strapi, (knex) =>
    knex
      .from(knex.from(TICKET_TEXT_TABLE).select('rowid').whereRaw('?? MATCH ?', [TICKET_TEXT_TABLE, ftsPhrase(term)]).limit(bound + 1).as('matches'))
      .count({ n: '*' }),
  );
  return (found?.n ?? 0) > bound;
};

/** Creates what is missing and fills the SQLite index when it is out of step with the tickets; runs at every start. */
export const ensureTicketTextIndex = async (strapi: Core.Strapi): Promise<void> => {
  const knex = strapi.db.connection;
  const driver = driverOf(knex);
  if (driver === 'better-sqlite3') await ensureSqliteIndex(knex, ticketTables(strapi).tickets);
  else if (driver === 'pg') await ensurePostgresIndexes(strapi, knex, ticketTables(strapi).tickets);
};

const ensureSqliteIndex = async (knex: Knex, tickets: string): Promise<void> => {
  const existing = (await knex.raw(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, [TICKET_TEXT_TABLE])) as Array<{ sql: string }>;
  const current = existing[0]?.sql;
  if (current !== undefined && current !== FTS_DEFINITION) {
    // Defined differently by an earlier version (another tokenizer, other columns): built again from the tickets,
    // with its triggers, which name its columns.
    for (const name of Object.values(TRIGGERS)) await knex.raw('DROP TRIGGER IF EXISTS ??', [name]);
    await knex.raw('DROP TABLE ??', [TICKET_TEXT_TABLE]);
  }
  if (current !== FTS_DEFINITION) await knex.raw(FTS_DEFINITION);

  const values = `(new.id, new.subject, new.description)`;
  const into = knex.raw('??(rowid, subject, description)', [TICKET_TEXT_TABLE]).toQuery();
  const remove = knex.raw('DELETE FROM ?? WHERE rowid = old.id', [TICKET_TEXT_TABLE]).toQuery();
  const on = knex.raw('??', [tickets]).toQuery();
  // Updates that leave the text alone (status, assignment, activity) do not touch the index.
  const triggers: Array<[name: string, event: string, body: string]> = [
    [TRIGGERS.insert, 'AFTER INSERT', `INSERT INTO ${into} VALUES ${values};`],
    [TRIGGERS.update, 'AFTER UPDATE OF id, subject, description', `${remove}; INSERT INTO ${into} VALUES ${values};`],
    [TRIGGERS.delete, 'AFTER DELETE', `${remove};`],
  ];
  for (const [name, event, body] of triggers) {
    await knex.raw(`CREATE TRIGGER IF NOT EXISTS ${knex.raw('??', [name]).toQuery()} ${event} ON ${on} BEGIN ${body} END`);
  }

  await knex.transaction(async (trx) => {
    if (await sqliteIndexInStep(trx, tickets)) return;
    await trx.raw(`INSERT INTO ?? (??) VALUES ('delete-all')`, [TICKET_TEXT_TABLE, TICKET_TEXT_TABLE]);
    await trx.raw(`INSERT INTO ${into} SELECT id, subject, description FROM ??`, [tickets]);
  });
};

/**
 * A cheap check that the index holds the tickets that exist: the same number of rows and the same highest row id
 * (the index's document-size table has one row per indexed ticket). It catches a new index, and rows written while
 * the triggers were missing (before this version, or after a table rebuild dropped them); the triggers keep it
 * exact from then on.
 */
const sqliteIndexInStep = async (knex: Knex, tickets: string): Promise<boolean> => {
  const rows = (await knex.raw(
    `SELECT (SELECT count(*) FROM ??) AS tickets, (SELECT max(id) FROM ??) AS last_ticket,
            (SELECT count(*) FROM ??) AS indexed, (SELECT max(id) FROM ??) AS last_indexed`,
    [tickets, tickets, `${TICKET_TEXT_TABLE}_docsize`, `${TICKET_TEXT_TABLE}_docsize`],
  )) as Array<{ tickets: number; last_ticket: number | null; indexed: number; last_indexed: number | null }>;
  return rows.some((r) => r.tickets === r.indexed && r.last_ticket === r.last_indexed);
};

const ensurePostgresIndexes = async (strapi: Core.Strapi, knex: Knex, tickets: string): Promise<void> => {
  try {
    await knex.raw('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    for (const [name, column] of PG_INDEXES) {
      await knex.raw('CREATE INDEX IF NOT EXISTS ?? ON ?? USING gin (lower(??) gin_trgm_ops)', [name, tickets, column]);
    }
  } catch (error) {
    // A role that may not create extensions must still start: `q` then scans, as it did before the index.
    strapi.log.warn(
      `helpdesk: the pg_trgm extension or its indexes could not be created (${(error as Error).message}); text search (q) ` +
        'scans the tickets instead of using an index. A database owner or superuser can run CREATE EXTENSION pg_trgm once; ' +
        'the indexes are made at the next start.',
    );
  }
};
