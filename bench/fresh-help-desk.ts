import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { keepProcessListeners, onCleanup } from './exit-cleanup';
import { pgAdminConnection } from './database';
import { createApp, mintApiKey } from './prepare';
import { seedDataset, type Dataset } from './seed';
import { startServer, type RunningServer } from './servers';
import { ticketTables, type TicketTables } from '../src/plugins/helpdesk/server/src/database/ticket-tables';

/**
 * A help desk made from nothing for one run of an operator script, to drive from outside: a fresh database (a
 * temporary SQLite file, or a PostgreSQL database of its own), seeded through the app's own services with the app
 * loaded in this process, and API keys made the same way. Then the servers run as their own processes (servers.ts).
 * - soak and faults: `seedDemoHelpDesk`, the demo help desk (three groups, their staff and users, an admin, the
 *   catalog, sixty tickets in every status) and a key for every account; they start their instances themselves.
 * - fuzz: `startFreshApp`, a small bench dataset (seed.ts), a key per role, and one server.
 */

interface PgClient {
  connect(): Promise<void>;
  query(sql: string): Promise<unknown>;
  end(): Promise<void>;
}
// pg ships no types and the app has no @types/pg (see database.ts).
const { Client } = require('pg') as { Client: new (config: object) => PgClient };

/** Where a PostgreSQL server listens; the role must be allowed to create databases. */
export interface PgServer {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface FreshDatabase {
  client: 'sqlite' | 'postgres';
  /** For people: the file, or the database and server. */
  label: string;
  /** Environment for config/database.ts, in this process and in the servers. */
  env: Record<string, string>;
  drop(): Promise<void>;
}

/**
 * A new, empty database, created now: a SQLite file in a temporary folder, or a PostgreSQL database named after the
 * run's purpose, this process and a random suffix (`helpdesk_<purpose>_<pid>_<random>`, so parallel runs never
 * share one). `drop()` removes it; the caller registers that with `onCleanup` when it is the one to drop it.
 */
export const createFreshDatabase = async (
  client: 'sqlite' | 'postgres',
  options: { purpose: string; server?: PgServer },
): Promise<FreshDatabase> => {
  if (client === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `helpdesk-${options.purpose}-`));
    const file = path.join(dir, 'data.db');
    return {
      client: 'sqlite',
      label: file,
      env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const server = options.server ?? pgAdminConnection();
  const name = `helpdesk_${options.purpose}_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const connection = new Client({ ...server, database: 'postgres' });
    await connection.connect();
    try {
      await connection.query(sql);
    } finally {
      await connection.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  return {
    client: 'postgres',
    label: `PostgreSQL database ${name} on ${server.host}:${server.port}`,
    env: {
      DATABASE_CLIENT: 'postgres',
      DATABASE_HOST: server.host,
      DATABASE_PORT: String(server.port),
      DATABASE_USERNAME: server.user,
      DATABASE_PASSWORD: server.password,
      DATABASE_NAME: name,
    },
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
};

/**
 * Runs `work` with the app loaded in this process (no HTTP server), then destroys it. The script's signal handling
 * stays as it was: Strapi's own SIGINT and SIGTERM handler (destroy, then exit, before the cleanups have dropped the
 * database) is dropped as soon as the app is created, before it loads, and what `strapi.destroy()` removes (every
 * process listener, Node's own signal wiring included) is put back.
 */
const withAppInThisProcess = async <T>(env: Record<string, string>, work: (strapi: Core.Strapi) => Promise<T>): Promise<T> => {
  const restoreListeners = keepProcessListeners();
  let strapi: Core.Strapi | null = null;
  try {
    strapi = createApp(env);
    restoreListeners();
    await strapi.load();
    const result = await work(strapi);
    await strapi.destroy();
    return result;
  } catch (error) {
    await strapi?.destroy().catch(() => undefined);
    throw error;
  } finally {
    restoreListeners();
  }
};

export type Role = 'user' | 'staff' | 'admin';

/** One help-desk account with its API key, as a client sees it. */
export interface Caller {
  email: string;
  /** Public id (ULID). */
  userId: string;
  /** What `assign_ticket` records as the assignee's name. */
  username: string;
  role: Role;
  /** Public ids of the account's groups. */
  groupIds: string[];
  apiKey: string;
}

export interface HelpDeskFixture {
  callers: Caller[];
  categories: Array<{ id: string; name: string; groupId: string | null }>;
  statuses: Array<{ id: string; name: string; kind: string }>;
  groups: Array<{ id: string; name: string }>;
  /** The demo's tickets, which every run starts from. */
  ticketIds: string[];
  /** Table and column names of the tickets, replies, audit log and their links, from Strapi's metadata. */
  tables: TicketTables;
}

/** Loads the demo help desk into the (fresh) database of `env` and makes a key named `keyName` for every account. */
export const seedDemoHelpDesk = (env: Record<string, string>, keyName: string): Promise<HelpDeskFixture> =>
  withAppInThisProcess(env, async (strapi) => {
    const helpdesk = strapi.plugin('helpdesk');
    await helpdesk.service('demo').load();
    const users = (await strapi.db.query('plugin::users-permissions.user').findMany({
      select: ['id', 'documentId', 'username', 'email'],
      orderBy: { id: 'asc' },
    })) as Array<{ id: number; documentId: string; username: string; email: string }>;
    const callers: Caller[] = [];
    for (const user of users) {
      const { key } = await mintApiKey(strapi, user.id, { name: keyName });
      const actor = (await helpdesk
        .service('actors')
        .actorFor({ id: user.id }, { credential: { kind: 'cli', id: null, name: 'bench' }, channel: 'cli', readOnly: false })) as { role: Role; groupIds: string[] };
      callers.push({ email: user.email, userId: user.documentId, username: user.username, role: actor.role, groupIds: actor.groupIds, apiKey: key });
    }
    const categories = (await strapi.db.query('plugin::helpdesk.category').findMany({
      select: ['documentId', 'name'],
      populate: { default_group: { select: ['documentId'] } },
    })) as Array<{ documentId: string; name: string; default_group: { documentId: string } | null }>;
    const statuses = (await strapi.db.query('plugin::helpdesk.status').findMany({
      select: ['documentId', 'name', 'kind'],
      orderBy: { sort_order: 'asc' },
    })) as Array<{ documentId: string; name: string; kind: string }>;
    const groups = (await strapi.db.query('plugin::helpdesk.group').findMany({ select: ['documentId', 'name'] })) as Array<{ documentId: string; name: string }>;
    const tickets = (await strapi.db.query('plugin::helpdesk.ticket').findMany({ select: ['documentId'] })) as Array<{ documentId: string }>;
    return {
      callers,
      categories: categories.map((c) => ({ id: c.documentId, name: c.name, groupId: c.default_group?.documentId ?? null })),
      statuses: statuses.map((s) => ({ id: s.documentId, name: s.name, kind: s.kind })),
      groups: groups.map((g) => ({ id: g.documentId, name: g.name })),
      ticketIds: tickets.map((t) => t.documentId),
      tables: { ...ticketTables(strapi) },
    };
  });

export interface RoleKeys {
  user: string;
  staff: string;
  admin: string;
}

export interface FreshApp<T> {
  database: FreshDatabase;
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

/**
 * One help-desk server on a fresh database with a small bench dataset and a key per role. `stop()` stops the server
 * and drops the database; the cleanups do the same when the run ends otherwise.
 */
export const startFreshApp = async <T = undefined>(options: FreshAppOptions<T>): Promise<FreshApp<T>> => {
  const database = await createFreshDatabase(options.client, { purpose: options.purpose });
  const forgetDatabase = onCleanup(`drop ${database.label}`, () => database.drop());
  try {
    const { dataset, keys, prepared } = await withAppInThisProcess(database.env, async (strapi) => {
      const seeded = await seedDataset(strapi, { tickets: options.tickets ?? 60, users: 30, staff: 6, groups: 3 });
      const roleKeys: RoleKeys = {
        user: (await mintApiKey(strapi, seeded.actors.user, { name: `${options.purpose} user` })).key,
        staff: (await mintApiKey(strapi, seeded.actors.staff, { name: `${options.purpose} staff` })).key,
        admin: (await mintApiKey(strapi, seeded.actors.admin, { name: `${options.purpose} admin` })).key,
      };
      const extra = (options.prepare ? await options.prepare(strapi, { dataset: seeded, keys: roleKeys }) : undefined) as T;
      // The server is the only writer from here on; the in-process app would only compete for the cores.
      return { dataset: seeded, keys: roleKeys, prepared: extra };
    });
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
    forgetDatabase();
    await database.drop();
    throw error;
  }
};
