import crypto from 'crypto';
import Redis from 'ioredis';
import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { createAccount, type TestAccount } from '../helpers/accounts';
import { request, type HttpResult } from '../helpers/http';
import { startChildInstance, startOwnRedis, type ChildInstance, type OwnRedis } from '../helpers/instances';
import { initializeMessage, MCP_ACCEPT } from './mcp-support';

/**
 * Several instances behind one load balancer (README: Several instances): one database, one Redis. Instance A runs
 * in this process, B in a child process on the same database. What a client notices: one rate budget however its
 * requests are spread, a revoked key refused everywhere within a second, and service going on when Redis is gone.
 */

const SHARED_REDIS = process.env.HELPDESK_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LIMIT = 5;

const mcp = (baseUrl: string, credential: string): Promise<HttpResult> =>
  request(baseUrl, 'POST', '/mcp/', { body: initializeMessage(), headers: { Accept: MCP_ACCEPT, Authorization: `Bearer ${credential}` } });

/** Statuses of `count` MCP requests with one key, sent one after another, alternating between the instances. */
const alternate = async (bases: string[], credential: string, count: number): Promise<number[]> => {
  const statuses: number[] = [];
  for (let i = 0; i < count; i += 1) statuses.push((await mcp(bases[i % bases.length] as string, credential)).status);
  return statuses;
};

const sequence = (ok: number, limited: number) => [...Array(ok).fill(200), ...Array(limited).fill(429)];

/** Milliseconds until `baseUrl` refuses `credential`, polling; null if it still accepts it after `withinMs`. */
const refusedAfter = async (baseUrl: string, credential: string, withinMs: number): Promise<number | null> => {
  const started = Date.now();
  while (Date.now() - started <= withinMs) {
    if ((await mcp(baseUrl, credential)).status === 401) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 50));
  }
  return null;
};

describe('several instances sharing one database and one Redis', () => {
  let a: TestApp;
  let b: ChildInstance;
  let owner: TestAccount;
  const env = { REDIS_URL: SHARED_REDIS, HELPDESK_REDIS_PREFIX: `helpdesk-test-${crypto.randomBytes(6).toString('hex')}` };

  const newKey = async (name: string): Promise<{ key: string; id: string }> => {
    const helpdesk = a.strapi.plugin('helpdesk');
    const actor = await helpdesk
      .service('actors')
      .actorFor({ id: owner.id }, { credential: { kind: 'cli', id: null, name: 'test' }, channel: 'cli', readOnly: false });
    const created = await helpdesk.service('credentials').createKey(actor, { name, read_only: false, expires_at: null });
    return { key: created.key as string, id: created.api_key.id as string };
  };

  beforeAll(async () => {
    Object.assign(process.env, env);
    a = await startHelpdesk();
    owner = await createAccount(a.strapi, { email: 'ivy.integrator@example.com', role: 'staff' });
    b = await startChildInstance({ ...a.database.env, ...env });
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    for (const name of Object.keys(env)) delete process.env[name];
  });

  it('gives a key one rate budget, however the load balancer spreads its requests', async () => {
    // B reads the settings (and caches them) before the limit is lowered on A.
    const warm = await newKey('warm-up');
    expect((await mcp(b.baseUrl, warm.key)).status).toBe(200);
    await a.strapi.plugin('helpdesk').service('settings').update({ rateLimitPerMinute: LIMIT });

    const { key } = await newKey('spread over two instances');
    const statuses = await alternate([a.baseUrl, b.baseUrl], key, 2 * LIMIT);
    expect(statuses).toEqual(sequence(LIMIT, LIMIT));
  });

  it('refuses a key revoked on A on B within a second, though B had just used it', async () => {
    const { key, id } = await newKey('revoked on A');
    expect((await mcp(b.baseUrl, key)).status).toBe(200);
    const revoked = await request(a.baseUrl, 'DELETE', `/api/helpdesk/api-keys/${id}`, { token: key });
    expect(revoked.status).toBe(200);
    expect(await refusedAfter(b.baseUrl, key, 1_000)).not.toBeNull();
  });
});

describe('several instances when Redis goes away and comes back', () => {
  let redis: OwnRedis;
  let a: TestApp;
  let b: ChildInstance;
  let owner: TestAccount;
  const password = crypto.randomBytes(12).toString('hex');
  const prefix = `helpdesk-test-${crypto.randomBytes(6).toString('hex')}`;

  const newKey = async (name: string): Promise<{ key: string; id: string }> => {
    const helpdesk = a.strapi.plugin('helpdesk');
    const actor = await helpdesk
      .service('actors')
      .actorFor({ id: owner.id }, { credential: { kind: 'cli', id: null, name: 'test' }, channel: 'cli', readOnly: false });
    const created = await helpdesk.service('credentials').createKey(actor, { name, read_only: false, expires_at: null });
    return { key: created.key as string, id: created.api_key.id as string };
  };

  /** The help desk's connections Redis sees, by CLIENT LIST. */
  const helpdeskConnections = async (): Promise<number> => {
    const probe = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      await probe.connect();
      const list = (await probe.client('LIST')) as string;
      return list.split('\n').filter((line) => / name=helpdesk/.test(line)).length;
    } finally {
      probe.disconnect();
    }
  };

  const waitForConnections = async (count: number, withinMs: number): Promise<void> => {
    const deadline = Date.now() + withinMs;
    let seen = 0;
    while (Date.now() < deadline) {
      seen = await helpdeskConnections().catch(() => 0);
      if (seen >= count) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`Redis saw ${seen} help-desk connections, not ${count}`);
  };

  beforeAll(async () => {
    redis = await startOwnRedis(password);
    const env = { REDIS_URL: redis.url, HELPDESK_REDIS_PREFIX: prefix, HELPDESK_RATE_LIMIT_PER_MINUTE: String(LIMIT) };
    Object.assign(process.env, env);
    a = await startHelpdesk();
    owner = await createAccount(a.strapi, { email: 'otto.outage@example.com', role: 'staff' });
    b = await startChildInstance({ ...a.database.env, ...env });
    // A command connection and a subscriber on each instance.
    await waitForConnections(4, 10_000);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    await redis?.stop();
    for (const name of ['REDIS_URL', 'HELPDESK_REDIS_PREFIX', 'HELPDESK_RATE_LIMIT_PER_MINUTE']) delete process.env[name];
  });

  it('keeps serving without Redis, each instance limiting from its own memory, and shares again once it is back', async () => {
    await redis.stop();

    // Limits still hold, counted per instance: the same key gets its budget on A and again on B.
    const { key } = await newKey('during the outage');
    expect(await alternate([a.baseUrl], key, LIMIT + 1)).toEqual(sequence(LIMIT, 1));
    expect(await alternate([b.baseUrl], key, LIMIT + 1)).toEqual(sequence(LIMIT, 1));
    const token = await request(b.baseUrl, 'POST', '/api/auth/token', { form: { grant_type: 'client_credentials', client_secret: key } });
    expect(token.status).toBe(200);

    // A revocation cannot be announced, but it is made, and refused at once where it was made.
    const doomed = await newKey('revoked during the outage');
    expect((await request(a.baseUrl, 'DELETE', `/api/helpdesk/api-keys/${doomed.id}`, { token: doomed.key })).status).toBe(200);
    expect((await mcp(a.baseUrl, doomed.key)).status).toBe(401);

    await redis.start();
    await waitForConnections(4, 10_000);
    const shared = await newKey('after the outage');
    expect(await alternate([a.baseUrl, b.baseUrl], shared.key, 2 * LIMIT)).toEqual(sequence(LIMIT, LIMIT));
    const revoked = await newKey('revoked after the outage');
    expect((await mcp(b.baseUrl, revoked.key)).status).toBe(200);
    expect((await request(a.baseUrl, 'DELETE', `/api/helpdesk/api-keys/${revoked.id}`, { token: revoked.key })).status).toBe(200);
    expect(await refusedAfter(b.baseUrl, revoked.key, 1_000)).not.toBeNull();

    // The Redis password is a secret: no log line carries it.
    expect(b.log()).not.toContain(password);
  });
});
