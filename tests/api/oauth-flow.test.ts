import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { createAccount, createGroup, type TestAccount } from '../helpers/accounts';
import { request } from '../helpers/http';
import { Browser, authorizeUrl, consent, csrfOf, formActionOf, pkcePair, registerClient, tokenRequest } from '../helpers/oauth';
import { callTool, connectClient, structured } from './mcp-support';

const REDIRECT = 'http://127.0.0.1:8976/callback';

describe('OAuth: discovery, the consent flow and what its tokens may do', () => {
  let app: TestApp;
  let staff: TestAccount;
  let user: TestAccount;
  let blocked: TestAccount;
  let clientId: string;
  let categoryId: string;

  const mcpResource = () => `${app.baseUrl}/mcp`;
  const exchange = (code: string, verifier: string, extra: Record<string, string> = {}) =>
    tokenRequest(app.baseUrl, {
      grant_type: 'authorization_code',
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT,
      client_id: clientId,
      resource: mcpResource(),
      ...extra,
    });
  const approve = async (account: TestAccount, access: 'read' | 'write' = 'read') => {
    const flow = await consent(app.baseUrl, { clientId, redirectUri: REDIRECT, account, access });
    expect(flow.code).toBeTruthy();
    const tokens = await exchange(flow.code as string, flow.verifier);
    expect(tokens.status).toBe(200);
    return tokens.body as { access_token: string; refresh_token: string; scope: string; expires_in: number };
  };

  beforeAll(async () => {
    app = await startHelpdesk();
    staff = await createAccount(app.strapi, { email: 'sam.staff@example.com', role: 'staff' });
    user = await createAccount(app.strapi, { email: 'uma.user@example.com', role: 'user' });
    blocked = await createAccount(app.strapi, { email: 'bob.blocked@example.com', role: 'staff', blocked: true });
    const desk = await createGroup(app.strapi, 'IT Service Desk', [staff]);
    const category = (await app.strapi.documents('plugin::helpdesk.category').create({
      data: { name: 'Network', default_group: { documentId: desk.documentId } },
    })) as unknown as { documentId: string };
    categoryId = category.documentId;
    const registered = await registerClient(app.baseUrl, { client_name: 'Claude' });
    expect(registered.status).toBe(201);
    clientId = registered.body.client_id;
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('serves RFC 8414 metadata that names this server, PKCE S256, and the endpoints; the resource metadata names it too', async () => {
    const metadata = await request(app.baseUrl, 'GET', '/.well-known/oauth-authorization-server');
    expect(metadata.status).toBe(200);
    expect(metadata.body).toMatchObject({
      issuer: app.baseUrl,
      authorization_endpoint: `${app.baseUrl}/oauth/authorize`,
      token_endpoint: `${app.baseUrl}/oauth/token`,
      registration_endpoint: `${app.baseUrl}/oauth/register`,
      revocation_endpoint: `${app.baseUrl}/oauth/revoke`,
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
      client_id_metadata_document_supported: true,
    });
    expect(metadata.body.scopes_supported).toEqual(expect.arrayContaining(['helpdesk:read', 'helpdesk:write']));
    const oidc = await request(app.baseUrl, 'GET', '/.well-known/openid-configuration');
    expect(oidc.body.issuer).toBe(app.baseUrl);
    const resource = await request(app.baseUrl, 'GET', '/.well-known/oauth-protected-resource/mcp');
    expect(resource.body).toMatchObject({ resource: mcpResource(), authorization_servers: [app.baseUrl], scopes_supported: ['helpdesk:read', 'helpdesk:write'] });
  });

  it('shows the app, where it returns to, and then the role and scope in words; approving read-only gives a read-only token', async () => {
    const browser = new Browser(app.baseUrl);
    const { challenge, verifier } = pkcePair();
    const signIn = await browser.follow(
      authorizeUrl(app.baseUrl, { response_type: 'code', client_id: clientId, redirect_uri: REDIRECT, scope: 'helpdesk:read helpdesk:write', state: 's1', code_challenge: challenge, code_challenge_method: 'S256', resource: mcpResource() }),
    );
    expect(signIn.status).toBe(200);
    expect(signIn.text).toContain('Connect Claude to the help desk');
    expect(signIn.text).toContain('127.0.0.1:8976');
    expect(signIn.headers.get('content-security-policy')).toContain("default-src 'none'");
    const consentPage = await browser.follow(formActionOf(signIn.text), {
      form: { csrf: csrfOf(signIn.text), email: staff.email, password: staff.password, decision: 'signin' },
    });
    expect(consentPage.text).toContain('as Staff: tickets of IT Service Desk, tickets assigned to you and tickets you submitted');
    expect(consentPage.text).toContain(staff.email);
    const back = await browser.follow(formActionOf(consentPage.text), { form: { csrf: csrfOf(consentPage.text), access: 'read', decision: 'approve' } });
    expect(back.left?.origin).toBe('http://127.0.0.1:8976');
    expect(back.left?.searchParams.get('state')).toBe('s1');
    expect(back.left?.searchParams.get('iss')).toBe(app.baseUrl);
    const tokens = await exchange(back.left?.searchParams.get('code') as string, verifier);
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ token_type: 'Bearer', expires_in: 3600, scope: 'helpdesk:read' });
    expect(tokens.body.refresh_token).toEqual(expect.any(String));

    const client = await connectClient(app, tokens.body.access_token as string);
    const me = structured(await callTool(client, 'whoami'));
    expect(me).toMatchObject({ role: 'staff', read_only: true, credential: { kind: 'oauth', name: 'Claude' } });
    const created = await callTool(client, 'create_ticket', { subject: 'Printer', description: 'It is on fire.', category_id: categoryId });
    expect(created.isError).toBe(true);
    await client.close();
  });

  it('a read-and-write approval may create tickets, and the audit log names the connection like a key', async () => {
    const tokens = await approve(staff, 'write');
    expect(tokens.scope).toBe('helpdesk:read helpdesk:write');
    const client = await connectClient(app, tokens.access_token);
    const created = await callTool(client, 'create_ticket', { subject: 'VPN down', description: 'Since this morning.', category_id: categoryId });
    expect(created.isError).toBeFalsy();
    await client.close();
    const audit = (await app.strapi.db.query('plugin::helpdesk.audit-event').findMany({ where: { action: 'ticket.create' } })) as Array<{ credential_kind: string; credential_name: string }>;
    expect(audit.at(-1)).toMatchObject({ credential_kind: 'oauth', credential_name: 'Claude' });
  });

  it('a User approving gets a User: only their own tickets, whatever the app asked for', async () => {
    const tokens = await approve(user, 'write');
    const client = await connectClient(app, tokens.access_token);
    expect(structured(await callTool(client, 'whoami'))).toMatchObject({ role: 'user', read_only: false });
    const list = structured<{ tickets: Array<{ subject: string }> }>(await callTool(client, 'list_tickets'));
    expect(list.tickets.map((t) => t.subject)).not.toContain('VPN down');
    await client.close();
  });

  it('binds tokens to their resource: an MCP token does not open the REST API, a REST token does not open /mcp/', async () => {
    const tokens = await approve(staff);
    expect((await request(app.baseUrl, 'GET', '/api/helpdesk/me', { token: tokens.access_token })).status).toBe(401);
    const flow = await consent(app.baseUrl, { clientId, redirectUri: REDIRECT, account: staff, resource: `${app.baseUrl}/api/helpdesk` });
    const rest = await exchange(flow.code as string, flow.verifier, { resource: `${app.baseUrl}/api/helpdesk` });
    expect(rest.status).toBe(200);
    expect((await request(app.baseUrl, 'GET', '/api/helpdesk/me', { token: rest.body.access_token as string })).status).toBe(200);
    const mcp = await fetch(`${app.baseUrl}/mcp/`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${rest.body.access_token}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    });
    expect(mcp.status).toBe(401);
  });

  it('refuses a resource this server does not serve', async () => {
    const flow = await consent(app.baseUrl, { clientId, redirectUri: REDIRECT, account: staff, resource: 'https://evil.example/mcp' });
    expect(flow.code).toBeNull();
    const error = flow.returned?.searchParams.get('error') ?? (flow.page.text.includes('cannot connect') ? 'page' : null);
    expect(error).toMatch(/invalid_target|page/);
  });

  it('rotates refresh tokens; presenting a used one ends the whole family and the connection', async () => {
    const first = await approve(staff);
    const refreshed = await tokenRequest(app.baseUrl, { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: clientId });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(first.refresh_token);
    const replay = await tokenRequest(app.baseUrl, { grant_type: 'refresh_token', refresh_token: first.refresh_token, client_id: clientId });
    expect(replay.status).toBe(400);
    expect(replay.body.error).toBe('invalid_grant');
    const second = await tokenRequest(app.baseUrl, { grant_type: 'refresh_token', refresh_token: refreshed.body.refresh_token as string, client_id: clientId });
    expect(second.body.error).toBe('invalid_grant');
    expect((await request(app.baseUrl, 'GET', '/api/helpdesk/me', { token: refreshed.body.access_token as string })).status).toBe(401);
    // The person sees why the app stopped working: its connection is revoked, and the audit log says by what.
    const revocation = async () =>
      (await app.strapi.db.query('plugin::helpdesk.audit-event').findMany({ where: { action: 'connection.revoke' } })) as Array<{ details: { reason?: string } }>;
    for (let i = 0; i < 50 && !(await revocation()).some((row) => row.details.reason === 'refresh_token_reused'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect((await revocation()).map((row) => row.details.reason)).toContain('refresh_token_reused');
  });

  it('revoking the connection ends its access and refresh tokens at once', async () => {
    const tokens = await approve(staff);
    const client = await connectClient(app, tokens.access_token);
    expect(structured(await callTool(client, 'whoami')).role).toBe('staff');
    await client.close();
    const helpdesk = app.strapi.plugin('helpdesk');
    const actor = await helpdesk.service('actors').actorFor({ id: staff.id }, { credential: { kind: 'cli', id: null, name: 'test' }, channel: 'cli', readOnly: false });
    const mine = await helpdesk.service('connections').list(actor);
    await helpdesk.service('connections').revoke(actor, mine[0].id);
    await expect(connectClient(app, tokens.access_token)).rejects.toThrow();
    const refresh = await tokenRequest(app.baseUrl, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: clientId });
    expect(refresh.body.error).toBe('invalid_grant');
  });

  it('Deny sends the person back with access_denied and no code', async () => {
    const flow = await consent(app.baseUrl, { clientId, redirectUri: REDIRECT, account: staff, decision: 'deny' });
    expect(flow.code).toBeNull();
    expect(flow.returned?.searchParams.get('error')).toBe('access_denied');
  });

  it('a blocked account gets a page that says so, never a redirect with a code', async () => {
    const flow = await consent(app.baseUrl, { clientId, redirectUri: REDIRECT, account: blocked });
    expect(flow.returned).toBeNull();
    expect(flow.page.status).toBe(403);
    expect(flow.page.text).toContain('This account is blocked');
  });

  it('a User account asked for a Staff app gets a page that says so', async () => {
    const flow = await consent(app.baseUrl, { clientId, redirectUri: REDIRECT, account: user, scope: 'helpdesk:read helpdesk:staff' });
    expect(flow.returned).toBeNull();
    expect(flow.page.text).toContain('needs a Staff account');
  });

  it('an unknown client gets a page, not a redirect', async () => {
    const flow = await consent(app.baseUrl, { clientId: 'no-such-client', redirectUri: REDIRECT, account: staff });
    expect(flow.returned).toBeNull();
    expect(flow.page.status).toBe(400);
    expect(flow.page.text).toContain('This app cannot connect');
  });
});
