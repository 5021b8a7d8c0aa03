import crypto from 'crypto';
import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { createAccount, createGroup, type TestAccount } from '../helpers/accounts';
import { request } from '../helpers/http';
import { callTool, initializeMessage, rawMcp, readyClient, structured } from './mcp-support';

/**
 * Findings of the security review about credentials and what they open: each describe shows one problem over real
 * HTTP (it failed on the code before the fix) and the behaviour that replaced it.
 */
const API_KEY_UID = 'plugin::helpdesk.api-key';

type Detail = { replies: Array<{ body: string; is_internal: boolean }>; history: Array<{ event: string }> };

describe('security review: credentials', () => {
  let app: TestApp;
  let staff: TestAccount;
  let user: TestAccount;
  let staffKey: string;
  let userKey: string;
  let ticketId: string;

  const api = (method: string, path: string, token?: string, body?: unknown) =>
    request(app.baseUrl, method, `/api/helpdesk${path}`, { token, body });
  const token = (form: Record<string, string>, headers?: Record<string, string>) =>
    request(app.baseUrl, 'POST', '/api/auth/token', { form, headers });
  const newKey = async (name: string, options: { readOnly?: boolean; as?: string } = {}) => {
    const res = await api('POST', '/api-keys', options.as ?? staffKey, { name, read_only: options.readOnly ?? false });
    expect(res.status).toBe(201);
    return { key: res.body.data.key as string, id: res.body.data.api_key.id as string };
  };

  beforeAll(async () => {
    app = await startHelpdesk();
    staff = await createAccount(app.strapi, { email: 'rita.review@example.com', role: 'staff' });
    user = await createAccount(app.strapi, { email: 'ursula.user@example.com', role: 'user' });
    const admin = await createAccount(app.strapi, { email: 'adrian.admin@example.com', role: 'admin' });
    const team = await createGroup(app.strapi, 'Review team', [staff]);
    const category = await app.strapi
      .documents('plugin::helpdesk.category')
      .create({ data: { name: 'Reviewed', default_group: { documentId: team.documentId } } as never });
    const bootstrapToken = async (account: TestAccount) =>
      (await token({ grant_type: 'password', username: account.email, password: account.password })).body.access_token as string;
    staffKey = (await newKey('staff full key', { as: await bootstrapToken(staff) })).key;
    userKey = (await newKey('user key', { as: await bootstrapToken(user) })).key;
    const adminKey = (await newKey('admin key', { as: await bootstrapToken(admin) })).key;

    const created = await api('POST', '/tickets', userKey, { subject: 'Badge reader', description: 'Door stays shut.', category_id: category.documentId });
    expect(created.status).toBe(201);
    ticketId = created.body.data.id;
    expect((await api('POST', `/tickets/${ticketId}/replies`, staffKey, { body: 'Staff only: badge DB is down', is_internal: true })).status).toBe(201);
    expect((await api('POST', `/tickets/${ticketId}/replies`, staffKey, { body: 'Looking into it' })).status).toBe(201);
    const assigned = await api('PUT', `/tickets/${ticketId}/assignment`, adminKey, { assignee_id: staff.documentId });
    expect(assigned.status).toBe(200);
  });
  afterAll(async () => {
    await app?.stop();
  });
  afterEach(() => {
    app.strapi.plugin('helpdesk').service('credentials').resetThrottles();
  });

  describe('finding 1: read-only staff credentials see the staff view of a ticket', () => {
    const expectStaffView = (detail: Detail) => {
      expect(detail.replies.map((r) => [r.body, r.is_internal])).toEqual([
        ['Staff only: badge DB is down', true],
        ['Looking into it', false],
      ]);
      expect(detail.history.map((h) => h.event)).toContain('assigned');
    };

    it('shows internal notes and staff history to a read-only key and its token, over REST', async () => {
      const readOnly = await newKey('read-only dashboard', { readOnly: true });
      const viaKey = await api('GET', `/tickets/${ticketId}`, readOnly.key);
      expect(viaKey.status).toBe(200);
      expectStaffView(viaKey.body.data);

      const issued = await token({ grant_type: 'client_credentials', client_secret: readOnly.key });
      expect(issued.status).toBe(200);
      const viaToken = await api('GET', `/tickets/${ticketId}`, issued.body.access_token);
      expect(viaToken.status).toBe(200);
      expectStaffView(viaToken.body.data);
      // Still read-only: seeing notes is not writing them.
      const note = await api('POST', `/tickets/${ticketId}/replies`, readOnly.key, { body: 'should not land', is_internal: true });
      expect([note.status, note.body.error.code]).toEqual([403, 'forbidden']);
    });

    it('shows them to a read-only key over MCP get_ticket', async () => {
      const readOnly = await newKey('read-only assistant', { readOnly: true });
      const client = await readyClient(app, readOnly.key);
      try {
        expectStaffView(structured<Detail>(await callTool(client, 'get_ticket', { ticket_id: ticketId })));
      } finally {
        await client.close();
      }
    });

    it('still never shows them to the submitting User, over REST or MCP', async () => {
      const userView = (await api('GET', `/tickets/${ticketId}`, userKey)).body.data as Detail;
      expect(userView.replies.map((r) => r.body)).toEqual(['Looking into it']);
      expect(userView.history.map((h) => h.event)).not.toContain('assigned');
      const readOnlyUser = await newKey('user read-only', { readOnly: true, as: userKey });
      const client = await readyClient(app, readOnlyUser.key);
      try {
        const detail = structured<Detail>(await callTool(client, 'get_ticket', { ticket_id: ticketId }));
        expect(detail.replies.map((r) => r.body)).toEqual(['Looking into it']);
        expect(detail.history.map((h) => h.event)).not.toContain('assigned');
      } finally {
        await client.close();
      }
    });
  });

  describe('finding 2: a key lookup in flight during a revoke cannot put the key back in the cache', () => {
    type FindOneParams = { where?: Record<string, unknown>; select?: string[] };

    /**
     * Lets the first api-key read matching `match` run against the real database, then holds its result until
     * released: a read that began before a revoke and finishes after it. Nothing is mocked but the timing.
     */
    const holdFirstKeyRead = (match: (params: FindOneParams) => boolean) => {
      const db = app.strapi.db;
      const original = db.query.bind(db);
      let release!: () => void;
      let reached!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const held = new Promise<void>((resolve) => (reached = resolve));
      let armed = true;
      const spy = jest.spyOn(db, 'query').mockImplementation(((uid: Parameters<typeof original>[0]) => {
        const query = original(uid);
        if (uid !== API_KEY_UID) return query;
        return Object.assign(Object.create(query) as typeof query, {
          async findOne(params: FindOneParams) {
            const row = await query.findOne(params as never);
            if (armed && match(params)) {
              armed = false;
              reached();
              await gate;
            }
            return row;
          },
        });
      }) as typeof db.query);
      return { held, release: () => release(), restore: () => spy.mockRestore() };
    };

    it('refuses a key on the request after a revoke that overtook its lookup', async () => {
      const victim = await newKey('revoked mid-lookup');
      const prefix = victim.key.slice(0, 15);
      const hold = holdFirstKeyRead((params) => params.where?.prefix === prefix);
      try {
        const inFlight = api('GET', '/me', victim.key);
        await hold.held;
        const revoked = await api('DELETE', `/api-keys/${victim.id}`, staffKey);
        expect(revoked.status).toBe(200);
        hold.release();
        // It began before the revoke: it may still be answered.
        expect((await inFlight).status).toBe(200);
      } finally {
        hold.release();
        hold.restore();
      }
      const next = await api('GET', '/me', victim.key);
      expect(next.status).toBe(401);
    });

    it("refuses a key's token on the request after a revoke that overtook its key-state lookup", async () => {
      const victim = await newKey('token revoked mid-lookup');
      const issued = await token({ grant_type: 'client_credentials', client_secret: victim.key });
      expect(issued.status).toBe(200);
      const hold = holdFirstKeyRead((params) => params.where?.documentId === victim.id && params.select?.length === 2);
      try {
        const inFlight = api('GET', '/me', issued.body.access_token);
        await hold.held;
        expect((await api('DELETE', `/api-keys/${victim.id}`, staffKey)).status).toBe(200);
        hold.release();
        expect((await inFlight).status).toBe(200);
      } finally {
        hold.release();
        hold.restore();
      }
      expect((await api('GET', '/me', issued.body.access_token)).status).toBe(401);
    });
  });

  describe('finding 5: a malformed HTTP Basic header on the token endpoint is invalid_request, never 500', () => {
    const basic = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

    it.each([
      ['a bad % escape in the id', basic('a%zz:b')],
      ['a bad % escape in the secret', basic('client:%E0%A4%A')],
      ['no colon between id and secret', basic('just-one-part')],
      ['characters that are not base64', 'Basic !!!not*base64!!!'],
      ['nothing after the scheme', 'Basic '],
    ])('answers %s with 400 invalid_request in the RFC 6749 body', async (_name, authorization) => {
      // A body that would succeed on its own: a broken Basic header must not be ignored in its favour.
      const res = await token({ grant_type: 'client_credentials', client_secret: staffKey }, { Authorization: authorization });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ error: 'invalid_request', error_description: expect.any(String) });
    });

    it('still accepts well-formed Basic client credentials', async () => {
      const res = await token({ grant_type: 'client_credentials' }, { Authorization: basic(`helpdesk:${encodeURIComponent(staffKey)}`) });
      expect(res.status).toBe(200);
      expect(res.body.token_type).toBe('Bearer');
    });
  });

  describe("finding 8: a password change ends the account's password-grant tokens", () => {
    const passwordToken = async (account: TestAccount, password = account.password) => {
      const res = await token({ grant_type: 'password', username: account.email, password });
      expect(res.status).toBe(200);
      return res.body.access_token as string;
    };
    const works = async (credential: string) => [
      (await api('GET', '/me', credential)).status,
      (await rawMcp(app, initializeMessage(), { credential })).status,
    ];

    it("ends them after users-permissions' own change-password route, leaving key tokens working", async () => {
      const changer = await createAccount(app.strapi, { email: 'carl.changer@example.com', role: 'user' });
      const old = await passwordToken(changer);
      const key = await newKey('changer key', { as: old });
      const keyToken = (await token({ grant_type: 'client_credentials', client_secret: key.key })).body.access_token as string;
      expect(await works(old)).toEqual([200, 200]);

      // The authenticated role has auth.changePassword by default in users-permissions.
      const login = await request(app.baseUrl, 'POST', '/api/auth/local', { body: { identifier: changer.email, password: changer.password } });
      expect(login.status).toBe(200);
      const newPassword = 'a brand new passphrase';
      const changed = await request(app.baseUrl, 'POST', '/api/auth/change-password', {
        token: login.body.jwt,
        body: { currentPassword: changer.password, password: newPassword, passwordConfirmation: newPassword },
      });
      expect(changed.status).toBe(200);

      expect(await works(old)).toEqual([401, 401]);
      expect(await works(keyToken)).toEqual([200, 200]);
      expect(await works(key.key)).toEqual([200, 200]);
      expect(await works(await passwordToken(changer, newPassword))).toEqual([200, 200]);
    });

    it("ends them after a password set through users-permissions' user service (as a reset or an admin does)", async () => {
      const old = await passwordToken(staff);
      expect(await works(old)).toEqual([200, 200]);
      await app.strapi.plugin('users-permissions').service('user').edit(staff.id, { password: 'reset by the admin' });
      expect(await works(old)).toEqual([401, 401]);
      expect(await works(await passwordToken(staff, 'reset by the admin'))).toEqual([200, 200]);
      await app.strapi.plugin('users-permissions').service('user').edit(staff.id, { password: staff.password });
    });

    it('refuses a validly signed token that is neither for a key nor bound to the password', async () => {
      const claims = JSON.parse(Buffer.from((await passwordToken(user)).split('.')[1] as string, 'base64url').toString()) as Record<string, unknown>;
      // Only the claims every token had before tokens were bound to the password.
      const unbound = Object.fromEntries(['iss', 'aud', 'sub', 'role', 'jti', 'iat', 'nbf', 'exp'].map((name) => [name, claims[name]]));
      const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const head = b64({ alg: 'HS256', typ: 'JWT' });
      const body = b64(unbound);
      const signature = crypto.createHmac('sha256', process.env.HELPDESK_TOKEN_SECRET as string).update(`${head}.${body}`).digest('base64url');
      expect(await works(`${head}.${body}.${signature}`)).toEqual([401, 401]);
    });
  });
});
