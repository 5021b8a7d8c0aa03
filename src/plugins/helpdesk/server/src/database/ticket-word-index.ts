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
 * PostgreSQL: the same two tables, holding tsvectors (the ticket's subject alone, and subject A + description B; the
 * reply's body, with its ticket row id and internal flag), GIN-indexed, kept by PL/pgSQL triggers on the same
 * three tables. Stored vectors, not expression indexes on Strapi's tables: ranking reads every match's vector, and
 * recomputing it took 560 ms for 3,000 matching tickets with unaccent against 1 ms stored (see the README). The
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

/** One lock for every instance starting at once: the DDL below runs in one transaction at a time. */
const PG_LOCK = 0x68656c70; // "help"

const ensurePostgresIndexes = async (strapi: Core.Strapi, knex: Knex, tables: TicketTables): Promise<void> => {
  const config = await ensurePgConfig(strapi, knex);
  pgConfigs.set(strapi, config);
  const t = id(knex, tables.tickets);
  const r = id(knex, tables.replies);
  const link = id(knex, tables.replyTicket.table);
  const linkReply = id(knex, tables.replyTicket.other);
  const linkTicket = id(knex, tables.replyTicket.ticket);
  const tw = TICKET_WORDS_TABLE;
  const rw = REPLY_WORDS_TABLE;
  const vector = (text: string) => `to_tsvector('${config}'::regconfig, coalesce(${text}, ''))`;
  const ticketRow = (row: string) => `${vector(`${row}.subject`)}, setweight(${vector(`${row}.subject`)}, 'A') || setweight(${vector(`${row}.description`)}, 'B')`;
  const upsertTicket = `INSERT INTO ${tw} (ticket_id, subject, document) VALUES (NEW.id, ${ticketRow('NEW')})
      ON CONFLICT (ticket_id) DO UPDATE SET subject = EXCLUDED.subject, document = EXCLUDED.document;`;
  // The reply's row, from the reply and its link (either may be the one just written); none while it has no ticket.
  const upsertReply = (replyId: string) => `INSERT INTO ${rw} (reply_id, ticket_id, internal, document)
      SELECT r.id, l.${linkTicket}, coalesce(r.is_internal, false), ${vector('r.body')}
        FROM ${r} AS r JOIN ${link} AS l ON l.${linkReply} = r.id WHERE r.id = ${replyId} LIMIT 1
      ON CONFLICT (reply_id) DO UPDATE SET ticket_id = EXCLUDED.ticket_id, internal = EXCLUDED.internal, document = EXCLUDED.document;`;
  const functions: Array<[name: string, body: string]> = [
    [
      `${tw}_sync`,
      `IF TG_OP IN ('DELETE', 'UPDATE') THEN DELETE FROM ${tw} WHERE ticket_id = OLD.id; END IF;
       IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
       ${upsertTicket}
       RETURN NEW;`,
    ],
    [
      `${rw}_sync`,
      `IF TG_OP IN ('DELETE', 'UPDATE') THEN DELETE FROM ${rw} WHERE reply_id = OLD.id; END IF;
       IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
       ${upsertReply('NEW.id')}
       RETURN NEW;`,
    ],
    [
      `${rw}_link_sync`,
      `IF TG_OP IN ('DELETE', 'UPDATE') THEN DELETE FROM ${rw} WHERE reply_id = OLD.${linkReply}; ${upsertReply(`OLD.${linkReply}`)} END IF;
       IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
       ${upsertReply(`NEW.${linkReply}`)}
       RETURN NEW;`,
    ],
  ];
  const triggers: Array<[name: string, on: string, events: string]> = [
    [`${tw}_sync`, t, 'INSERT OR UPDATE OF id, subject, description OR DELETE'],
    [`${rw}_sync`, r, 'UPDATE OF id, body, is_internal OR DELETE'],
    [`${rw}_link_sync`, link, 'INSERT OR UPDATE OR DELETE'],
  ];
  await knex.transaction(async (trx) => {
    await trx.raw('SELECT pg_advisory_xact_lock(?)', [PG_LOCK]);
    await trx.raw(`CREATE TABLE IF NOT EXISTS ${tw} (ticket_id integer PRIMARY KEY, subject tsvector NOT NULL, document tsvector NOT NULL)`);
    await trx.raw(`CREATE TABLE IF NOT EXISTS ${rw} (reply_id integer PRIMARY KEY, ticket_id integer NOT NULL, internal boolean NOT NULL, document tsvector NOT NULL)`);
    await trx.raw(`CREATE INDEX IF NOT EXISTS ${tw}_document_idx ON ${tw} USING gin (document)`);
    await trx.raw(`CREATE INDEX IF NOT EXISTS ${rw}_document_idx ON ${rw} USING gin (document)`);
    // Written again at every start, so they always match this code (and the configuration chosen above).
    for (const [name, body] of functions) {
      await trx.raw(`CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $helpdesk$ BEGIN ${body} END $helpdesk$`);
    }
    for (const [name, on, events] of triggers) {
      await trx.raw(`DROP TRIGGER IF EXISTS ${name} ON ${on}`);
      await trx.raw(`CREATE TRIGGER ${name} AFTER ${events} ON ${on} FOR EACH ROW EXECUTE FUNCTION ${name}()`);
    }
    const stored = (await trx.raw(`SELECT obj_description(?::regclass, 'pg_class') AS config`, [tw])) as { rows: Array<{ config: string | null }> };
    const sameConfig = stored.rows[0]?.config === config;
    if (!sameConfig || !(await pgIndexInStep(trx, tables))) {
      await trx.raw(`DELETE FROM ${tw}`);
      await trx.raw(`DELETE FROM ${rw}`);
      await trx.raw(`INSERT INTO ${tw} (ticket_id, subject, document) SELECT tk.id, ${ticketRow('tk')} FROM ${t} AS tk`);
      await trx.raw(
        `INSERT INTO ${rw} (reply_id, ticket_id, internal, document)
         SELECT DISTINCT ON (r.id) r.id, l.${linkTicket}, coalesce(r.is_internal, false), ${vector('r.body')}
           FROM ${r} AS r JOIN ${link} AS l ON l.${linkReply} = r.id ORDER BY r.id, l.${linkTicket}`,
      );
      // The configuration the vectors were made with: another one makes them again.
      await trx.raw(`COMMENT ON TABLE ${tw} IS '${config}'`);
    }
  });
};

/** As on SQLite: as many rows, and the same highest ids, as the tickets and the replies that have a ticket. */
const pgIndexInStep = async (knex: Knex, tables: TicketTables): Promise<boolean> => {
  const link = tables.replyTicket;
  const rows = (await knex.raw(
    `SELECT (SELECT count(*) FROM ??) AS tickets, (SELECT max(id) FROM ??) AS last_ticket,
            (SELECT count(*) FROM ${TICKET_WORDS_TABLE}) AS tickets_indexed, (SELECT max(ticket_id) FROM ${TICKET_WORDS_TABLE}) AS last_ticket_indexed,
            (SELECT count(DISTINCT ??) FROM ??) AS replies, (SELECT max(??) FROM ??) AS last_reply,
            (SELECT count(*) FROM ${REPLY_WORDS_TABLE}) AS replies_indexed, (SELECT max(reply_id) FROM ${REPLY_WORDS_TABLE}) AS last_reply_indexed`,
    [tables.tickets, tables.tickets, link.other, link.table, link.other, link.table],
  )) as { rows: Array<Record<string, string | number | null>> };
  const r = rows.rows[0];
  const n = (v: string | number | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return (
    r !== undefined &&
    n(r.tickets) === n(r.tickets_indexed) &&
    n(r.last_ticket) === n(r.last_ticket_indexed) &&
    n(r.replies) === n(r.replies_indexed) &&
    n(r.last_reply) === n(r.last_reply_indexed)
  );
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
