import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import { driverOf } from './run-sql';
import { ticketTables, type TicketTables } from './ticket-tables';

/**
 * The index behind search_tickets: whole words (case and accents folded) in a ticket's subject and description and
 * in its replies, ranked. It is kept exact by the database itself in the transaction that writes the text, whoever
 * writes it. (`q` is served by ticket-text-index.ts and keeps its literal meaning; this index does not change it.)
 *
 * SQLite: two FTS5 tables with the unicode61 tokenizer (remove_diacritics 2), filled by triggers:
 * - helpdesk_ticket_words, keyed by the ticket's row id, columns subject and description;
 * - helpdesk_reply_words, keyed by the reply's row id, column body, and unindexed columns carrying the ticket's row
 *   id and the internal flag, so a user's search filters notes out in the index itself, before any ticket is read.
 * They keep their own copy of the text (not contentless like the `q` index): snippet() needs it, and a row is still
 * removed by its row id alone, so the index cannot drift from a wrong "old" text. A reply's ticket lives in Strapi's
 * reply→ticket join table, written after the reply row: the reply's index row is written when that link is.
 *
 * PostgreSQL: GIN expression indexes on the tickets' weighted tsvector (subject A, description B) and on the
 * replies' body, so there is nothing to keep in step: PostgreSQL maintains them in the writing transaction. The
 * configuration is `helpdesk_words` (the 'simple' parser and dictionary, with unaccent in front) when the unaccent
 * extension can be created, else 'simple': no stemming, no stop words, like the SQLite side.
 */

export const TICKET_WORDS_TABLE = 'helpdesk_ticket_words';
export const REPLY_WORDS_TABLE = 'helpdesk_reply_words';
export const PG_WORDS_CONFIG = 'helpdesk_words';

const TOKENIZER = `tokenize='unicode61 remove_diacritics 2'`;
const SQLITE_TABLES: Record<string, string> = {
  [TICKET_WORDS_TABLE]: `CREATE VIRTUAL TABLE ${TICKET_WORDS_TABLE} USING fts5(subject, description, ${TOKENIZER})`,
  [REPLY_WORDS_TABLE]: `CREATE VIRTUAL TABLE ${REPLY_WORDS_TABLE} USING fts5(body, ticket_id UNINDEXED, internal UNINDEXED, ${TOKENIZER})`,
};

/** The configuration PostgreSQL search uses, per app: decided at bootstrap by whether unaccent could be set up. */
const pgConfigs = new WeakMap<Core.Strapi, string>();
export const pgWordsConfig = (strapi: Core.Strapi): string => pgConfigs.get(strapi) ?? 'simple';

/** The expressions the PostgreSQL indexes are on; the search query must use these very texts to be served by them. */
export const pgTicketVector = (config: string, t: string): string =>
  `(setweight(to_tsvector('${config}'::regconfig, coalesce(${t}.subject, '')), 'A') || setweight(to_tsvector('${config}'::regconfig, coalesce(${t}.description, '')), 'B'))`;
export const pgSubjectVector = (config: string, t: string): string => `to_tsvector('${config}'::regconfig, coalesce(${t}.subject, ''))`;
export const pgReplyVector = (config: string, r: string): string => `to_tsvector('${config}'::regconfig, coalesce(${r}.body, ''))`;

export const ensureTicketWordIndex = async (strapi: Core.Strapi): Promise<void> => {
  const knex = strapi.db.connection;
  const driver = driverOf(knex);
  if (driver === 'better-sqlite3') await ensureSqliteIndex(knex, ticketTables(strapi));
  else if (driver === 'pg') await ensurePostgresIndexes(strapi, knex, ticketTables(strapi));
};

const id = (knex: Knex, name: string): string => knex.raw('??', [name]).toQuery();

const sqliteTriggers = (knex: Knex, tables: TicketTables): Array<[name: string, sql: string]> => {
  const t = id(knex, tables.tickets);
  const r = id(knex, tables.replies);
  const link = id(knex, tables.replyTicket.table);
  const linkReply = id(knex, tables.replyTicket.other);
  const linkTicket = id(knex, tables.replyTicket.ticket);
  const tw = TICKET_WORDS_TABLE;
  const rw = REPLY_WORDS_TABLE;
  const intoTickets = `INSERT INTO ${tw}(rowid, subject, description) VALUES (new.id, new.subject, new.description);`;
  const replyRow = (replyId: string, where: string) =>
    `INSERT INTO ${rw}(rowid, body, ticket_id, internal) SELECT r.id, r.body, l.${linkTicket}, coalesce(r.is_internal, 0) ` +
    `FROM ${r} AS r JOIN ${link} AS l ON l.${linkReply} = r.id WHERE r.id = ${replyId}${where} LIMIT 1;`;
  return [
    [`${tw}_insert`, `AFTER INSERT ON ${t} BEGIN ${intoTickets} END`],
    // Updates that leave the text alone (status, assignment, activity) do not touch the index.
    [`${tw}_update`, `AFTER UPDATE OF id, subject, description ON ${t} BEGIN DELETE FROM ${tw} WHERE rowid = old.id; ${intoTickets} END`],
    [`${tw}_delete`, `AFTER DELETE ON ${t} BEGIN DELETE FROM ${tw} WHERE rowid = old.id; END`],
    [`${rw}_link_insert`, `AFTER INSERT ON ${link} BEGIN DELETE FROM ${rw} WHERE rowid = new.${linkReply}; ${replyRow(`new.${linkReply}`, ` AND l.${linkTicket} = new.${linkTicket}`)} END`],
    [
      `${rw}_link_update`,
      `AFTER UPDATE ON ${link} BEGIN DELETE FROM ${rw} WHERE rowid IN (old.${linkReply}, new.${linkReply}); ${replyRow(`new.${linkReply}`, '')} ${replyRow(`old.${linkReply}`, '')} END`,
    ],
    [`${rw}_link_delete`, `AFTER DELETE ON ${link} BEGIN DELETE FROM ${rw} WHERE rowid = old.${linkReply}; ${replyRow(`old.${linkReply}`, '')} END`],
    [`${rw}_update`, `AFTER UPDATE OF id, body, is_internal ON ${r} BEGIN DELETE FROM ${rw} WHERE rowid IN (old.id, new.id); ${replyRow('new.id', '')} END`],
    [`${rw}_delete`, `AFTER DELETE ON ${r} BEGIN DELETE FROM ${rw} WHERE rowid = old.id; END`],
  ];
};

const ensureSqliteIndex = async (knex: Knex, tables: TicketTables): Promise<void> => {
  const triggers = sqliteTriggers(knex, tables);
  await knex.transaction(async (trx) => {
    let rebuilt = false;
    for (const [name, definition] of Object.entries(SQLITE_TABLES)) {
      const existing = (await trx.raw(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, [name])) as Array<{ sql: string }>;
      const current = existing[0]?.sql;
      if (current === definition) continue;
      // Defined differently by an earlier version: built again from the tickets and replies.
      if (current !== undefined) await trx.raw('DROP TABLE ??', [name]);
      await trx.raw(definition);
      rebuilt = true;
    }
    // Written again at every start (in this transaction, so no write comes between), so they always match this code.
    for (const [name, body] of triggers) {
      await trx.raw('DROP TRIGGER IF EXISTS ??', [name]);
      await trx.raw(`CREATE TRIGGER ${id(trx, name)} ${body}`);
    }
    if (rebuilt || !(await sqliteIndexInStep(trx, tables))) await refillSqliteIndex(trx, tables);
  });
};

/**
 * A cheap check that both tables hold what exists: as many rows, and the same highest row id, as the tickets and as
 * the replies that have a ticket. It catches rows written while the triggers were missing; the triggers keep the
 * index exact from then on.
 */
const sqliteIndexInStep = async (knex: Knex, tables: TicketTables): Promise<boolean> => {
  const link = tables.replyTicket;
  const rows = (await knex.raw(
    `SELECT (SELECT count(*) FROM ??) AS tickets, (SELECT max(id) FROM ??) AS last_ticket,
            (SELECT count(*) FROM ??) AS tickets_indexed, (SELECT max(id) FROM ??) AS last_ticket_indexed,
            (SELECT count(DISTINCT ??) FROM ??) AS replies, (SELECT max(??) FROM ??) AS last_reply,
            (SELECT count(*) FROM ??) AS replies_indexed, (SELECT max(id) FROM ??) AS last_reply_indexed`,
    [
      tables.tickets,
      tables.tickets,
      `${TICKET_WORDS_TABLE}_docsize`,
      `${TICKET_WORDS_TABLE}_docsize`,
      link.other,
      link.table,
      link.other,
      link.table,
      `${REPLY_WORDS_TABLE}_docsize`,
      `${REPLY_WORDS_TABLE}_docsize`,
    ],
  )) as Array<Record<string, number | null>>;
  const r = rows[0];
  return (
    r !== undefined &&
    r.tickets === r.tickets_indexed &&
    r.last_ticket === r.last_ticket_indexed &&
    r.replies === r.replies_indexed &&
    r.last_reply === r.last_reply_indexed
  );
};

const refillSqliteIndex = async (knex: Knex, tables: TicketTables): Promise<void> => {
  const link = tables.replyTicket;
  await knex.raw(`DELETE FROM ${TICKET_WORDS_TABLE}`);
  await knex.raw(`DELETE FROM ${REPLY_WORDS_TABLE}`);
  await knex.raw(`INSERT INTO ${TICKET_WORDS_TABLE}(rowid, subject, description) SELECT id, subject, description FROM ??`, [tables.tickets]);
  await knex.raw(
    `INSERT INTO ${REPLY_WORDS_TABLE}(rowid, body, ticket_id, internal)
     SELECT r.id, r.body, min(l.??), coalesce(r.is_internal, 0) FROM ?? AS r JOIN ?? AS l ON l.?? = r.id GROUP BY r.id`,
    [link.ticket, tables.replies, link.table, link.other],
  );
};

const ensurePostgresIndexes = async (strapi: Core.Strapi, knex: Knex, tables: TicketTables): Promise<void> => {
  const config = await ensurePgConfig(strapi, knex);
  pgConfigs.set(strapi, config);
  // Named after the configuration: another configuration is another index (the query names the one in use).
  const suffix = config === 'simple' ? 'simple' : 'words';
  const indexes: Array<[name: string, table: string, expression: string]> = [
    [`helpdesk_tickets_${suffix}_tsv_idx`, tables.tickets, pgTicketVector(config, id(knex, tables.tickets))],
    [`helpdesk_replies_${suffix}_tsv_idx`, tables.replies, pgReplyVector(config, id(knex, tables.replies))],
  ];
  for (const [name, table, expression] of indexes) {
    await knex.raw(`CREATE INDEX IF NOT EXISTS ?? ON ?? USING gin (${expression})`, [name, table]);
  }
};

/**
 * `helpdesk_words`: 'simple' with unaccent in front, so "cafe" finds "Café" as on SQLite. A role that may not create
 * the extension still starts, with 'simple' (accents then matter on PostgreSQL), and says so.
 */
const ensurePgConfig = async (strapi: Core.Strapi, knex: Knex): Promise<string> => {
  try {
    const exists = async () => ((await knex.raw('SELECT 1 FROM pg_ts_config WHERE cfgname = ?', [PG_WORDS_CONFIG])) as { rows: unknown[] }).rows.length > 0;
    if (await exists()) return PG_WORDS_CONFIG;
    await knex.raw('CREATE EXTENSION IF NOT EXISTS unaccent');
    try {
      await knex.transaction(async (trx) => {
        await trx.raw(`CREATE TEXT SEARCH CONFIGURATION ${PG_WORDS_CONFIG} (COPY = simple)`);
        await trx.raw(`ALTER TEXT SEARCH CONFIGURATION ${PG_WORDS_CONFIG} ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple`);
      });
    } catch (error) {
      // Another instance starting at the same moment made it first.
      if (!(await exists())) throw error;
    }
    return PG_WORDS_CONFIG;
  } catch (error) {
    strapi.log.warn(
      `helpdesk: the unaccent extension or the ${PG_WORDS_CONFIG} text search configuration could not be created ` +
        `(${(error as Error).message}); search_tickets uses the 'simple' configuration, where accents must match. A ` +
        'database owner or superuser can run CREATE EXTENSION unaccent once; the configuration is made at the next start.',
    );
    return 'simple';
  }
};
