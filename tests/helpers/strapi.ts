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

/**
 * Boots the real, compiled help desk on a real database and serves it over HTTP on a free port.
 * Pass an existing database to restart on the same data.
 */
export const startHelpdesk = async (options: { database?: TestDatabase } = {}): Promise<TestApp> => {
  applyTestEnvironment();
  const database = options.database ?? (await createTestDatabase());
  Object.assign(process.env, database.env);

  const strapi = createStrapi({ appDir, distDir });
  strapi.log.level = process.env.TEST_LOG_LEVEL ?? 'error';
  await strapi.load();
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
      await strapi.destroy();
      if (drop) await database.drop();
    },
  };
};
