import fs from 'fs';
import os from 'os';
import path from 'path';
import crypto from 'crypto';
import { Client } from 'pg';
import { pgAdminConnection } from '../../bench/database';

export interface TestDatabase {
  /** Environment for Strapi's config/database.ts. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

const isPostgres = () => process.env.DATABASE_CLIENT === 'postgres';


/** A fresh, empty database: a temporary SQLite file, or a new PostgreSQL database when DATABASE_CLIENT=postgres. */
export const createTestDatabase = async (): Promise<TestDatabase> => {
  if (isPostgres()) {
    const name = `helpdesk_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new Client(pgAdminConnection());
    await admin.connect();
    await admin.query(`CREATE DATABASE "${name}"`);
    await admin.end();
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
        const client = new Client(pgAdminConnection());
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await client.end();
      },
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-test-'));
  return {
    env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: path.join(dir, 'data.db') },
    async drop() {
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
};
