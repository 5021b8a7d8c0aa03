import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import { execFileSync } from 'child_process';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { createAccount, createGroup, type TestAccount } from '../helpers/accounts';
import { registerFirstAdmin } from '../helpers/admin';
import { request } from '../helpers/http';
import { callTool, createKey, initializeMessage, MCP_ACCEPT, rawMcp, readyClient, toolError } from './mcp-support';
import { parseInput } from '../../src/plugins/helpdesk/server/src/validation/parse';
import { createPanelUserSchema } from '../../src/plugins/helpdesk/server/src/validation/panel-users';

/**
 * Findings of the security review about what the server trusts from a request (Host, Origin, text) and about the
 * secrets file: each describe failed on the code before its fix.
 */
const NUL = '\u0000';
const METADATA = '/.well-known/oauth-protected-resource/mcp';

/** fetch() will not send a Host header of our choosing; node's http client will. */
const rawHttp = (baseUrl: string, method: string, pathname: string, headers: Record<string, string>, body?: string) =>
  new Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }>((resolve, reject) => {
    const req = http.request(new URL(pathname, baseUrl), { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });

const SPOOFED = { Host: 'evil.example', 'X-Forwarded-Host': 'evil.example', 'X-Forwarded-Proto': 'https' };

type FieldIssue = { field: string; rule: string };
const noNulFields = (fields: FieldIssue[] | undefined) => (fields ?? []).filter((f) => f.rule === 'no_nul').map((f) => f.field).sort();

describe('security review: requests and input', () => {
  let app: TestApp;
  let staff: TestAccount;
  let staffKey: string;
  let categoryId: string;
  let ticketId: string;
  let panelToken: string;

  const api = (method: string, pathname: string, body?: unknown, token = staffKey) =>
    request(app.baseUrl, method, `/api/helpdesk${pathname}`, { token, body });
  const count = (uid: string) => app.strapi.db.query(uid as 'plugin::helpdesk.ticket').count({});

  beforeAll(async () => {
    app = await startHelpdesk();
    staff = await createAccount(app.strapi, { email: 'nell.nul@example.com', role: 'staff' });
    const team = await createGroup(app.strapi, 'Input team', [staff]);
    categoryId = (
      await app.strapi.documents('plugin::helpdesk.category').create({ data: { name: 'Inputs', default_group: { documentId: team.documentId } } as never })
    ).documentId;
    staffKey = await createKey(app, staff, { name: 'input tests' });
    const created = await api('POST', '/tickets', { subject: 'Keyboard', description: 'Keys stick.', category_id: categoryId });
    expect(created.status).toBe(201);
    ticketId = created.body.data.id;
    panelToken = (await registerFirstAdmin(app.baseUrl, 'root@example.com')).token;
  });
  afterAll(async () => {
    await app?.stop();
  });

  describe("finding 3: URLs the server hands out are its own, never the request's Host", () => {
    it('serves the protected-resource metadata with the listening address, and keeps it out of shared caches', async () => {
      const res = await rawHttp(app.baseUrl, 'GET', METADATA, SPOOFED);
      expect(res.status).toBe(200);
      expect(res.text).not.toContain('evil.example');
      expect(JSON.parse(res.text)).toMatchObject({ resource: `${app.baseUrl}/mcp`, authorization_servers: [app.baseUrl] });
      expect(res.headers['cache-control']).toBe('no-store');
    });

    it('points the 401 challenge of /mcp/ at the listening address', async () => {
      const res = await rawHttp(app.baseUrl, 'POST', '/mcp/', { ...SPOOFED, 'Content-Type': 'application/json', Accept: MCP_ACCEPT }, JSON.stringify(initializeMessage()));
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe(`Bearer resource_metadata="${app.baseUrl}${METADATA}"`);
    });

    it("gives the staff pages the listening address as the MCP URL", async () => {
      const res = await rawHttp(app.baseUrl, 'GET', '/helpdesk/me', { ...SPOOFED, Authorization: `Bearer ${panelToken}` });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text).data.mcp_url).toBe(`${app.baseUrl}/mcp/`);
    });
  });

  describe("finding 7: the server's own origin is allowed at /mcp/ without being listed", () => {
    it('accepts an Origin equal to the address the server listens on', async () => {
      const res = await rawMcp(app, initializeMessage(), { credential: staffKey, headers: { Origin: app.baseUrl } });
      expect(res.status).toBe(200);
    });

    it('still refuses every other origin, however close', async () => {
      const { port } = new URL(app.baseUrl);
      for (const origin of [`http://127.0.0.1:${Number(port) + 1}`, `https://127.0.0.1:${port}`, 'http://evil.example', `http://evil.example:${port}`]) {
        const res = await rawMcp(app, initializeMessage(), { credential: staffKey, headers: { Origin: origin } });
        expect([origin, res.status]).toEqual([origin, 403]);
      }
    });
  });

  describe('finding 6: a NUL character in any text field is a validation error, and nothing is written', () => {
    const expectNoNul = (res: { status: number; body: { error: { code: string; details: { fields: FieldIssue[] } } } }, fields: string[]) => {
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_error');
      expect(noNulFields(res.body.error.details.fields)).toEqual([...fields].sort());
    };

    it('refuses it in a new ticket, a reply and a key name over REST', async () => {
      const [tickets, replies, keys] = [await count('plugin::helpdesk.ticket'), await count('plugin::helpdesk.reply'), await count('plugin::helpdesk.api-key')];
      expectNoNul(await api('POST', '/tickets', { subject: `Key${NUL}board`, description: `Sticky${NUL}`, category_id: categoryId }), ['description', 'subject']);
      expectNoNul(await api('POST', `/tickets/${ticketId}/replies`, { body: `Try${NUL}this` }), ['body']);
      expectNoNul(await api('POST', '/api-keys', { name: `ci${NUL}` }), ['name']);
      expect([await count('plugin::helpdesk.ticket'), await count('plugin::helpdesk.reply'), await count('plugin::helpdesk.api-key')]).toEqual([tickets, replies, keys]);
    });

    it('refuses it in list, search and assignee filters over REST', async () => {
      const nul = encodeURIComponent(NUL);
      expectNoNul(await api('GET', `/tickets?q=${nul}x&status=${nul}&category=a${nul}`), ['category', 'q', 'status']);
      expectNoNul(await api('GET', `/assignees?q=${nul}`), ['q']);
    });

    it('refuses a forged list cursor (a NUL, a date that is not one) as a validation error naming cursor', async () => {
      const forge = (activity: unknown) => Buffer.from(JSON.stringify([activity, 1])).toString('base64url');
      for (const cursor of [forge(`2026-01-01${NUL}`), forge({ d: 'not a date' })]) {
        const res = await api('GET', `/tickets?cursor=${cursor}`);
        expect(res.status).toBe(400);
        expect(res.body.error.details.fields).toEqual([expect.objectContaining({ field: 'cursor', rule: 'format' })]);
      }
    });

    it('refuses it in the audit filters of the admin pages', async () => {
      const nul = encodeURIComponent(NUL);
      const res = await request(app.baseUrl, 'GET', `/helpdesk/audit-events?actor=${nul}&key=k${nul}&action=ticket.${nul}`, { token: panelToken });
      expectNoNul(res, ['action', 'actor', 'key']);
    });

    it('refuses it in a token request, as invalid_request', async () => {
      const res = await request(app.baseUrl, 'POST', '/api/auth/token', { form: { grant_type: 'password', username: `nell${NUL}@example.com`, password: 'whatever' } });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_request');
    });

    it('refuses it in account, group, category and panel-user fields', async () => {
      const accounts = app.strapi.plugin('helpdesk').service('accounts');
      const refused = async (run: () => Promise<unknown>, fields: string[]) => {
        const error = await run().then(
          () => null,
          (e: { code?: string; details?: { fields?: FieldIssue[] } }) => e,
        );
        expect(error?.code).toBe('validation_error');
        expect(noNulFields(error?.details?.fields)).toEqual(fields);
      };
      const [groups, categories] = [await count('plugin::helpdesk.group'), await count('plugin::helpdesk.category')];
      await refused(() => accounts.createAccount({ email: 'new@example.com', password: `pass${NUL}word`, role: 'user', name: `New${NUL}` }), ['name', 'password']);
      await refused(() => accounts.createGroup({ name: `Ops${NUL}` }), ['name']);
      await refused(() => accounts.createCategory({ name: `Cat${NUL}`, description: `d${NUL}` }), ['description', 'name']);
      await refused(async () => parseInput(createPanelUserSchema, { email: 'p@example.com', password: `Pass${NUL}word1`, name: `P${NUL}` }), ['name', 'password']);
      expect(await accounts.findAccount('new@example.com')).toBeNull();
      expect([await count('plugin::helpdesk.group'), await count('plugin::helpdesk.category')]).toEqual([groups, categories]);
    });

    describe('over MCP', () => {
      let client: Client;
      beforeAll(async () => {
        client = await readyClient(app, staffKey);
      });
      afterAll(async () => {
        await client?.close();
      });

      it('answers create_ticket, reply_to_ticket and the filters with validation_error naming the field', async () => {
        const [tickets, replies] = [await count('plugin::helpdesk.ticket'), await count('plugin::helpdesk.reply')];
        const cases: Array<[string, Record<string, unknown>, string[]]> = [
          ['create_ticket', { subject: `Mouse${NUL}`, description: 'Clicks twice.', category_id: categoryId }, ['subject']],
          ['create_ticket', { subject: 'Mouse', description: 'Clicks twice.', category_id: categoryId, idempotency_key: `k${NUL}` }, ['idempotency_key']],
          ['reply_to_ticket', { ticket_id: ticketId, body: `Noted${NUL}` }, ['body']],
          ['list_tickets', { q: `x${NUL}` }, ['q']],
          ['list_assignees', { q: NUL }, ['q']],
        ];
        for (const [tool, args, fields] of cases) {
          const error = toolError(await callTool(client, tool, args));
          expect([tool, error.code, noNulFields(error.details?.fields)]).toEqual([tool, 'validation_error', fields]);
        }
        expect([await count('plugin::helpdesk.ticket'), await count('plugin::helpdesk.reply')]).toEqual([tickets, replies]);
      });
    });
  });
});

describe('security review findings 3 and 7 with PUBLIC_URL set', () => {
  let configured: TestApp;
  const publicUrl = 'https://help.example.com';
  const previous = process.env.PUBLIC_URL;

  beforeAll(async () => {
    process.env.PUBLIC_URL = publicUrl;
    configured = await startHelpdesk();
  });
  afterAll(async () => {
    if (previous === undefined) delete process.env.PUBLIC_URL;
    else process.env.PUBLIC_URL = previous;
    await configured?.stop();
  });

  it('serves PUBLIC_URL in the metadata, which may then be cached publicly', async () => {
    const res = await rawHttp(configured.baseUrl, 'GET', METADATA, SPOOFED);
    expect(JSON.parse(res.text)).toMatchObject({ resource: `${publicUrl}/mcp`, authorization_servers: [publicUrl] });
    expect(res.headers['cache-control']).toBe('public, max-age=3600');
  });

  it("allows PUBLIC_URL's origin at /mcp/ and nothing else unlisted", async () => {
    const key = await createKey(configured, await createAccount(configured.strapi, { email: 'pia.public@example.com', role: 'user' }));
    expect((await rawMcp(configured, initializeMessage(), { credential: key, headers: { Origin: publicUrl } })).status).toBe(200);
    expect((await rawMcp(configured, initializeMessage(), { credential: key, headers: { Origin: 'https://evil.example' } })).status).toBe(403);
  });
});

describe('security review finding 4: prepare-env keeps .env private even when it already existed', () => {
  const script = path.join(__dirname, '..', '..', 'scripts', 'prepare-env.js');
  const ALL_KEYS = ['HOST', 'PORT', 'APP_KEYS', 'API_TOKEN_SALT', 'ADMIN_JWT_SECRET', 'TRANSFER_TOKEN_SALT', 'JWT_SECRET', 'ENCRYPTION_KEY', 'HELPDESK_TOKEN_SECRET', 'HELPDESK_KEY_PEPPER', 'STRAPI_TELEMETRY_DISABLED'];
  let root: string;

  /** The script in a scratch app root (it works on the folder above its own), run without the app's settings in its environment. */
  const run = () => {
    execFileSync(process.execPath, [path.join(root, 'scripts', 'prepare-env.js')], { env: { PATH: process.env.PATH ?? '' }, stdio: 'pipe' });
  };
  const mode = () => fs.statSync(path.join(root, '.env')).mode & 0o777;

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'prepare-env-'));
    fs.mkdirSync(path.join(root, 'scripts'));
    fs.copyFileSync(script, path.join(root, 'scripts', 'prepare-env.js'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('makes a complete, world-readable .env 0600 and leaves its content alone', () => {
    const content = ALL_KEYS.map((k) => `${k}=value-of-${k.toLowerCase()}`).join('\n') + '\n';
    fs.writeFileSync(path.join(root, '.env'), content, { mode: 0o644 });
    fs.chmodSync(path.join(root, '.env'), 0o644);
    run();
    expect(mode().toString(8)).toBe('600');
    expect(fs.readFileSync(path.join(root, '.env'), 'utf8')).toBe(content);
  });

  it('makes an existing .env 0600 when it adds missing settings to it', () => {
    fs.writeFileSync(path.join(root, '.env'), 'HOST=127.0.0.1\n');
    fs.chmodSync(path.join(root, '.env'), 0o644);
    run();
    expect(mode().toString(8)).toBe('600');
    const written = fs.readFileSync(path.join(root, '.env'), 'utf8');
    expect(written.startsWith('HOST=127.0.0.1\n')).toBe(true);
    for (const key of ALL_KEYS) expect(written).toMatch(new RegExp(`^${key}=.+$`, 'm'));
  });
});
