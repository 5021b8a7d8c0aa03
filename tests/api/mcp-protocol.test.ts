import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { createAccount, type TestAccount } from '../helpers/accounts';
import { request } from '../helpers/http';
import { connectClient, createKey, initializeMessage, MCP_ACCEPT, passwordToken, rawMcp } from './mcp-support';

/** The body of an HTTP-level refusal: a JSON-RPC error with the help desk's error object as data. */
type RpcError = { error: { code: number; message: string; data?: { code: string } } };

const CHALLENGE = /^Bearer (error="invalid_token", )?resource_metadata="http:\/\/127\.0\.0\.1:\d+\/\.well-known\/oauth-protected-resource\/mcp"$/;

describe('MCP transport and protocol (/mcp/)', () => {
  let app: TestApp;
  let staff: TestAccount;
  let key: string;

  const settings = () => app.strapi.plugin('helpdesk').service('settings');
  /** Failed authentication is audited in aggregate: the MCP failures counted over every (source, minute) row. */
  const mcpFailures = async (): Promise<number> => {
    await app.strapi.plugin('helpdesk').service('failed-authentication').flush();
    const rows = await app.strapi.db.query('plugin::helpdesk.audit-event').findMany({ where: { action: 'auth.failed', outcome: 'refused' } });
    return rows
      .map((r: { details: unknown }) => (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as { channels: { mcp: number } })
      .reduce((n: number, d: { channels: { mcp: number } }) => n + d.channels.mcp, 0);
  };

  beforeAll(async () => {
    app = await startHelpdesk();
    staff = await createAccount(app.strapi, { email: 'sam.staff@example.com', role: 'staff' });
    key = await createKey(app, staff, { name: 'Protocol tests' });
  });
  afterAll(async () => {
    await app?.stop();
  });

  describe('HTTP methods and message shapes', () => {
    it.each(['GET', 'DELETE'])('answers %s with 405 and Allow: POST, before any credential check', async (method) => {
      for (const credential of [undefined, key]) {
        const res = await request(app.baseUrl, method, '/mcp/', {
          token: credential,
          headers: { Accept: MCP_ACCEPT },
        });
        expect(res.status).toBe(405);
        expect(res.headers.get('allow')).toBe('POST');
        expect(res.body.error).toMatchObject({ code: -32000, data: { code: 'validation_error' } });
      }
    });

    it('serves /mcp and /mcp/ alike', async () => {
      for (const path of ['/mcp', '/mcp/']) {
        const res = await rawMcp(app, initializeMessage(), { credential: key, path });
        expect([path, res.status]).toEqual([path, 200]);
        expect(res.body.result.serverInfo.name).toBe('open-help-desk');
        expect(res.headers.get('mcp-session-id')).toBeNull();
      }
    });

    it('answers a JSON-RPC batch with 400, before the MCP server sees it', async () => {
      const res = await rawMcp(app, [initializeMessage('2025-03-26', 1), { jsonrpc: '2.0', id: 2, method: 'tools/list' }], {
        credential: key,
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(-32600);
      expect(res.body.error.message).toMatch(/batch/i);
    });

    it('answers a body that is not JSON with a JSON-RPC parse error', async () => {
      for (const body of ['{"jsonrpc": ', '"just a string"']) {
        const res = await fetch(`${app.baseUrl}/mcp/`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${key}`, Accept: MCP_ACCEPT, 'Content-Type': 'application/json' },
          body,
        });
        expect(res.status).toBe(400);
        expect(((await res.json()) as RpcError).error.code).toBe(-32700);
      }
    });

    it('answers a body over the limit with 413 before parsing it, declared or chunked', async () => {
      const limit = app.strapi.plugin('helpdesk').config('mcpBodyLimitBytes') as number;
      const big = JSON.stringify({ ...initializeMessage(), padding: 'x'.repeat(limit) });
      const declared = await fetch(`${app.baseUrl}/mcp/`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, Accept: MCP_ACCEPT, 'Content-Type': 'application/json' },
        body: big,
      });
      expect(declared.status).toBe(413);
      expect(((await declared.json()) as RpcError).error.data?.code).toBe('validation_error');

      const chunked = (text: string) =>
        fetch(`${app.baseUrl}/mcp/`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${key}`, Accept: MCP_ACCEPT, 'Content-Type': 'application/json' },
          body: new ReadableStream({
            start(controller) {
              const bytes = new TextEncoder().encode(text);
              for (let i = 0; i < bytes.length; i += 64 * 1024) controller.enqueue(bytes.slice(i, i + 64 * 1024));
              controller.close();
            },
          }),
          duplex: 'half',
        } as RequestInit);
      const tooBig = await chunked(big);
      expect(tooBig.status).toBe(413);
      // A chunked body under the limit still reaches the server intact.
      const fits = await chunked(JSON.stringify(initializeMessage('2025-06-18')));
      expect(fits.status).toBe(200);
      expect(((await fits.json()) as { result: { protocolVersion: string } }).result.protocolVersion).toBe('2025-06-18');
    });

    it.each(['2025-11-25', '2025-06-18', '2025-03-26'])('negotiates protocol version %s', async (version) => {
      const res = await rawMcp(app, initializeMessage(version), { credential: key });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(res.body.result.protocolVersion).toBe(version);
      expect(res.body.result.capabilities.tools).toBeDefined();
      expect(res.body.result.capabilities.prompts).toEqual({ listChanged: false });
    });

    it('answers an unknown tool with JSON-RPC error -32602, not a tool result', async () => {
      const res = await rawMcp(
        app,
        { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'drop_database', arguments: {} } },
        { credential: key, headers: { 'Mcp-Protocol-Version': '2025-11-25' } },
      );
      expect(res.status).toBe(200);
      expect(res.body.result).toBeUndefined();
      expect(res.body.error.code).toBe(-32602);
      expect(res.body.error.message).toMatch(/drop_database/);

      const client = await connectClient(app, key);
      await expect(client.callTool({ name: 'drop_database', arguments: {} })).rejects.toMatchObject({ code: -32602 });
      await client.close();
    });
  });

  describe('order of checks: Origin, credentials, rate limit', () => {
    it('refuses an Origin not on the allow list with 403, before looking at credentials', async () => {
      for (const credential of [undefined, 'garbage', key]) {
        const res = await rawMcp(app, initializeMessage(), { credential, headers: { Origin: 'https://evil.example' } });
        expect(res.status).toBe(403);
        expect(res.headers.get('www-authenticate')).toBeNull();
        expect(res.body.error.data.code).toBe('forbidden');
      }
      const get = await request(app.baseUrl, 'GET', '/mcp/', { headers: { Origin: 'https://evil.example' } });
      expect(get.status).toBe(403);
    });

    it('accepts an Origin on the allow list, and no Origin at all', async () => {
      const previous = (await settings().get()).allowedOrigins;
      // An admin's run-time setting, effective at once on this instance.
      await settings().update({ allowedOrigins: ['https://assistant.example/'] });
      try {
        const allowed = await rawMcp(app, initializeMessage(), { credential: key, headers: { Origin: 'https://assistant.example' } });
        expect(allowed.status).toBe(200);
        const other = await rawMcp(app, initializeMessage(), { credential: key, headers: { Origin: 'https://other.example' } });
        expect(other.status).toBe(403);
        await settings().update({ allowedOrigins: ['*'] });
        const any = await rawMcp(app, initializeMessage(), { credential: key, headers: { Origin: 'https://other.example' } });
        expect(any.status).toBe(200);
      } finally {
        await settings().update({ allowedOrigins: previous });
      }
      expect((await rawMcp(app, initializeMessage(), { credential: key })).status).toBe(200);
    });

    it('answers a missing, garbage, expired or foreign credential with 401 and the RFC 9728 challenge', async () => {
      const upJwt = app.strapi.plugin('users-permissions').service('jwt').issue({ id: staff.id });
      const token = await passwordToken(app, staff);
      const failuresBefore = await mcpFailures();
      const cases: Record<string, string | undefined> = {
        missing: undefined,
        garbage: 'not-a-credential',
        unknownKey: `ohd_sk_${'A'.repeat(40)}`,
        usersPermissionsJwt: upJwt,
      };
      for (const [name, credential] of Object.entries(cases)) {
        const res = await rawMcp(app, initializeMessage(), { credential });
        expect([name, res.status]).toEqual([name, 401]);
        expect(res.headers.get('www-authenticate')).toMatch(CHALLENGE);
        expect(res.body.error.data.code).toBe('unauthenticated');
      }
      const clock = app.strapi.plugin('helpdesk').service('clock');
      clock.travel(3601_000);
      try {
        const expired = await rawMcp(app, initializeMessage(), { credential: token });
        expect(expired.status).toBe(401);
        expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token", resource_metadata=/);
      } finally {
        clock.reset();
      }
      expect((await rawMcp(app, initializeMessage(), { credential: token })).status).toBe(200);
      // Every presented credential that was refused is counted; a request without one is not a failed sign-in.
      expect((await mcpFailures()) - failuresBefore).toBe(4);
    });

    it('answers a request with only a session cookie with 401 saying cookies are not accepted', async () => {
      const res = await rawMcp(app, initializeMessage(), { headers: { Cookie: 'koa.sess=abc; jwt=xyz' } });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(CHALLENGE);
      expect(res.body.error.message).toMatch(/cookies are not accepted at \/mcp\//i);
    });

    it('never takes a credential from the query string', async () => {
      const res = await rawMcp(app, initializeMessage(), { path: `/mcp/?access_token=${encodeURIComponent(key)}` });
      expect(res.status).toBe(401);
    });

    it('limits each credential per minute with 429 and Retry-After, after authentication', async () => {
      const limited = await createKey(app, staff, { name: 'rate limited' });
      const other = await createKey(app, staff, { name: 'not limited' });
      const limit = (await settings().get()).rateLimitPerMinute;
      await settings().update({ rateLimitPerMinute: 3 });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 4; i += 1) statuses.push((await rawMcp(app, initializeMessage(), { credential: limited })).status);
        expect(statuses).toEqual([200, 200, 200, 429]);
        const last = await rawMcp(app, initializeMessage(), { credential: limited });
        expect(last.status).toBe(429);
        expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(last.body.error.data.code).toBe('rate_limited');
        // Bad credentials are refused before the limiter, and other keys have their own budget.
        expect((await rawMcp(app, initializeMessage(), { credential: 'garbage' })).status).toBe(401);
        expect((await rawMcp(app, initializeMessage(), { credential: other })).status).toBe(200);
      } finally {
        await settings().update({ rateLimitPerMinute: limit });
      }
    });
  });

  describe('discovery', () => {
    it('serves RFC 9728 protected-resource metadata', async () => {
      const res = await request(app.baseUrl, 'GET', '/.well-known/oauth-protected-resource/mcp');
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        resource: `${app.baseUrl}/mcp`,
        authorization_servers: [app.baseUrl],
        scopes_supported: ['helpdesk:read', 'helpdesk:write'],
        bearer_methods_supported: ['header'],
        resource_name: 'Open Help Desk',
      });
    });

    it('connects with the official SDK client using an API key or an access token', async () => {
      for (const credential of [key, await passwordToken(app, staff)]) {
        const client = await connectClient(app, credential);
        expect(client.getServerVersion()?.name).toBe('open-help-desk');
        expect(client.getInstructions()).toMatch(/untrusted/);
        const { tools } = await client.listTools();
        expect(tools.length).toBeGreaterThan(0);
        await client.close();
      }
    });
  });
});
