import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

export type Row = unknown[];

/** Multi-row inserts in one transaction per batch: prepared statements on SQLite, multi-row VALUES on PostgreSQL. */
export interface BulkWriter {
  /** Runs `work` in one transaction; inserts made through `insert` inside it are part of that transaction. */
  batch(work: (insert: (table: string, columns: string[], rows: Row[]) => Promise<void>) => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

interface SqliteStatement {
  run(...values: unknown[]): unknown;
  all(...values: unknown[]): unknown[];
}
interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  pragma(sql: string): unknown;
}

/** The same conversions knex applies to better-sqlite3 bindings, so rows read back exactly as Strapi's own. */
const sqliteValue = (value: unknown): unknown => {
  if (value instanceof Date) return value.valueOf();
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value !== null && typeof value === 'object') return JSON.stringify(value);
  return value;
};

const quote = (name: string): string => `"${name.replace(/"/g, '""')}"`;

const sqliteWriter = async (knex: Knex): Promise<BulkWriter> => {
  const client = knex.client as {
    acquireConnection(): Promise<SqliteDatabase>;
    releaseConnection(c: SqliteDatabase): Promise<void>;
  };
  const db = await client.acquireConnection();
  // Only this seeding process uses the file now; a crash mid-seed leaves no marker, so the next run starts over.
  db.pragma('synchronous = OFF');
  // The text indexes' triggers (the plugin's, all named helpdesk_…) would write each row into their FTS5 tables one
  // at a time: ten times the seed's own cost. They are dropped here; the seed then fills the indexes in one pass and
  // the plugin's ensureTicketTextIndex / ensureTicketWordIndex write the triggers again (seed.ts).
  for (const { name } of db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'helpdesk%'`).all() as Array<{ name: string }>) {
    db.exec(`DROP TRIGGER ${quote(name)}`);
  }
  const statements = new Map<string, SqliteStatement>();
  const statement = (table: string, columns: string[]): SqliteStatement => {
    const key = `${table}(${columns.join(',')})`;
    let prepared = statements.get(key);
    if (!prepared) {
      prepared = db.prepare(`INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
      statements.set(key, prepared);
    }
    return prepared;
  };
  return {
    async batch(work) {
      db.exec('BEGIN');
      try {
        await work(async (table, columns, rows) => {
          const insert = statement(table, columns);
          for (const row of rows) insert.run(...row.map(sqliteValue));
        });
        db.exec('COMMIT');
      } catch (error) {
        db.exec('ROLLBACK');
        throw error;
      }
    },
    async close() {
      db.pragma('synchronous = FULL');
      await client.releaseConnection(db);
    },
  };
};

const postgresWriter = async (knex: Knex): Promise<BulkWriter> => {
  // Foreign-key triggers fire once per inserted row; the rows are consistent by construction, so a superuser seed
  // skips them (session_replication_role). Without the privilege the seed is slower, not different.
  const role = (await knex.raw(`SELECT rolsuper FROM pg_roles WHERE rolname = current_user`)) as { rows: Array<{ rolsuper: boolean }> };
  const superuser = Boolean(role.rows[0]?.rolsuper);
  return {
    async batch(work) {
      await knex.transaction(async (trx) => {
        if (superuser) await trx.raw('SET LOCAL session_replication_role = replica');
        await work(async (table, columns, rows) => {
          // PostgreSQL takes at most 65,535 parameters per statement.
          const chunk = Math.max(1, Math.floor(60_000 / columns.length));
          for (let start = 0; start < rows.length; start += chunk) {
            const objects = rows.slice(start, start + chunk).map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
            await trx(table).insert(objects);
          }
        });
      });
    },
    async close() {},
  };
};

export const createBulkWriter = async (strapi: Core.Strapi): Promise<BulkWriter> =>
  strapi.db.dialect.client === 'postgres' ? postgresWriter(strapi.db.connection) : sqliteWriter(strapi.db.connection);
