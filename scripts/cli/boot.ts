import path from 'path';
import type { Core } from '@strapi/strapi';

// Compiled, this file is dist/scripts/cli/boot.js: the app is three levels up, its compiled copy in dist/.
const appDir = path.join(__dirname, '..', '..', '..');
const distDir = path.join(appDir, 'dist');

/**
 * On PostgreSQL, pg warns when Strapi looks up relation ids concurrently inside a transaction (the queries are
 * queued and correct). That warning tells the person running a command nothing; every other warning still shows.
 */
const hidePgQueueWarning = (): void => {
  const printers = process.listeners('warning');
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'DeprecationWarning' && warning.message.startsWith('Calling client.query() when the client is already executing')) return;
    for (const print of printers) print(warning);
  });
};

/** Loads Strapi (database, plugins, bootstrap) without the HTTP server, with only errors in its log. */
export const bootStrapi = async (): Promise<Core.Strapi> => {
  hidePgQueueWarning();
  // Strapi reads .env when it is first required, from the working directory unless ENV_PATH says otherwise:
  // pointing it at the app's .env lets the CLI run from any directory. Bad input never gets this far.
  process.env.ENV_PATH ??= path.join(appDir, '.env');
  const { createStrapi } = await import('@strapi/strapi');
  const strapi = createStrapi({ appDir, distDir });
  strapi.log.level = process.env.HELPDESK_CLI_LOG_LEVEL ?? 'error';
  await strapi.load();
  return strapi;
};

interface ConnectionPool {
  numUsed(): number;
  numPendingAcquires(): number;
  numPendingCreates(): number;
}

/**
 * Stops Strapi once the database is idle. Work a command set off without waiting for it (event listeners, a
 * plugin's background write) may still want a connection; destroying the pool under it aborts that query with
 * an unhandled "aborted" error after the command has already succeeded. Seen once on PostgreSQL.
 */
export const stopStrapi = async (strapi: Core.Strapi, maxWaitMs = 5000): Promise<void> => {
  const pool = (strapi.db?.connection?.client as { pool?: ConnectionPool } | undefined)?.pool;
  const busy = () => (pool ? pool.numUsed() + pool.numPendingAcquires() + pool.numPendingCreates() > 0 : false);
  for (const deadline = Date.now() + maxWaitMs; busy() && Date.now() < deadline; ) {
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  await strapi.destroy();
};
