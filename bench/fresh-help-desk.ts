import crypto from 'crypto';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { spawn } from 'child_process';
import type { Core } from '@strapi/strapi';
import { trackChild } from './exit-cleanup';
import { pgAdminConnection } from './database';
import { loadApp } from './prepare';
import { ticketTables, type TicketTables } from '../src/plugins/helpdesk/server/src/database/ticket-tables';
import type { Actor } from '../src/plugins/helpdesk/server/src/auth/actor';

/**
 * A help desk to drive from outside, made from nothing for one run (for the operator scripts: soak and faults, and
 * meant for fuzz too): a fresh database, the demo help desk loaded into it through the app's own services (three
 * groups, their staff and users, an admin, the catalog, sixty tickets in every status), and one API key per
 * account. The servers are started afterwards, as their own processes (servers.ts).
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

/** A new, empty database: a temporary SQLite file, or a PostgreSQL database with a name of its own. */
export const createFreshDatabase = async (kind: 'sqlite' | 'postgres', server: PgServer = pgAdminConnection()): Promise<FreshDatabase> => {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-run-'));
    const file = path.join(dir, 'data.db');
    return {
      client: 'sqlite',
      label: file,
      env: { DATABASE_CLIENT: 'sqlite', DATABASE_FILENAME: file },
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `helpdesk_run_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = async (sql: string) => {
    const client = new Client({ ...server, database: 'postgres' });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
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

const cliActor = async (strapi: Core.Strapi, internalId: number): Promise<Actor> => {
  const actor = (await strapi
    .plugin('helpdesk')
    .service('actors')
    .actorFor({ id: internalId }, { credential: { kind: 'cli', id: null, name: 'operator script' }, channel: 'cli', readOnly: false })) as Actor | null;
  if (!actor) throw new Error(`no account with row id ${internalId}`);
  return actor;
};

/** Loads the demo and makes a key for every account, with the app loaded in this process (no HTTP server). */
const seedInThisProcess = async (env: Record<string, string>, keyName: string): Promise<HelpDeskFixture> => {
  const strapi = await loadApp(env);
  try {
    const helpdesk = strapi.plugin('helpdesk');
    await helpdesk.service('demo').load();
    const users = (await strapi.db.query('plugin::users-permissions.user').findMany({
      select: ['id', 'documentId', 'username', 'email'],
      orderBy: { id: 'asc' },
    })) as Array<{ id: number; documentId: string; username: string; email: string }>;
    const callers: Caller[] = [];
    for (const user of users) {
      const actor = await cliActor(strapi, user.id);
      const created = (await helpdesk.service('credentials').createKey(actor, { name: keyName, read_only: false, expires_at: null })) as { key: string };
      callers.push({ email: user.email, userId: user.documentId, username: user.username, role: actor.role, groupIds: actor.groupIds, apiKey: created.key });
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
  } finally {
    await strapi.destroy();
  }
};

/**
 * Seeds in a child process of its own and returns what it made. Not in the caller's process: Strapi's destroy()
 * calls process.removeAllListeners(), which also takes away Node's own hook that turns a SIGINT or SIGTERM listener
 * into a signal handler, so the script's Ctrl-C handling (which stops everything it started) would be gone for good.
 */
export const seedHelpDesk = async (env: Record<string, string>, keyName: string): Promise<HelpDeskFixture> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-seed-'));
  const out = path.join(dir, 'fixture.json');
  try {
    const child = spawn(process.execPath, [__filename, out, keyName], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    trackChild(child);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    if (code !== 0) throw new Error(`seeding failed (exit ${code}):\n${stderr.slice(-2000)}`);
    return JSON.parse(fs.readFileSync(out, 'utf8')) as HelpDeskFixture;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

// The child's side of seedHelpDesk: `node fresh-help-desk.js <out.json> <key name>`, the database in its environment.
if (require.main === module) {
  const [out, keyName] = process.argv.slice(2) as [string, string];
  seedInThisProcess({}, keyName).then(
    (fixture) => {
      fs.writeFileSync(out, JSON.stringify(fixture));
      process.exit(0);
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
