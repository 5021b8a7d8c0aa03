import fs from 'fs';
import os from 'os';
import path from 'path';
import crypto from 'crypto';
import { pgAdminConnection, withPg } from '../../bench/database';

export interface TestDatabase {
  /** Environment for Strapi's config/database.ts. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

const isPostgres = () => process.env.DATABASE_CLIENT === 'postgres';

/**
 * Where test SQLite files go: a memory-backed file system when the machine has one (/dev/shm on Linux), else the
 * temporary directory. Still a real file opened by SQLite, only without waiting for a disk at every commit.
 */
const memoryDirectory = (): string => {
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    return '/dev/shm';
  } catch {
    return os.tmpdir();
  }
};

/**
 * Where globalSetup left the schema every test starts from (template-database.ts): a SQLite file, or a PostgreSQL
 * database. Unset (a single test run outside jest's globalSetup, the browser tests), every database starts empty.
 */
export const TEMPLATE_ENV = 'HELPDESK_TEST_TEMPLATE_DATABASE';

/** Drops a test database (its own, or the run's template), closing any connection left on it. */
export const dropPgDatabase = (name: string): Promise<unknown> => withPg((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

/** PostgreSQL refuses to copy a template another session is copying at that instant (55006): wait and copy again. */
const createPgDatabase = async (name: string, template: string | undefined): Promise<void> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await withPg(async (admin) => {
        await admin.query(`CREATE DATABASE "${name}"${template ? ` TEMPLATE "${template}"` : ''}`);
        // A commit returns without waiting for the disk (nothing here outlives a crash of the server; every other
        // guarantee, transactions and locks included, is PostgreSQL's as in production).
        await admin.query(`ALTER DATABASE "${name}" SET synchronous_commit = off`);
      });
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== '55006' || attempt === 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
};

/**
 * A fresh database: a temporary SQLite file, or a new PostgreSQL database when DATABASE_CLIENT=postgres. It holds the
 * schema and the bootstrap's rows of a first start (copied from the run's template, so each test file does not pay
 * for creating some sixty tables), and nothing else; `empty` gives one with no tables at all.
 */
export const createTestDatabase = async (options: { empty?: boolean } = {}): Promise<TestDatabase> => {
  const template = options.empty ? undefined : process.env[TEMPLATE_ENV] || undefined;
  if (isPostgres()) {
    const name = `helpdesk_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
    await createPgDatabase(name, template);
    const conn = pgAdminConnection();
    return {
      env: {
        DATABASE_CLIENT: 'postgres',
        DATABASE_HOST: conn.host,
        DATABASE_PORT: String(conn.port),
        DATABASE_USERNAME: conn.user,
        DATABASE_PASSWORD: conn.password,
        DATABASE_NAME: name,
      },
      async drop() {
        await dropPgDatabase(name);
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(memoryDirectory(), 'helpdesk-test-'));
  const filename = path.join(dir, 'data.db');
  if (template) fs.copyFileSync(template, filename);
  return {
    env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: filename },
    async drop() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
};
