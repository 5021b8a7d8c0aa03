import crypto from 'crypto';
import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { createAccount, type TestAccount } from '../helpers/accounts';
import { request } from '../helpers/http';

const KEY_FORMAT = /^ohd_sk_[0-9A-Za-z]{40}$/;

describe('identity: API keys, the token endpoint and the auth strategies', () => {
  let app: TestApp;
  let staff: TestAccount;
  let user: TestAccount;
  let staffKey: string;

  const token = async (form: Record<string, string>) => request(app.baseUrl, 'POST', '/api/auth/token', { form });
  const clock = () => app.strapi.plugin('helpdesk').service('clock');
  const credentials = () => app.strapi.plugin('helpdesk').service('credentials');

  beforeAll(async () => {
    app = await startHelpdesk();
    staff = await createAccount(app.strapi, { email: 'sam.staff@example.com', role: 'staff' });
    user = await createAccount(app.strapi, { email: 'uma.user@example.com', role: 'user' });
    const { body } = await token({ grant_type: 'password', username: staff.email, password: staff.password });
    const created = await request(app.baseUrl, 'POST', '/api/helpdesk/api-keys', {
      token: body.access_token,
      body: { name: 'Claude Code' },
    });
    expect(created.status).toBe(201);
    staffKey = created.body.data.key;
  });
  afterAll(async () => {
    await app?.stop();
  });
  afterEach(() => {
    clock().reset();
    credentials().resetThrottles();
  });

  describe('API keys', () => {
    it('creates a key shown once, in the ohd_sk_ format, listed afterwards without the key or its hash', async () => {
      expect(staffKey).toMatch(KEY_FORMAT);
      const list = await request(app.baseUrl, 'GET', '/api/helpdesk/api-keys', { token: staffKey });
      expect(list.status).toBe(200);
      expect(list.body.data).toHaveLength(1);
      const [listed] = list.body.data;
      expect(listed).toMatchObject({ name: 'Claude Code', read_only: false, revoked_at: null });
      expect(staffKey.startsWith(listed.prefix)).toBe(true);
      expect(list.text).not.toContain(staffKey);
      expect(listed).not.toHaveProperty('hash');
      expect(listed).not.toHaveProperty('key');
    });

    it('stores no key text at rest: only a prefix and a keyed hash', async () => {
      const rows = await app.strapi.db.connection('helpdesk_api_keys').select('*');
      expect(rows.length).toBeGreaterThan(0);
      const dump = JSON.stringify(rows);
      expect(dump).not.toContain(staffKey);
      expect(dump).not.toContain(staffKey.slice(15));
      const expected = crypto.createHmac('sha256', process.env.HELPDESK_KEY_PEPPER as string).update(staffKey).digest('hex');
      expect(rows.map((r: { hash: string }) => r.hash)).toContain(expected);
    });

    it('refuses a bad key request with a validation error naming the field, and writes nothing', async () => {
      const before = await app.strapi.db.query('plugin::helpdesk.api-key').count({});
      const res = await request(app.baseUrl, 'POST', '/api/helpdesk/api-keys', {
        token: staffKey,
        body: { name: '', expires_at: '2001-01-01T00:00:00Z', owner: 1 },
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_error');
      const fields = res.body.error.details.fields.map((f: { field: string }) => f.field).sort();
      expect(fields).toEqual(['expires_at', 'name', 'owner']);
      expect(await app.strapi.db.query('plugin::helpdesk.api-key').count({})).toBe(before);
    });

    it('refuses a revoked key on the very next request, and leaves other keys working', async () => {
      const a = await request(app.baseUrl, 'POST', '/api/helpdesk/api-keys', { token: staffKey, body: { name: 'Cursor' } });
      const b = await request(app.baseUrl, 'POST', '/api/helpdesk/api-keys', { token: staffKey, body: { name: 'Continue' } });
      expect((await request(app.baseUrl, 'GET', '/api/helpdesk/api-keys', { token: a.body.data.key })).status).toBe(200);
      const revoked = await request(app.baseUrl, 'DELETE', `/api/helpdesk/api-keys/${a.body.data.api_key.id}`, { token: staffKey });
      expect(revoked.status).toBe(200);
      expect(revoked.body.data.revoked_at).not.toBeNull();
      const after = await request(app.baseUrl, 'GET', '/api/helpdesk/api-keys', { token: a.body.data.key });
      expect(after.status).toBe(401);
      expect(after.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(after.body.error.code).toBe('unauthenticated');
      expect((await request(app.baseUrl, 'GET', '/api/helpdesk/api-keys', { token: b.body.data.key })).status).toBe(200);
    });

    it('refuses an expired key', async () => {
      const soon = new Date(Date.now() + 60_000).toISOString();
      const k = await request(app.baseUrl, 'POST', '/api/helpdesk/api-keys', { token: staffKey, body: { name: 'short', expires_at: soon } });
      expect(k.status).toBe(201);
      expect((await request(app.baseUrl, 'GET', '/api/helpdesk/api-keys', { token: k.body.data.key })).status).toBe(200);
      clock().travel(61_000);
      expect((await request(app.baseUrl, 'GET', '/api/helpdesk/api-keys', { token: k.body.data.key })).status).toBe(401);
    });

    it("answers another user's key id as not found, and lets an admin list and revoke anyone's", async () => {
      const admin = await createAccount(app.strapi, { email: 'ada.admin@example.com', role: 'admin' });
      const adminToken = (await token({ grant_type: 'password', username: admin.email, password: admin.password })).body.access_token;
      const userToken = (await token({ grant_type: 'password', username: user.email, password: user.password })).body.access_token;
      const k = await request(app.baseUrl, 'POST', '/api/helpdesk/api-keys', { token: staffKey, body: { name: 'victim' } });
      const attempt = await request(app.baseUrl, 'DELETE', `/api/helpdesk/api-keys/${k.body.data.api_key.id}`, { token: userToken });
      expect(attempt.status).toBe(404);
      expect((await request(app.baseUrl, 'GET', '/api/helpdesk/api-keys?all=true', { token: userToken })).status).toBe(403);
      const all = await request(app.baseUrl, 'GET', '/api/helpdesk/api-keys?all=true', { token: adminToken });
      expect(all.body.data.map((x: { name: string }) => x.name)).toContain('victim');
      const byAdmin = await request(app.baseUrl, 'DELETE', `/api/helpdesk/api-keys/${k.body.data.api_key.id}`, { token: adminToken });
      expect(byAdmin.status).toBe(200);
      expect((await request(app.baseUrl, 'GET', '/api/helpdesk/api-keys', { token: k.body.data.key })).status).toBe(401);
    });
  });

  describe('POST /api/auth/token', () => {
    it('issues a 1-hour Bearer token for client_credentials (JSON or form) and for password (email or username)', async () => {
      const forms = [
        { grant_type: 'client_credentials', client_secret: staffKey },
        { grant_type: 'password', username: staff.email, password: staff.password },
        { grant_type: 'password', username: 'sam.staff', password: staff.password },
      ];
      for (const form of forms) {
        const res = await token(form);
        expect(res.status).toBe(200);
        expect(res.headers.get('cache-control')).toBe('no-store');
        expect(res.body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 3600 });
        const me = await request(app.baseUrl, 'GET', '/api/helpdesk/api-keys', { token: res.body.access_token });
        expect(me.status).toBe(200);
        const claims = JSON.parse(Buffer.from(res.body.access_token.split('.')[1], 'base64url').toString());
        expect(claims).toMatchObject({ sub: staff.documentId, role: 'staff', iss: expect.any(String), aud: expect.any(String) });
        expect(claims.exp - claims.iat).toBe(3600);
        expect(claims.jti).toEqual(expect.any(String));
      }
      const json = await request(app.baseUrl, 'POST', '/api/auth/token', {
        body: { grant_type: 'client_credentials', client_secret: staffKey },
      });
      expect(json.status).toBe(200);
    });

    it('answers each RFC 6749 error with its status and code', async () => {
      const cases: Array<[Record<string, string>, number, string]> = [
        [{}, 400, 'invalid_request'],
        [{ grant_type: 'client_credentials' }, 400, 'invalid_request'],
        [{ grant_type: 'authorization_code', code: 'x' }, 400, 'unsupported_grant_type'],
        [{ grant_type: 'client_credentials', client_secret: 'ohd_sk_' + 'x'.repeat(40) }, 401, 'invalid_client'],
        [{ grant_type: 'password', username: staff.email, password: 'wrong password' }, 400, 'invalid_grant'],
        [{ grant_type: 'password', username: 'nobody@example.com', password: 'whatever' }, 400, 'invalid_grant'],
      ];
      for (const [form, status, error] of cases) {
        const res = await token(form);
        expect([res.status, res.body.error]).toEqual([status, error]);
        expect(res.body.error_description).toEqual(expect.any(String));
      }
    });

    it('throttles repeated failures per client with 429 and Retry-After', async () => {
      let last = await token({ grant_type: 'password', username: staff.email, password: 'nope' });
      for (let i = 0; i < 10; i += 1) last = await token({ grant_type: 'password', username: staff.email, password: 'nope' });
      expect(last.status).toBe(429);
      expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
      // Even the right password waits until the window passes.
      const right = await token({ grant_type: 'password', username: staff.email, password: staff.password });
      expect(right.status).toBe(429);
    });

    it('refuses tokens that are expired, forged, unsigned, for another audience, or from users-permissions', async () => {
      const good = (await token({ grant_type: 'client_credentials', client_secret: staffKey })).body.access_token as string;
      const [h, p] = good.split('.') as [string, string, string];
      const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
      const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
      const secret = process.env.HELPDESK_TOKEN_SECRET as string;
      const signed = (header: string, payload: string, key = secret) =>
        `${header}.${payload}.${crypto.createHmac('sha256', key).update(`${header}.${payload}`).digest('base64url')}`;

      const upJwt = app.strapi.plugin('users-permissions').service('jwt').issue({ id: staff.id });
      const bad = {
        wrongSignature: signed(h, p, 'not-the-secret'),
        algNone: `${b64({ alg: 'none', typ: 'JWT' })}.${p}.`,
        wrongAudience: signed(h, b64({ ...claims, aud: 'someone-else' })),
        wrongIssuer: signed(h, b64({ ...claims, iss: 'someone-else' })),
        notYetValid: signed(h, b64({ ...claims, nbf: claims.iat + 600 })),
        usersPermissions: upJwt,
      };
      for (const [name, t] of Object.entries(bad)) {
        const res = await request(app.baseUrl, 'GET', '/api/helpdesk/api-keys', { token: t });
        expect([name, res.status]).toEqual([name, 401]);
      }
      expect((await request(app.baseUrl, 'GET', '/api/helpdesk/api-keys', { token: good })).status).toBe(200);
      clock().travel(3601_000);
      const expired = await request(app.baseUrl, 'GET', '/api/helpdesk/api-keys', { token: good });
      expect(expired.status).toBe(401);
      expect(expired.headers.get('www-authenticate')).toMatch(/^Bearer/);
    });

    it('ends the tokens of a key when the key is revoked', async () => {
      const k = await request(app.baseUrl, 'POST', '/api/helpdesk/api-keys', { token: staffKey, body: { name: 'temp' } });
      const t = (await token({ grant_type: 'client_credentials', client_secret: k.body.data.key })).body.access_token;
      expect((await request(app.baseUrl, 'GET', '/api/helpdesk/api-keys', { token: t })).status).toBe(200);
      await request(app.baseUrl, 'DELETE', `/api/helpdesk/api-keys/${k.body.data.api_key.id}`, { token: staffKey });
      expect((await request(app.baseUrl, 'GET', '/api/helpdesk/api-keys', { token: t })).status).toBe(401);
    });

    it('applies a change of role or group on the very next request, despite the credential cache', async () => {
      const moved = await createAccount(app.strapi, { email: 'mo.staff@example.com', role: 'staff' });
      const t = (await token({ grant_type: 'password', username: moved.email, password: moved.password })).body.access_token;
      expect((await request(app.baseUrl, 'GET', '/api/helpdesk/assignees', { token: t })).status).toBe(200);
      const userRole = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
      await app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: moved.id }, data: { role: userRole.id } });
      expect((await request(app.baseUrl, 'GET', '/api/helpdesk/assignees', { token: t })).status).toBe(403);
      await app.strapi.db.query('plugin::users-permissions.user').update({ where: { id: moved.id }, data: { blocked: true } });
      expect((await request(app.baseUrl, 'GET', '/api/helpdesk/me', { token: t })).status).toBe(401);
    });

    it('answers 401 with a Bearer challenge when no credential is sent', async () => {
      const res = await request(app.baseUrl, 'GET', '/api/helpdesk/api-keys');
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(res.body.error.code).toBe('unauthenticated');
    });
  });
});
