import { createPanelUser } from '../../src/plugins/helpdesk/server/src/admin-panel/panel-users';
import { createPanelUserSchema } from '../../src/plugins/helpdesk/server/src/validation/panel-users';
import { createAccount, type TestAccount } from '../helpers/accounts';
import { registerFirstAdmin } from '../helpers/admin';
import { runCli } from '../helpers/cli';
import { request } from '../helpers/http';
import { consent, registerClient, tokenRequest } from '../helpers/oauth';
import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { passwordToken, rawMcp } from './mcp-support';

/**
 * Connected apps (issue 13): each approval on the consent page, listed beside the person's API keys and revocable
 * over REST, in the staff pages' admin API and with the CLI. A revoke ends the app's tokens at the next request.
 */
const PANEL_PASSWORD = 'Panel-password-1';
const CLAUDE_REDIRECT = 'http://127.0.0.1:8976/callback';
const CHATGPT_REDIRECT = 'http://127.0.0.1:8977/callback';
const NO_SUCH_ID = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

interface ConnectionJson {
  id: string;
  client_id: string;
  client_name: string;
  redirect_host: string | null;
  read_only: boolean;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  owner: { id: string; email: string } | null;
}

let app: TestApp;
let staff: TestAccount;
let user: TestAccount;
let admin: TestAccount;
const jwt: Record<string, string> = {};
const clients: Record<string, string> = {};
let panelToken: string;

/** Approves one app for one account through the real consent pages and trades the code for tokens. */
const connect = async (
  account: TestAccount,
  app_: 'claude' | 'chatgpt',
  options: { access?: 'read' | 'write'; resource?: 'mcp' | 'rest' } = {},
): Promise<{ access_token: string; refresh_token: string }> => {
  const redirectUri = app_ === 'claude' ? CLAUDE_REDIRECT : CHATGPT_REDIRECT;
  const resource = options.resource === 'rest' ? `${app.baseUrl}/api/helpdesk` : `${app.baseUrl}/mcp`;
  const flow = await consent(app.baseUrl, { clientId: clients[app_] as string, redirectUri, account, access: options.access, resource });
  expect(flow.code).toBeTruthy();
  const tokens = await tokenRequest(app.baseUrl, {
    grant_type: 'authorization_code',
    code: flow.code as string,
    code_verifier: flow.verifier,
    redirect_uri: redirectUri,
    client_id: clients[app_] as string,
    resource,
  });
  expect(tokens.status).toBe(200);
  return tokens.body as { access_token: string; refresh_token: string };
};

const listAs = (token: string, query = '') => request<{ data: ConnectionJson[] }>(app.baseUrl, 'GET', `/api/helpdesk/connections${query}`, { token });
const revokeAs = (token: string, id: string) => request<{ data: ConnectionJson }>(app.baseUrl, 'DELETE', `/api/helpdesk/connections/${id}`, { token });
const mcpStatus = async (token: string) => (await rawMcp(app, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { credential: token })).status;
const refresh = (tokens: { refresh_token: string }, app_: 'claude' | 'chatgpt') =>
  tokenRequest(app.baseUrl, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: clients[app_] as string });
const panel = (method: string, path: string) => request(app.baseUrl, method, `/helpdesk${path}`, { token: panelToken });

beforeAll(async () => {
  app = await startHelpdesk();
  staff = await createAccount(app.strapi, { email: 'sam.staff@example.com', role: 'staff' });
  user = await createAccount(app.strapi, { email: 'uma.user@example.com', role: 'user' });
  admin = await createAccount(app.strapi, { email: 'ada.admin@example.com', role: 'admin' });
  for (const [name, account] of Object.entries({ staff, user, admin })) jwt[name] = await passwordToken(app, account);

  const claude = await registerClient(app.baseUrl, { client_name: 'Claude', redirect_uris: [CLAUDE_REDIRECT] });
  const chatgpt = await registerClient(app.baseUrl, { client_name: 'ChatGPT', redirect_uris: [CHATGPT_REDIRECT] });
  expect([claude.status, chatgpt.status]).toEqual([201, 201]);
  clients.claude = claude.body.client_id;
  clients.chatgpt = chatgpt.body.client_id;

  // The staff pages' admin API, as the panel user linked to the staff account (same email).
  await registerFirstAdmin(app.baseUrl, 'owner@example.com');
  await createPanelUser(app.strapi, createPanelUserSchema.parse({ email: staff.email, password: PANEL_PASSWORD }));
  const login = await request<{ data: { token: string } }>(app.baseUrl, 'POST', '/admin/login', { body: { email: staff.email, password: PANEL_PASSWORD } });
  expect(login.status).toBe(200);
  panelToken = login.body.data.token;
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

describe('listing', () => {
  let staffClaude: ConnectionJson;
  let staffClaudeTokens: { access_token: string; refresh_token: string };

  beforeAll(async () => {
    staffClaudeTokens = await connect(staff, 'claude', { access: 'read' });
    await connect(user, 'chatgpt', { access: 'write' });
  });

  it("shows the caller's own connections only, with what the page shows and never a token or grant", async () => {
    const mine = await listAs(jwt.staff as string);
    expect(mine.status).toBe(200);
    expect(mine.body.data).toHaveLength(1);
    staffClaude = mine.body.data[0] as ConnectionJson;
    expect(staffClaude).toEqual({
      id: expect.stringMatching(/^[0-9A-Z]{26}$/),
      client_id: clients.claude,
      client_name: 'Claude',
      redirect_host: '127.0.0.1:8976',
      read_only: true,
      created_at: expect.any(String),
      last_used_at: null,
      revoked_at: null,
      owner: { id: staff.documentId, email: staff.email },
    });
    const theirs = await listAs(jwt.user as string);
    expect(theirs.body.data.map((c) => [c.client_name, c.read_only, c.owner?.email])).toEqual([['ChatGPT', false, user.email]]);
  });

  it("lets an admin see everyone's with ?all=true, each with its owner; a User asking for all is refused", async () => {
    const all = await listAs(jwt.admin as string, '?all=true');
    expect(all.status).toBe(200);
    expect(all.body.data.map((c) => `${c.client_name} ${c.owner?.email}`).sort()).toEqual([`ChatGPT ${user.email}`, `Claude ${staff.email}`]);
    expect((await listAs(jwt.admin as string)).body.data).toEqual([]);

    const refused = await listAs(jwt.user as string, '?all=true');
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'forbidden', message: 'Only help-desk admins may do this.' });
  });

  it('answers 401 without a credential and a validation error for a bad switch or id', async () => {
    expect((await request(app.baseUrl, 'GET', '/api/helpdesk/connections')).status).toBe(401);
    const badSwitch = await listAs(jwt.staff as string, '?all=yes');
    expect(badSwitch.status).toBe(400);
    expect(badSwitch.body.error.details.fields[0]).toMatchObject({ field: 'all' });
    const badId = await revokeAs(jwt.staff as string, 'not-an-id');
    expect(badId.status).toBe(400);
    expect(badId.body.error).toMatchObject({ code: 'validation_error', details: { fields: [{ message: 'must be a connected app id (a 26-character ULID)' }] } });
  });

  it("answers someone else's connection exactly as a nonexistent one, and changes nothing", async () => {
    const others = await revokeAs(jwt.user as string, staffClaude.id);
    const missing = await revokeAs(jwt.user as string, NO_SUCH_ID);
    for (const res of [others, missing]) {
      expect(res.status).toBe(404);
      expect(res.body.error).toMatchObject({ code: 'not_found', message: 'No connected app with that id exists, or you do not have access to it.' });
    }
    expect(others.body).toEqual(missing.body);
    expect((await listAs(jwt.staff as string)).body.data[0]).toMatchObject({ id: staffClaude.id, revoked_at: null });
    expect(await mcpStatus(staffClaudeTokens.access_token)).toBe(200);
  });
});

describe('revoking', () => {
  it('ends its access token at once (/mcp/ answers 401) and its refresh token (invalid_grant), and is audited with the app', async () => {
    const tokens = await connect(staff, 'chatgpt', { access: 'write' });
    expect(await mcpStatus(tokens.access_token)).toBe(200);
    const connection = (await listAs(jwt.staff as string)).body.data.find((c) => c.client_name === 'ChatGPT') as ConnectionJson;
    expect(connection.last_used_at).toEqual(expect.any(String));

    const revoked = await revokeAs(jwt.staff as string, connection.id);
    expect(revoked.status).toBe(200);
    expect(revoked.body.data).toMatchObject({ id: connection.id, client_name: 'ChatGPT', revoked_at: expect.any(String) });
    expect(await mcpStatus(tokens.access_token)).toBe(401);
    const again = await refresh(tokens, 'chatgpt');
    expect(again.status).toBe(400);
    expect(again.body.error).toBe('invalid_grant');
    // Revoking twice is no error: the connection is simply still revoked.
    expect((await revokeAs(jwt.staff as string, connection.id)).body.data.revoked_at).toBe(revoked.body.data.revoked_at);
    expect((await listAs(jwt.staff as string)).body.data.find((c) => c.id === connection.id)?.revoked_at).toBe(revoked.body.data.revoked_at);

    const audit = (await app.strapi.db.query('plugin::helpdesk.audit-event').findMany({
      where: { action: 'connection.revoke', outcome: 'allowed' },
      orderBy: { id: 'desc' },
    })) as Array<{ outcome: string; channel: string; credential_kind: string; details: Record<string, unknown> }>;
    expect(audit[0]).toMatchObject({ outcome: 'allowed', channel: 'rest', credential_kind: 'jwt', details: { connection_id: connection.id, client_name: 'ChatGPT' } });
  });

  it("in the staff pages' admin API: lists the linked account's connections and revokes one, ending a REST token", async () => {
    const tokens = await connect(staff, 'claude', { resource: 'rest' });
    expect((await request(app.baseUrl, 'GET', '/api/helpdesk/me', { token: tokens.access_token })).status).toBe(200);
    const listed = await panel('GET', '/connections');
    expect(listed.status).toBe(200);
    const mine = listed.body.data as ConnectionJson[];
    expect(mine.every((c) => c.owner?.email === staff.email)).toBe(true);
    const newest = mine[0] as ConnectionJson;
    expect(newest).toMatchObject({ client_name: 'Claude', revoked_at: null });
    // A staff account is no admin: everyone's is refused here as over REST.
    expect((await panel('GET', '/connections?all=true')).status).toBe(403);

    const revoked = await panel('DELETE', `/connections/${newest.id}`);
    expect(revoked.status).toBe(200);
    expect((await request(app.baseUrl, 'GET', '/api/helpdesk/me', { token: tokens.access_token })).status).toBe(401);
    expect((await refresh(tokens, 'claude')).body.error).toBe('invalid_grant');
    expect((await panel('DELETE', `/connections/${NO_SUCH_ID}`)).status).toBe(404);
    const audit = (await app.strapi.db.query('plugin::helpdesk.audit-event').findMany({
      where: { action: 'connection.revoke', outcome: 'allowed' },
      orderBy: { id: 'desc' },
    })) as Array<{ channel: string; details: Record<string, unknown> }>;
    expect(audit[0]).toMatchObject({ channel: 'admin', details: { connection_id: newest.id, client_name: 'Claude' } });
  });
});

describe('the CLI', () => {
  // Each CLI run boots the app: give every step room on a busy two-core machine.
  const STEP_MS = 180_000;

  it("lists one account's connections with --email, and everyone's with --all", async () => {
    const byEmail = await runCli(['connection:list', '--email', user.email], app.database);
    expect(byEmail.code).toBe(0);
    expect(byEmail.stdout).toMatch(/^[0-9A-Z]{26} {2}ChatGPT {2}uma\.user@example\.com {2}read-write {2}returns to 127\.0\.0\.1:8977 .* {2}active$/m);
    expect(byEmail.stdout).not.toContain(staff.email);
    const all = await runCli(['connection:list', '--all'], app.database);
    expect(all.code).toBe(0);
    expect(all.stdout).toContain(user.email);
    expect(all.stdout).toContain(staff.email);
    expect(all.stdout).toMatch(/REVOKED /);
  }, STEP_MS);

  it('revokes a connection by its id, ending its token', async () => {
    const tokens = await connect(user, 'claude');
    expect(await mcpStatus(tokens.access_token)).toBe(200);
    const id = ((await listAs(jwt.user as string)).body.data.find((c) => c.client_name === 'Claude') as ConnectionJson).id;
    const revoked = await runCli(['connection:revoke', id], app.database);
    expect(revoked.stderr).toBe('');
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain(`Revoked connected app "Claude" (id ${id}) of ${user.email}.`);
    expect(await mcpStatus(tokens.access_token)).toBe(401);
    expect((await refresh(tokens, 'claude')).body.error).toBe('invalid_grant');
    const audit = (await app.strapi.db.query('plugin::helpdesk.audit-event').findMany({
      where: { action: 'connection.revoke', outcome: 'allowed' },
      orderBy: { id: 'desc' },
    })) as Array<{ channel: string; details: Record<string, unknown> }>;
    expect(audit[0]).toMatchObject({ channel: 'cli', details: { connection_id: id, client_name: 'Claude' } });
  }, STEP_MS);

  it.each([
    [['connection:revoke', '42'], /--id must be a connected app id/],
    [['connection:revoke'], /--id is required/],
    [['connection:list', '--email', 'uma.user@example.com', '--all'], /--all cannot be combined with --email/],
  ])('refuses %j with a clear message and exit status 2', async (args, message) => {
    const res = await runCli(args, app.database);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
  }, STEP_MS);

  it('says so when the connection does not exist', async () => {
    const res = await runCli(['connection:revoke', NO_SUCH_ID], app.database);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/No connected app with that id exists/);
  }, STEP_MS);
});
