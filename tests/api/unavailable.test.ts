import fs from 'fs';
import net, { type AddressInfo } from 'net';
import http from 'http';
import path from 'path';
import { spawn } from 'child_process';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { applyTestEnvironment } from '../helpers/test-env';
import { createAccount, type TestAccount } from '../helpers/accounts';
import { request } from '../helpers/http';
import { multipart, storedHelpdeskFiles } from '../helpers/files';
import { callTool, createKey, rawMcp, readyClient, structured, toolError } from './mcp-support';
import { isDatabaseUnavailable } from '../../src/plugins/helpdesk/server/src/database/unavailable';

// better-sqlite3 ships no types here; this is all of it the test uses.
const Database = require('better-sqlite3') as new (file: string) => { exec(sql: string): void; close(): void };

const isPostgres = process.env.DATABASE_CLIENT === 'postgres';
const APP_DIR = path.join(__dirname, '..', '..');

/** A way to take the database away from the running app for real, and to give it back. */
interface Outage {
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

interface PgProxy extends Outage {
  port: number;
  /** The next connection that sends BEGIN is cut there: the database goes away as a transaction starts. */
  dropNextBegin(): void;
  /** The next connection that sends COMMIT is cut there: the database goes away as a transaction ends. */
  dropNextCommit(): void;
}

/**
 * PostgreSQL: a TCP proxy on loopback between the app and the server. Cutting it destroys every connection and
 * stops listening (new connections are refused): the same faults as PostgreSQL going away, without stopping the
 * machine's PostgreSQL that others use.
 */
const startPgProxy = async (target: { host: string; port: number }): Promise<PgProxy> => {
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  let port = 0;
  let dropAt: 'BEGIN' | 'COMMIT' | null = null;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = net.createServer((client) => {
        const upstream = net.connect(target.port, target.host);
        sockets.add(client);
        sockets.add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        for (const socket of [client, upstream]) {
          socket.on('error', drop);
          socket.on('close', drop);
        }
        client.on('data', (chunk: Buffer) => {
          // A simple-protocol Query message that starts or ends a transaction: knex sends "BEGIN;" and "COMMIT;".
          if (dropAt && chunk[0] === 0x51 && chunk.includes(dropAt)) {
            dropAt = null;
            drop();
            return;
          }
          upstream.write(chunk);
        });
        upstream.pipe(client);
      });
      s.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        port = (s.address() as AddressInfo).port;
        server = s;
        resolve();
      });
    });
  const stop = () =>
    new Promise<void>((resolve) => {
      const s = server;
      server = null;
      for (const socket of sockets) socket.destroy();
      sockets.clear();
      if (!s) return resolve();
      s.close(() => resolve());
    });
  await listen();
  return {
    get port() {
      return port;
    },
    cut: stop,
    restore: listen,
    close: stop,
    dropNextBegin() {
      dropAt = 'BEGIN';
    },
    dropNextCommit() {
      dropAt = 'COMMIT';
    },
  };
};

/**
 * SQLite: a second connection holds an exclusive lock, as another process writing (a backup, a CLI batch) would.
 * The app's reads and writes then wait out the busy timeout and fail with SQLITE_BUSY, and succeed once it is let go.
 */
const sqliteLock = (file: string): Outage => {
  let lock: { exec(sql: string): void; close(): void } | null = null;
  const release = async () => {
    if (!lock) return;
    lock.exec('ROLLBACK');
    lock.close();
    lock = null;
  };
  return {
    async cut() {
      lock = new Database(file);
      lock.exec('BEGIN EXCLUSIVE');
    },
    restore: release,
    close: release,
  };
};

const expectRetryAfter = (headers: Headers) => {
  const value = headers.get('retry-after');
  expect(value).toMatch(/^[1-9][0-9]*$/);
};

// Nothing about the fault (driver messages, SQL, stacks) may reach the caller.
const expectNoInternals = (text: string) => {
  for (const leak of ['ECONNREFUSED', 'SQLITE', 'select', 'Knex', 'Connection terminated', '    at ']) expect(text).not.toContain(leak);
};

describe(`database loss answers 503 unavailable, and the app recovers without a restart (${isPostgres ? 'PostgreSQL' : 'SQLite'})`, () => {
  let app: TestApp;
  let database: TestDatabase;
  let outage: Outage;
  let proxy: PgProxy | null = null;
  let staff: TestAccount;
  let cachedKey: string;
  let uncachedKey: string;
  let mcp: Client;
  const realPort = process.env.DATABASE_PORT;

  beforeAll(async () => {
    // A request waits at most this long for the database before it is told to come back later.
    process.env.DATABASE_CONNECTION_TIMEOUT = '1000';
    database = await createTestDatabase();
    if (isPostgres) {
      proxy = await startPgProxy({ host: database.env.DATABASE_HOST as string, port: Number(database.env.DATABASE_PORT) });
      outage = proxy;
      app = await startHelpdesk({ database: { ...database, env: { ...database.env, DATABASE_HOST: '127.0.0.1', DATABASE_PORT: String(proxy.port) } } });
    } else {
      outage = sqliteLock(database.env.DATABASE_FILENAME as string);
      app = await startHelpdesk({ database });
    }
    staff = await createAccount(app.strapi, { email: 'sam.staff@example.com', role: 'staff' });
    cachedKey = await createKey(app, staff, { name: 'cached' });
    uncachedKey = await createKey(app, staff, { name: 'never used before the outage' });
    mcp = await readyClient(app, cachedKey);
  });
  afterAll(async () => {
    await mcp?.close();
    await outage?.close();
    await app?.stop({ drop: false });
    // The admin connection that drops the test database must not go through the (closed) proxy.
    if (realPort === undefined) delete process.env.DATABASE_PORT;
    else process.env.DATABASE_PORT = realPort;
    delete process.env.DATABASE_CONNECTION_TIMEOUT;
    await database?.drop();
  });

  const keyCount = () => app.strapi.db.query('plugin::helpdesk.api-key').count({});

  it('answers every channel with unavailable and Retry-After while the database is gone, then serves again', async () => {
    const keysBefore = await keyCount();

    // MCP, identity cached: a tool result, not a transport failure. Its own short outage, right after warming the
    // cache: on SQLite each refused request first waits out the busy timeout, and the identity cache lasts 5 s, so
    // a cached case that came after another refused request could find the cache already expired on a slow machine.
    structured(await callTool(mcp, 'list_tickets'));
    await outage.cut();
    try {
      const listed = toolError(await callTool(mcp, 'list_tickets'));
      expect(listed.code).toBe('unavailable');
    } finally {
      await outage.restore();
    }

    // Warm the identity cache of the key for the REST cached case.
    expect((await request(app.baseUrl, 'GET', '/api/helpdesk/tickets', { token: cachedKey })).status).toBe(200);
    await outage.cut();
    try {
      // REST, identity cached: the ticket query itself fails.
      const cached = await request(app.baseUrl, 'GET', '/api/helpdesk/tickets', { token: cachedKey });
      expect(cached.status).toBe(503);
      expect(cached.body.error).toMatchObject({ status: 503, code: 'unavailable' });
      expectRetryAfter(cached.headers);
      expectNoInternals(cached.text);

      // REST, the key must be looked up: the auth strategy's query fails.
      const lookup = await request(app.baseUrl, 'GET', '/api/helpdesk/tickets', { token: uncachedKey });
      expect(lookup.status).toBe(503);
      expect(lookup.body.error).toMatchObject({ status: 503, code: 'unavailable' });
      expectRetryAfter(lookup.headers);
      expectNoInternals(lookup.text);

      // A write: refused as unavailable, and (checked below) nothing of it was kept.
      const write = await request(app.baseUrl, 'POST', '/api/helpdesk/api-keys', { token: cachedKey, body: { name: 'during the outage' } });
      expect(write.status).toBe(503);
      expect(write.body.error.code).toBe('unavailable');

      // MCP, the credential lookup in the gate fails: no JSON-RPC message was read, so an HTTP 503.
      const gate = await rawMcp(app, { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'list_tickets', arguments: {} } }, { credential: uncachedKey });
      expect(gate.status).toBe(503);
      expect(gate.body).toMatchObject({ jsonrpc: '2.0', id: null, error: { data: { code: 'unavailable' } } });
      expectRetryAfter(gate.headers);
      expectNoInternals(gate.text);

      // The token endpoint speaks RFC 6749.
      const token = await request(app.baseUrl, 'POST', '/api/auth/token', {
        form: { grant_type: 'password', username: staff.email, password: staff.password },
      });
      expect(token.status).toBe(503);
      expect(token.body.error).toBe('temporarily_unavailable');
      expectRetryAfter(token.headers);
      expectNoInternals(token.text);

      // So does the OAuth authorization server's (its client and token lookups are in the database too).
      const refresh = await request(app.baseUrl, 'POST', '/oauth/token', {
        form: { grant_type: 'refresh_token', refresh_token: 'r'.repeat(43), client_id: 'some-assistant' },
      });
      expect(refresh.status).toBe(503);
      expect(refresh.body.error).toBe('temporarily_unavailable');
      expectRetryAfter(refresh.headers);
      expectNoInternals(refresh.text);

      const health = await request(app.baseUrl, 'GET', '/_health');
      expect(health.status).toBe(503);
      expectRetryAfter(health.headers);
    } finally {
      await outage.restore();
    }

    // The same running app, the database back: everything answers again.
    expect((await request(app.baseUrl, 'GET', '/_health')).status).toBe(204);
    expect((await request(app.baseUrl, 'GET', '/api/helpdesk/tickets', { token: cachedKey })).status).toBe(200);
    expect((await request(app.baseUrl, 'GET', '/api/helpdesk/tickets', { token: uncachedKey })).status).toBe(200);
    structured(await callTool(mcp, 'list_tickets'));
    const token = await request(app.baseUrl, 'POST', '/api/auth/token', {
      form: { grant_type: 'password', username: staff.email, password: staff.password },
    });
    expect(token.status).toBe(200);
    expect(await keyCount()).toBe(keysBefore);
    const created = await request(app.baseUrl, 'POST', '/api/helpdesk/api-keys', { token: cachedKey, body: { name: 'after the outage' } });
    expect(created.status).toBe(201);
    expect(await keyCount()).toBe(keysBefore + 1);
  }, 120_000);

  // Found by `npm run faults`: PostgreSQL stopping while a change opened its transaction answered 500 internal.
  // knex marks the transaction complete when BEGIN fails and hands it out anyway; the change's first query then
  // fails with "Transaction query already complete", which names no cause. PostgreSQL only: SQLite has no socket.
  (isPostgres ? it : it.skip)('answers unavailable, not internal, when the connection is lost as a change begins its transaction', async () => {
    const admin = await createAccount(app.strapi, { email: 'ada.admin@example.com', role: 'admin' });
    const key = await createKey(app, admin, { name: 'lost at BEGIN' });
    const category = await app.strapi.documents('plugin::helpdesk.category').create({ data: { name: 'Outages' } as never });
    const created = await request(app.baseUrl, 'POST', '/api/helpdesk/tickets', {
      token: key,
      body: { subject: 'Lost at BEGIN', description: 'The database goes as the change starts.', category_id: category.documentId },
    });
    expect(created.status).toBe(201);
    const ticketId = created.body.data.id as string;
    const statuses = (await request(app.baseUrl, 'GET', '/api/helpdesk/statuses', { token: key })).body.data as Array<{ id: string; kind: string; name: string }>;
    const resolved = statuses.find((s) => s.kind === 'resolved') as { id: string; name: string };
    const client = await readyClient(app, key);
    try {
      (proxy as PgProxy).dropNextBegin();
      const rest = await request(app.baseUrl, 'PUT', `/api/helpdesk/tickets/${ticketId}/status`, { token: key, body: { status_id: resolved.id } });
      expect(rest.status).toBe(503);
      expect(rest.body.error).toMatchObject({ status: 503, code: 'unavailable' });
      expectRetryAfter(rest.headers);
      expectNoInternals(rest.text);

      (proxy as PgProxy).dropNextBegin();
      const tool = toolError(await callTool(client, 'assign_ticket', { ticket_id: ticketId, assignee_id: admin.documentId }));
      expect(tool.code).toBe('unavailable');

      // Nothing of either was kept, and the same requests go through once the connection is back.
      const ticket = (await request(app.baseUrl, 'GET', `/api/helpdesk/tickets/${ticketId}`, { token: key })).body.data;
      expect(ticket.status.name).not.toBe(resolved.name);
      expect(ticket.assignee).toBeNull();
      const again = await request(app.baseUrl, 'PUT', `/api/helpdesk/tickets/${ticketId}/status`, { token: key, body: { status_id: resolved.id } });
      expect(again.status).toBe(200);
      structured(await callTool(client, 'assign_ticket', { ticket_id: ticketId, assignee_id: admin.documentId }));
    } finally {
      await client.close();
    }
  }, 60_000);

  // Found by `npm run faults`: an acknowledged reply was not in the database. knex resolves commit() even when
  // COMMIT fails (it rejects only the transaction's own promise), so a connection lost as a change commits was
  // answered as a success while PostgreSQL rolled the change back. PostgreSQL only: SQLite has no socket.
  (isPostgres ? it : it.skip)('never acknowledges a change whose COMMIT was lost with the connection', async () => {
    const admin = await createAccount(app.strapi, { email: 'cy.commit@example.com', role: 'admin' });
    const key = await createKey(app, admin, { name: 'lost at COMMIT' });
    const category = await app.strapi.documents('plugin::helpdesk.category').create({ data: { name: 'Commits' } as never });
    const created = await request(app.baseUrl, 'POST', '/api/helpdesk/tickets', {
      token: key,
      body: { subject: 'Lost at COMMIT', description: 'The database goes as the change ends.', category_id: category.documentId },
    });
    expect(created.status).toBe(201);
    const ticketId = created.body.data.id as string;
    const replies = () => app.strapi.db.query('plugin::helpdesk.reply').count({ where: { ticket: { documentId: ticketId } } });
    const before = await replies();
    const client = await readyClient(app, key);
    try {
      (proxy as PgProxy).dropNextCommit();
      const rest = await request(app.baseUrl, 'POST', `/api/helpdesk/tickets/${ticketId}/replies`, { token: key, body: { body: 'Sent as the database went away.' } });
      expect(rest.status).toBe(503);
      expect(rest.body.error).toMatchObject({ status: 503, code: 'unavailable' });
      expectRetryAfter(rest.headers);

      (proxy as PgProxy).dropNextCommit();
      const tool = toolError(await callTool(client, 'reply_to_ticket', { ticket_id: ticketId, body: 'Also sent as it went away.' }));
      expect(tool.code).toBe('unavailable');

      // Neither was kept, and both go through once the connection is back.
      expect(await replies()).toBe(before);
      expect((await request(app.baseUrl, 'POST', `/api/helpdesk/tickets/${ticketId}/replies`, { token: key, body: { body: 'Again.' } })).status).toBe(201);
      expect(await replies()).toBe(before + 1);
    } finally {
      await client.close();
    }
  }, 60_000);

  // Files are handed to the upload provider inside the change; a change the database rolls back must take them along.
  (isPostgres ? it : it.skip)('leaves no file behind when a reply with attachments loses its COMMIT', async () => {
    const admin = await createAccount(app.strapi, { email: 'cy.files@example.com', role: 'admin' });
    const key = await createKey(app, admin, { name: 'files lost at COMMIT' });
    const category = await app.strapi.documents('plugin::helpdesk.category').create({ data: { name: 'Commit files' } as never });
    const created = await request(app.baseUrl, 'POST', '/api/helpdesk/tickets', {
      token: key,
      body: { subject: 'Files lost at COMMIT', description: 'The database goes as the files are saved.', category_id: category.documentId },
    });
    const ticketId = created.body.data.id as string;
    const footprint = async () => ({
      replies: await app.strapi.db.query('plugin::helpdesk.reply').count({ where: { ticket: { documentId: ticketId } } }),
      attachments: await app.strapi.db.query('plugin::helpdesk.attachment').count({}),
      uploadRows: await app.strapi.db.query('plugin::upload.file').count({}),
      files: storedHelpdeskFiles().length,
    });
    const before = await footprint();
    (proxy as PgProxy).dropNextCommit();
    const res = await multipart(app.baseUrl, 'POST', `/api/helpdesk/tickets/${ticketId}/replies`, {
      token: key,
      fields: { body: 'Two logs, sent as the database went away.' },
      files: [{ name: 'one.log', content: Buffer.from('first\n') }, { name: 'two.log', content: Buffer.from('second\n') }],
    });
    expect(res.status).toBe(503);
    expect(await footprint()).toEqual(before);
  }, 60_000);

  it('does not take a statement the database refused (a duplicate key) for an unavailable database', async () => {
    const [row] = await app.strapi.db.connection('strapi_core_store_settings').select('id').limit(1);
    const refused = await app.strapi.db
      .connection('strapi_core_store_settings')
      .insert({ id: row.id, key: 'duplicate' })
      .then(() => null, (error: unknown) => error);
    // The database's own word for it: a primary-key violation (SQLite's extended code, or PostgreSQL's SQLSTATE).
    expect((refused as { code?: string }).code).toMatch(/^(SQLITE_CONSTRAINT_PRIMARYKEY|23505)$/);
    expect(isDatabaseUnavailable(refused)).toBe(false);
  });
});

describe('graceful shutdown of the started app', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    applyTestEnvironment();
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await database?.drop();
  });

  const freePort = () =>
    new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as AddressInfo;
        s.close(() => resolve(port));
      });
    });

  const DRAIN_MS = 3000;

  it('on SIGTERM refuses new connections, finishes the request in flight, cuts one that outlasts the bound, and exits 0', async () => {
    const port = await freePort();
    const logFile = path.join(fs.mkdtempSync(path.join(require('os').tmpdir(), 'helpdesk-shutdown-')), 'server.log');
    const log = fs.openSync(logFile, 'w');
    const child = spawn(process.execPath, [path.join(APP_DIR, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js'), 'start'], {
      cwd: APP_DIR,
      env: {
        ...process.env,
        ...database.env,
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        PORT: String(port),
        STRAPI_TELEMETRY_DISABLED: 'true',
        STRAPI_STARTUP_MESSAGE: 'false',
        HELPDESK_SHUTDOWN_DRAIN_MS: String(DRAIN_MS),
      },
      stdio: ['ignore', log, log],
    });
    const exited = new Promise<{ code: number | null; at: number }>((resolve) => child.once('exit', (code) => resolve({ code, at: Date.now() })));
    try {
      const base = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 60_000;
      for (;;) {
        const ok = await fetch(`${base}/_health`).then((r) => r.status === 204, () => false);
        if (ok) break;
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the app did not start; see ${logFile}`);
        await new Promise((r) => setTimeout(r, 250));
      }

      // Requests in flight: their headers are in, their bodies arrive slowly (a slow client on a slow network).
      // One finishes 1.5 s after the signal; the other never does, and must not hold the shutdown past the bound.
      const body = 'grant_type=password&username=nobody%40example.com&password=wrong';
      const slowRequest = (finishAfterMs: number | null) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = http.request(
            { host: '127.0.0.1', port, method: 'POST', path: '/api/auth/token', headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) } },
            (res) => {
              let text = '';
              res.on('data', (chunk) => (text += chunk));
              res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
              res.on('error', reject);
            },
          );
          req.on('error', reject);
          req.write(body.slice(0, 20));
          if (finishAfterMs !== null) setTimeout(() => req.end(body.slice(20)), finishAfterMs);
        });
      const answer = slowRequest(1700);
      const stuck = slowRequest(null).then(
        () => 'answered',
        (error: NodeJS.ErrnoException) => error.code ?? error.message,
      );
      await new Promise((r) => setTimeout(r, 200));

      const signalled = Date.now();
      child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));

      // No new connection is accepted while the request in flight finishes.
      const refused = await new Promise<string>((resolve) => {
        const socket = net.connect(port, '127.0.0.1');
        socket.once('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(refused).toBe('ECONNREFUSED');

      const finished = await answer;
      expect(finished.status).toBe(400);
      expect(JSON.parse(finished.body)).toMatchObject({ error: 'invalid_grant' });

      // The request that never finished is cut off once the bound runs out, and the process still exits 0.
      expect(await stuck).toBe('ECONNRESET');
      const { code, at } = await exited;
      expect(code).toBe(0);
      expect(at - signalled).toBeGreaterThanOrEqual(DRAIN_MS - 200);
      expect(at - signalled).toBeLessThan(DRAIN_MS + 5_000);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      fs.closeSync(log);
    }
  }, 120_000);
});
