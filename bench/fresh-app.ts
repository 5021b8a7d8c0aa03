import type { Core } from '@strapi/strapi';
import { freshDatabase, type BenchDatabase } from './database';
import { keepProcessListeners, onCleanup } from './exit-cleanup';
import { loadApp } from './prepare';
import { seedDataset, type Dataset } from './seed';
import { startServer, type RunningServer } from './servers';

/**
 * The help desk on a new database of its own, for runs that hammer one server (fuzz, and the same shape suits soak
 * and fault runs): a fresh database, a small seeded help desk, an API key per role, and the app started as its own
 * production-mode process. `stop()` stops the server and drops the database; Ctrl-C and SIGTERM do the same.
 */

export interface RoleKeys {
  user: string;
  staff: string;
  admin: string;
}

export interface FreshApp<T> {
  database: BenchDatabase;
  server: RunningServer;
  dataset: Dataset;
  keys: RoleKeys;
  /** What the `prepare` hook returned. */
  prepared: T;
  stop(): Promise<void>;
}

export interface FreshAppOptions<T> {
  client: 'sqlite' | 'postgres';
  /** Names the database (`helpdesk_<purpose>_…`) and the temporary folder: lower case, digits and `_`. */
  purpose: string;
  /** Where the server's log goes (`helpdesk-server.log`). */
  logDir: string;
  /** Size of the seeded help desk; small by default, so it is ready in a second or two. */
  tickets?: number;
  /** Extra environment for the server process (its rate limits are already raised by startServer). */
  serverEnv?: Record<string, string>;
  /** Runs in this process on the seeded database before the server starts: more fixtures, ids to remember. */
  prepare?: (strapi: Core.Strapi, context: { dataset: Dataset; keys: RoleKeys }) => Promise<T>;
}

/** An API key (`ohd_sk_…`) for the account with this row id, made through the help desk's own service. */
export const mintApiKey = async (
  strapi: Core.Strapi,
  internalId: number,
  options: { name: string; readOnly?: boolean },
): Promise<{ key: string; id: string }> => {
  const helpdesk = strapi.plugin('helpdesk');
  const actor = await helpdesk
    .service('actors')
    .actorFor({ id: internalId }, { credential: { kind: 'cli', id: null, name: 'bench' }, channel: 'cli', readOnly: false });
  const created = (await helpdesk
    .service('credentials')
    .createKey(actor, { name: options.name, read_only: options.readOnly ?? false, expires_at: null })) as { key: string; api_key: { id: string } };
  return { key: created.key, id: created.api_key.id };
};

export const startFreshApp = async <T = undefined>(options: FreshAppOptions<T>): Promise<FreshApp<T>> => {
  const database = await freshDatabase(options.client, options.purpose);
  const forgetDatabase = onCleanup(`drop ${database.label}`, () => database.drop());
  const restoreListeners = keepProcessListeners();
  let strapi: Core.Strapi | null = null;
  try {
    strapi = await loadApp(database.env);
    // Strapi's own signal handlers (destroy, then process.exit()) would end the process before the cleanups had
    // stopped the server and dropped the database; this process destroys the in-process app itself.
    restoreListeners();
    const dataset = await seedDataset(strapi, { tickets: options.tickets ?? 60, users: 30, staff: 6, groups: 3 });
    const keys: RoleKeys = {
      user: (await mintApiKey(strapi, dataset.actors.user, { name: `${options.purpose} user` })).key,
      staff: (await mintApiKey(strapi, dataset.actors.staff, { name: `${options.purpose} staff` })).key,
      admin: (await mintApiKey(strapi, dataset.actors.admin, { name: `${options.purpose} admin` })).key,
    };
    const prepared = (options.prepare ? await options.prepare(strapi, { dataset, keys }) : undefined) as T;
    // The server is the only writer from here on; the in-process app would only compete for the cores.
    await strapi.destroy();
    strapi = null;
    // destroy() removed every process listener, exit-cleanup's and Node's own too.
    restoreListeners();

    const server = await startServer({ kind: 'helpdesk', env: { ...database.env, ...(options.serverEnv ?? {}) }, logDir: options.logDir });
    const forgetServer = onCleanup('stop the help desk server', () => server.stop());
    return {
      database,
      server,
      dataset,
      keys,
      prepared,
      async stop() {
        forgetServer();
        await server.stop();
        forgetDatabase();
        await database.drop();
      },
    };
  } catch (error) {
    if (strapi) await strapi.destroy().catch(() => undefined);
    restoreListeners();
    forgetDatabase();
    await database.drop();
    throw error;
  }
};
