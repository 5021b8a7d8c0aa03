import path from 'path';
import type { AddressInfo } from 'net';
import { createStrapi, type Core } from '@strapi/strapi';
import { applyTestEnvironment } from './test-env';
import { createTestDatabase, type TestDatabase } from './database';

export interface TestApp {
  strapi: Core.Strapi;
  /** http://127.0.0.1:<port>, no trailing slash */
  baseUrl: string;
  /** Stop the app; the database is kept for a restart unless `drop` is set. */
  stop(options?: { drop?: boolean }): Promise<void>;
  database: TestDatabase;
}

const appDir = path.join(__dirname, '..', '..');
const distDir = path.join(appDir, 'dist');

interface PoolState {
  numUsed(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
}

/**
 * Strapi emits its document events after commit without awaiting them (each reads the entry back): a test that
 * stops the app right after its last write would destroy the pool under that read, and the read's failure lands on
 * whichever test file runs next as an unhandled rejection. Stopping waits (bounded) until the pool is idle.
 */
const databaseIdle = async (strapi: Core.Strapi, boundMs = 3_000): Promise<void> => {
  const pool = (strapi.db.connection.client as { pool?: PoolState }).pool;
  const busy = () => Boolean(pool) && (pool as PoolState).numUsed() + (pool as PoolState).numPendingAcquires() + (pool as PoolState).numPendingCreates() > 0;
  const until = Date.now() + boundMs;
  do {
    await new Promise((resolve) => setTimeout(resolve, 20));
  } while (busy() && Date.now() < until);
};

/**
 * bcrypt at cost 4 instead of users-permissions' 10 for the accounts tests make (the attribute option Strapi reads,
 * `encryption.rounds`): each hash and each password check then takes about 1 ms instead of 90, over hundreds of
 * accounts and sign-ins per run. Passwords are hashed and checked exactly as in production, only more cheaply.
 */
const fasterPasswordHashes = (strapi: Core.Strapi): void => {
  const password = strapi.getModel('plugin::users-permissions.user').attributes.password as { encryption?: { rounds?: number } };
  password.encryption = { ...password.encryption, rounds: 4 };
};

/** Runs `work` with these environment variables set, and puts the previous values back afterwards. */
const withEnvironment = async <T>(variables: Record<string, string>, work: () => Promise<T>): Promise<T> => {
  const previous = Object.fromEntries(Object.keys(variables).map((key) => [key, process.env[key]]));
  Object.assign(process.env, variables);
  try {
    return await work();
  } finally {
    for (const [key, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
};

/**
 * Boots the real, compiled help desk on a real database and serves it over HTTP on a free port.
 * Pass an existing database to restart on the same data. `env`: settings the app reads as it starts (config/*.ts),
 * set for the start only, so the next test file starts with the defaults.
 */
export const startHelpdesk = async (options: { database?: TestDatabase; env?: Record<string, string> } = {}): Promise<TestApp> => {
  applyTestEnvironment();
  const database = options.database ?? (await createTestDatabase());
  Object.assign(process.env, database.env);

  const strapi = createStrapi({ appDir, distDir });
  strapi.log.level = process.env.TEST_LOG_LEVEL ?? 'error';
  await withEnvironment(options.env ?? {}, () => strapi.load());
  fasterPasswordHashes(strapi);
  await strapi.server.mount();
  const server = strapi.server.httpServer;
  // Outlive the client's idle sockets, so a reused connection is never closed under a request (ECONNRESET).
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    strapi,
    baseUrl: `http://127.0.0.1:${port}`,
    database,
    async stop({ drop = true } = {}) {
      await databaseIdle(strapi);
      await strapi.destroy();
      if (drop) await database.drop();
    },
  };
};
