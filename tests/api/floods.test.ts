import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { createAccount, type TestAccount } from '../helpers/accounts';
import { request, type HttpResult } from '../helpers/http';
import { createKey, initializeMessage, passwordToken, rawMcp } from './mcp-support';

/**
 * Floods (DESIGN §6, §7): a per-IP budget before any credential is looked up, failed authentication audited as one
 * row per source and minute with a count, and the MCP rate budget kept per credential root (a key and every token
 * exchanged from it, or an account's password tokens), so minting tokens does not buy more requests.
 */

const AUDIT = 'plugin::helpdesk.audit-event';
// Looks like one of this server's tokens (so the help desk's strategy checks it), but is signed by no one.
const JUNK_JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJub2JvZHkifQ.bm90LWEtc2lnbmF0dXJl';

interface FailureDetails {
  source: string;
  count: number;
  channels: { rest: number; mcp: number; token: number };
}

const junk = (app: TestApp, target: string): Promise<HttpResult> =>
  target === '/mcp/' ? rawMcp(app, initializeMessage(), { credential: JUNK_JWT }) : request(app.baseUrl, 'GET', target, { token: JUNK_JWT });

/** Sends `count` requests, `parallel` at a time, and returns their statuses in order. */
const flood = async (count: number, send: () => Promise<HttpResult>, parallel = 10): Promise<HttpResult[]> => {
  const results: HttpResult[] = [];
  for (let i = 0; i < count; i += parallel) {
    results.push(...(await Promise.all(Array.from({ length: Math.min(parallel, count - i) }, send))));
  }
  return results;
};

const failureRowsOf = async (app: TestApp) => {
  const rows = (await app.strapi.db.query(AUDIT).findMany({ where: { action: 'auth.failed' }, orderBy: { id: 'asc' } })) as Array<{
    id: number;
    outcome: string;
    error_code: string;
    details: FailureDetails | string;
  }>;
  return rows.map((r) => ({ ...r, details: (typeof r.details === 'string' ? JSON.parse(r.details) : r.details) as FailureDetails }));
};

const totals = async (app: TestApp) => {
  const rows = await failureRowsOf(app);
  const sum = (pick: (d: FailureDetails) => number) => rows.reduce((n, r) => n + pick(r.details), 0);
  return {
    rows: rows.length,
    auditRows: await app.strapi.db.query(AUDIT).count({}),
    count: sum((d) => d.count),
    rest: sum((d) => d.channels.rest),
    mcp: sum((d) => d.channels.mcp),
    token: sum((d) => d.channels.token),
  };
};

describe('failed authentication, audited in aggregate', () => {
  let app: TestApp;
  let staff: TestAccount;

  const failures = () => app.strapi.plugin('helpdesk').service('failed-authentication');
  const clock = () => app.strapi.plugin('helpdesk').service('clock');

  beforeAll(async () => {
    app = await startHelpdesk();
    staff = await createAccount(app.strapi, { email: 'sam.staff@example.com', role: 'staff' });
  });
  afterAll(async () => {
    clock().reset();
    await app?.stop();
  });

  it('writes the row of a (source, minute) on its first failure, so it shows at once', async () => {
    clock().travel(60_000);
    const before = await failureRowsOf(app);
    expect((await junk(app, '/api/helpdesk/me')).status).toBe(401);
    const after = await failureRowsOf(app);
    expect(after).toHaveLength(before.length + 1);
    expect(after[after.length - 1]).toMatchObject({
      outcome: 'refused',
      error_code: 'unauthenticated',
      details: { source: '127.0.0.1', count: 1, channels: { rest: 1, mcp: 0, token: 0 } },
    });
  });

  it.each([
    ['/api/users/me', 'rest'],
    ['/api/helpdesk/me', 'rest'],
    ['/mcp/', 'mcp'],
  ] as const)('answers 200 junk Bearer requests to %s with 401 and at most a couple of audit rows that count them all', async (target, channel) => {
    const before = await totals(app);
    const results = await flood(200, () => junk(app, target));
    expect(new Set(results.map((r) => r.status))).toEqual(new Set([401]));
    // Rows are written on a source's first failure in a minute; the flush only brings their counts up to date.
    expect((await totals(app)).auditRows - before.auditRows).toBeLessThanOrEqual(2);
    await failures().flush();
    const after = await totals(app);
    expect(after.count - before.count).toBe(200);
    expect(after[channel] - before[channel]).toBe(200);
  });

  it('counts the token endpoint\'s failures in the same rows, and writes no row per attempt', async () => {
    const before = await totals(app);
    for (let i = 0; i < 3; i += 1) {
      const res = await request(app.baseUrl, 'POST', '/api/auth/token', {
        form: { grant_type: 'client_credentials', client_secret: `ohd_sk_${'x'.repeat(40)}` },
      });
      expect(res.body.error).toBe('invalid_client');
    }
    app.strapi.plugin('helpdesk').service('credentials').resetThrottles();
    await failures().flush();
    const after = await totals(app);
    expect(after.token - before.token).toBe(3);
    expect(after.auditRows - before.auditRows).toBeLessThanOrEqual(1);
    expect(await app.strapi.db.query(AUDIT).count({ where: { action: 'token.issue' } })).toBe(0);
  });

  it('keeps the count current by itself within a few seconds, without a flush', async () => {
    clock().travel(60_000);
    await junk(app, '/api/helpdesk/me');
    const [row] = (await failureRowsOf(app)).slice(-1);
    await flood(4, () => junk(app, '/api/helpdesk/me'), 4);
    const deadline = Date.now() + 9_000;
    let count = 0;
    while (Date.now() < deadline) {
      count = (await failureRowsOf(app)).find((r) => r.id === row?.id)?.details.count ?? 0;
      if (count === 5) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(count).toBe(5);
  });

  it('writes the last counts when the app stops', async () => {
    clock().travel(60_000);
    await flood(7, () => junk(app, '/api/helpdesk/me'), 7);
    await app.stop({ drop: false });
    app = await startHelpdesk({ database: app.database });
    const [last] = (await failureRowsOf(app)).slice(-1);
    expect(last?.details.count).toBe(7);
  });

  describe('the MCP rate budget belongs to the credential\'s root', () => {
    const settings = () => app.strapi.plugin('helpdesk').service('settings');
    let limit: number;
    const tokenFor = async (key: string): Promise<string> => {
      const res = await request(app.baseUrl, 'POST', '/api/auth/token', { form: { grant_type: 'client_credentials', client_secret: key } });
      expect(res.status).toBe(200);
      return res.body.access_token as string;
    };
    const mcp = async (credential: string) => (await rawMcp(app, initializeMessage(), { credential })).status;

    beforeAll(async () => {
      limit = (await settings().get()).rateLimitPerMinute;
      await settings().update({ rateLimitPerMinute: 5 });
    });
    afterAll(async () => {
      await settings().update({ rateLimitPerMinute: limit });
    });

    it('tokens exchanged from one key share the key\'s budget, and a fresh token does not reset it', async () => {
      const key = await createKey(app, staff, { name: 'shared budget' });
      const [a, b] = [await tokenFor(key), await tokenFor(key)];
      const statuses = [];
      for (const credential of [a, b, a, b, a, b]) statuses.push(await mcp(credential));
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      expect(await mcp(key)).toBe(429);
      expect(await mcp(await tokenFor(key))).toBe(429);
      // Another key of the same account has a budget of its own.
      expect(await mcp(await createKey(app, staff, { name: 'another integration' }))).toBe(200);
    });

    it('password tokens of one account share the account\'s budget', async () => {
      const person = await createAccount(app.strapi, { email: 'pat.staff@example.com', role: 'staff' });
      const [a, b] = [await passwordToken(app, person), await passwordToken(app, person)];
      const statuses = [];
      for (const credential of [a, b, a, b, a, b]) statuses.push(await mcp(credential));
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      expect(await mcp(await passwordToken(app, person))).toBe(429);
      expect(await mcp(await createKey(app, person, { name: 'own key' }))).toBe(200);
    });
  });
});

describe('the per-IP budget', () => {
  const LIMIT = 40;
  let app: TestApp;
  let key: string;
  let lookups: () => number;

  beforeAll(async () => {
    app = await startHelpdesk({ env: { HELPDESK_IP_RATE_LIMIT_PER_MINUTE: String(LIMIT) } });
    key = await createKey(app, await createAccount(app.strapi, { email: 'sam.staff@example.com', role: 'staff' }));
    // Spies that count calls of the real methods: every way a presented credential is looked up.
    const credentials = app.strapi.plugin('helpdesk').service('credentials');
    const spies = (['actorForApiKey', 'actorForAccessToken', 'issueToken'] as const).map((name) => jest.spyOn(credentials, name));
    lookups = () => spies.reduce((n, spy) => n + spy.mock.calls.length, 0);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await app?.stop();
  });

  it('answers 429 with Retry-After once a client is over it, before any credential is looked up', async () => {
    const results = await flood(LIMIT + 20, () => junk(app, '/api/users/me'), 1);
    expect(results.slice(0, LIMIT).map((r) => r.status)).toEqual(Array(LIMIT).fill(401));
    for (const res of results.slice(LIMIT)) {
      expect(res.status).toBe(429);
      expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(res.body.error).toMatchObject({ status: 429, code: 'rate_limited' });
    }
    expect(lookups()).toBe(LIMIT);
    await app.strapi.plugin('helpdesk').service('failed-authentication').flush();
    expect((await totals(app)).count).toBe(LIMIT);
  });

  it('covers the help desk\'s REST, MCP and the token endpoint, each answering in its own shape, a valid key included', async () => {
    const before = { lookups: lookups(), failures: await totals(app) };

    const rest = await request(app.baseUrl, 'GET', '/api/helpdesk/me', { token: key });
    expect([rest.status, rest.body.error.code]).toEqual([429, 'rate_limited']);

    const mcp = await rawMcp(app, initializeMessage(), { credential: key });
    expect(mcp.status).toBe(429);
    expect(mcp.body.error.data.code).toBe('rate_limited');
    expect(Number(mcp.headers.get('retry-after'))).toBeGreaterThan(0);

    const token = await request(app.baseUrl, 'POST', '/api/auth/token', { form: { grant_type: 'client_credentials', client_secret: key } });
    expect(token.status).toBe(429);
    expect(token.body).toEqual({ error: 'slow_down', error_description: expect.any(String) });
    expect(Number(token.headers.get('retry-after'))).toBeGreaterThan(0);

    expect(lookups()).toBe(before.lookups);
    await app.strapi.plugin('helpdesk').service('failed-authentication').flush();
    expect(await totals(app)).toEqual(before.failures);
    // Outside the API and MCP paths nothing is counted: the health check still answers.
    expect((await request(app.baseUrl, 'GET', '/_health')).status).toBe(204);
  });
});
