import type { Core } from '@strapi/strapi';

/**
 * A cheap fingerprint of the help desk's data, read straight from the database by the fuzz process (never through
 * the server under test): counts, highest row ids and latest update times of the tickets, replies, every relation
 * of theirs, the ticket history (the audit log's `allowed` rows), API keys, accounts, idempotency records and the
 * catalog. A request the server refused must leave it exactly as it was.
 *
 * Left out on purpose, since refusals legitimately write them: the audit log's refused rows (`auth.failed`, kept
 * current every few seconds, and `record.write`, one per refused attempt), and an API key's `last_used_at` (and
 * the `updated_at` that comes with it), written at most once a minute by any request that presents the key.
 */

export interface FingerprintSpec {
  /** One scalar subquery per part; labels say which table moved when two fingerprints differ. */
  parts: Array<{ label: string; sql: string }>;
}

interface AttributeMeta {
  columnName?: string;
  joinTable?: { name: string };
}
interface ModelMeta {
  tableName: string;
  attributes: Record<string, AttributeMeta>;
}

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/** Built in-process while the app is loaded: table and column names come from Strapi's metadata. */
export const fingerprintSpec = (strapi: Core.Strapi): FingerprintSpec => {
  const parts: FingerprintSpec['parts'] = [];
  const model = (uid: string) => strapi.db.metadata.get(uid) as unknown as ModelMeta;
  const updatedAt = (m: ModelMeta) => m.attributes.updatedAt?.columnName ?? 'updated_at';
  const add = (label: string, sql: string) => parts.push({ label, sql });
  const rowsOf = (label: string, table: string, options: { updated?: string; where?: string } = {}) => {
    const where = options.where ? ` WHERE ${options.where}` : '';
    add(`${label} count`, `SELECT COUNT(*) FROM ${quote(table)}${where}`);
    add(`${label} max(id)`, `SELECT MAX(id) FROM ${quote(table)}${where}`);
    if (options.updated) add(`${label} max(${options.updated})`, `SELECT MAX(${quote(options.updated)}) FROM ${quote(table)}${where}`);
  };
  const withRelations = (label: string, uid: string, options: { updated: boolean }) => {
    const m = model(uid);
    rowsOf(label, m.tableName, options.updated ? { updated: updatedAt(m) } : {});
    for (const [name, attribute] of Object.entries(m.attributes)) {
      if (attribute.joinTable) rowsOf(`${label}.${name}`, attribute.joinTable.name);
    }
  };

  withRelations('ticket', 'plugin::helpdesk.ticket', { updated: true });
  withRelations('reply', 'plugin::helpdesk.reply', { updated: true });
  for (const uid of ['plugin::helpdesk.status', 'plugin::helpdesk.category', 'plugin::helpdesk.type', 'plugin::helpdesk.item', 'plugin::helpdesk.group', 'plugin::helpdesk.tag']) {
    withRelations(uid.split('.')[1] as string, uid, { updated: true });
  }
  withRelations('idempotency', 'plugin::helpdesk.idempotency-record', { updated: true });
  withRelations('panel-link', 'plugin::helpdesk.panel-link', { updated: true });
  withRelations('canned-response', 'plugin::helpdesk.canned-response', { updated: true });

  const audit = model('plugin::helpdesk.audit-event');
  const outcome = audit.attributes.outcome?.columnName ?? 'outcome';
  rowsOf('history (audit allowed)', audit.tableName, { where: `${quote(outcome)} = 'allowed'` });

  const keys = model('plugin::helpdesk.api-key');
  rowsOf('api-key', keys.tableName);
  const revoked = quote(keys.attributes.revoked_at?.columnName ?? 'revoked_at');
  add('api-key revoked', `SELECT COUNT(${revoked}) FROM ${quote(keys.tableName)}`);
  add('api-key max(revoked_at)', `SELECT MAX(${revoked}) FROM ${quote(keys.tableName)}`);

  withRelations('account', 'plugin::users-permissions.user', { updated: true });
  return { parts };
};

/** One value per part, as text (SQLite and PostgreSQL return numbers, bigints and dates differently). */
export type Fingerprint = string[];

export interface FingerprintReader {
  read(): Promise<Fingerprint>;
  close(): Promise<void>;
}

const statementOf = (spec: FingerprintSpec): string =>
  `SELECT ${spec.parts.map((part, i) => `(${part.sql}) AS ${quote(`f${i}`)}`).join(', ')}`;

const asText = (value: unknown): string => (value instanceof Date ? value.toISOString() : value === null || value === undefined ? '-' : String(value));

interface SqliteStatement {
  get(): Record<string, unknown>;
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  pragma(sql: string): unknown;
  close(): void;
}
interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<{ rows: Array<Record<string, unknown>> }>;
  end(): Promise<void>;
}

/** Opens its own read-only connection: SQLite through better-sqlite3, PostgreSQL through pg. */
export const openFingerprintReader = async (spec: FingerprintSpec, env: Record<string, string>): Promise<FingerprintReader> => {
  const sql = statementOf(spec);
  const values = (row: Record<string, unknown> | undefined): Fingerprint => spec.parts.map((_, i) => asText(row?.[`f${i}`]));
  if (env.DATABASE_CLIENT === 'postgres') {
    // pg ships no types and the app has no @types/pg; this is all of it the fuzz uses.
    const { Client } = require('pg') as { Client: new (config: object) => PgClient };
    const client = new Client({
      host: env.DATABASE_HOST,
      port: Number(env.DATABASE_PORT),
      user: env.DATABASE_USERNAME,
      password: env.DATABASE_PASSWORD,
      database: env.DATABASE_NAME,
    });
    await client.connect();
    return {
      read: async () => values((await client.query(sql)).rows[0]),
      close: () => client.end(),
    };
  }
  const Database = require('better-sqlite3') as new (file: string, options: { readonly: boolean; fileMustExist: boolean }) => SqliteDatabase;
  const db = new Database(env.DATABASE_FILENAME as string, { readonly: true, fileMustExist: true });
  // The server may hold the write lock for a moment (a deferred audit row): wait for it as the app itself would.
  db.pragma('busy_timeout = 5000');
  const statement = db.prepare(sql);
  return {
    read: async () => values(statement.get()),
    close: async () => db.close(),
  };
};

/** The labels of the parts that differ, e.g. `ticket max(updated_at): 1764… → 1765…`. */
export const differences = (spec: FingerprintSpec, before: Fingerprint, after: Fingerprint): string[] =>
  spec.parts.flatMap((part, i) => (before[i] === after[i] ? [] : [`${part.label}: ${before[i]} → ${after[i]}`]));
