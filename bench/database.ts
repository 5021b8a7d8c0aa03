import fs from 'fs';
import path from 'path';

interface PgClient {
  connect(): Promise<void>;
  query(sql: string, values?: unknown[]): Promise<{ rowCount: number | null }>;
  end(): Promise<void>;
}
// pg ships no types and the app has no @types/pg; this is all of it the bench uses.
const { Client } = require('pg') as { Client: new (config: object) => PgClient };

/** Where a bench dataset lives: `.tmp/bench-<n>.db` (SQLite) or the PostgreSQL database `helpdesk_bench_<n>`. */
export interface BenchDatabase {
  client: 'sqlite' | 'postgres';
  /** For people: the file or database name. */
  label: string;
  /** Environment for config/database.ts, in this process and in the servers it starts. */
  env: Record<string, string>;
  /** Removes the dataset (for --reseed). */
  drop(): Promise<void>;
  /** Creates the (empty) database if it does not exist. */
  ensure(): Promise<void>;
}

export const APP_DIR = path.join(__dirname, '..', '..');

/** A connection to PostgreSQL's maintenance database, from which databases are created and dropped (bench and tests). */
export const pgAdminConnection = () => ({
  host: process.env.DATABASE_HOST ?? '127.0.0.1',
  port: Number(process.env.DATABASE_PORT ?? 5432),
  user: process.env.DATABASE_USERNAME ?? 'postgres',
  password: process.env.DATABASE_PASSWORD ?? '',
  database: process.env.PG_ADMIN_DATABASE ?? 'postgres',
});

/** One connection to the maintenance database for `work`, closed afterwards. */
export const withPg = async <T>(work: (client: PgClient) => Promise<T>): Promise<T> => {
  const client = new Client(pgAdminConnection());
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
};

export const benchDatabase = (tickets: number): BenchDatabase => {
  if (process.env.DATABASE_CLIENT === 'postgres') {
    // A prefix of one's own keeps two checkouts' runs on one PostgreSQL server apart.
    const name = `${process.env.BENCH_PG_PREFIX ?? 'helpdesk_bench'}_${tickets}`;
    const admin = pgAdminConnection();
    return {
      client: 'postgres',
      label: `PostgreSQL database ${name}`,
      env: {
        DATABASE_CLIENT: 'postgres',
        DATABASE_HOST: admin.host,
        DATABASE_PORT: String(admin.port),
        DATABASE_USERNAME: admin.user,
        DATABASE_PASSWORD: admin.password,
        DATABASE_NAME: name,
      },
      drop: () => withPg(async (c) => void (await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))),
      ensure: () =>
        withPg(async (c) => {
          const found = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
          if (found.rowCount === 0) await c.query(`CREATE DATABASE "${name}"`);
        }),
    };
  }
  const file = path.join(APP_DIR, '.tmp', `bench-${tickets}.db`);
  return {
    client: 'sqlite',
    label: path.relative(APP_DIR, file),
    env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file },
    async drop() {
      for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
    },
    async ensure() {
      fs.mkdirSync(path.dirname(file), { recursive: true });
    },
  };
};
