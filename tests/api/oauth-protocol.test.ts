import type Provider from 'oidc-provider';
import type { TestApp } from '../helpers/strapi';
import { createAccount, type TestAccount } from '../helpers/accounts';
import { request } from '../helpers/http';
import { json, startClientMetadataServer, startHelpdeskTrustingLoopbackMetadata, type ClientMetadataServer, type MetadataRoute } from '../helpers/client-metadata-server';
import { Browser, authorizeUrl, consent, csrfOf, formActionOf, pkcePair, registerClient, tokenRequest } from '../helpers/oauth';
import { callTool, connectClient, rawMcp, structured } from './mcp-support';
import { UID } from '../../src/plugins/helpdesk/server/src/uids';

/**
 * The authorization server's refusals, each over real HTTP against the real app (oauth-flow.test.ts has the happy
 * paths, refresh reuse, Deny and the User's scope): PKCE, codes, redirect URIs, resources, RFC 7009 revocation, and
 * client metadata documents that are too big, too slow, not JSON or about another client. The documents are served
 * over https on 127.0.0.1 by the test, which the help desk fetches only with HELPDESK_OAUTH_LOOPBACK_CLIENT_METADATA.
 */

const REDIRECT = 'http://127.0.0.1:8976/callback';
// Over the provider's 5 KiB limit for a client metadata document (fetchResponseBodyLimits in its defaults.js).
const TOO_BIG_BYTES = 6 * 1024;
// Longer than the provider's 2.5 s timeout on every fetch it makes (fetch_request.js).
const TOO_SLOW_MS = 4_000;

type Tokens = { access_token: string; refresh_token: string; scope: string };

/** A good document for the URL it is served at: a public client returning to the test's loopback redirect. */
const documentFor = (clientId: string, more: Record<string, unknown> = {}) => ({
  client_id: clientId,
  client_name: 'Metadata Assistant',
  redirect_uris: [REDIRECT],
  grant_types: ['authorization_code', 'refresh_token'],
  response_types: ['code'],
  token_endpoint_auth_method: 'none',
  application_type: 'native',
  ...more,
});

const later = (ms: number, then: () => void): void => {
  setTimeout(then, ms).unref();
};

const ROUTES: Record<string, MetadataRoute> = {
  '/good.json': json(({ url }) => documentFor(url)),
  // What an MCP SDK client may say of itself: the resource's scopes as the ones it will use.
  '/with-scope.json': json(({ url }) => documentFor(url, { client_name: 'Scoped Assistant', scope: 'helpdesk:read helpdesk:write' })),
  '/too-big.json': json(({ url }) => documentFor(url, { padding: 'x'.repeat(TOO_BIG_BYTES) })),
  // The same, with no Content-Length to refuse it by: the limit must hold while the body streams in.
  '/too-big-chunked.json': json(({ url }) => documentFor(url, { padding: 'x'.repeat(TOO_BIG_BYTES) }), { chunked: true }),
  // Good documents, only late: if the timeout did not hold, these would connect.
  '/slow.json': ({ response, url }) =>
    later(TOO_SLOW_MS, () => {
      response.setHeader('Content-Type', 'application/json');
      response.end(JSON.stringify(documentFor(url)));
    }),
  '/slow-body.json': ({ response, url }) => {
    response.setHeader('Content-Type', 'application/json');
    response.flushHeaders();
    later(TOO_SLOW_MS, () => response.end(JSON.stringify(documentFor(url))));
  },
  '/not-json.json': ({ response }) => {
    response.setHeader('Content-Type', 'text/html');
    response.end('<!doctype html><title>Hello</title><p>Not a client metadata document.</p>');
  },
  // Well-formed documents that name another client: another path on this host, or another host altogether.
  '/names-another-url.json': json(({ origin }) => documentFor(`${origin}/good.json`)),
  '/names-another-host.json': json(() => documentFor('https://assistant.example/names-another-host.json')),
  // Redirects are not followed: a document is served at its own URL or not at all.
  '/redirects.json': ({ response, origin }) => {
    response.statusCode = 302;
    response.setHeader('Location', `${origin}/good.json`);
    response.end();
  },
};

describe('OAuth protocol: what the authorization server refuses', () => {
  let app: TestApp;
  let documents: ClientMetadataServer;
  let staff: TestAccount;
  let clientId: string;
  let otherClientId: string;
  const authorizationErrors: string[] = [];

  const mcpResource = () => `${app.baseUrl}/mcp`;
  const provider = (): Provider => app.strapi.plugin('helpdesk').service('authorization-server').provider();
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
  const approve = async (client = clientId): Promise<Tokens> => {
    const flow = await consent(app.baseUrl, { clientId: client, redirectUri: REDIRECT, account: staff });
    expect(flow.code).toBeTruthy();
    const tokens = await exchange(flow.code as string, flow.verifier, { client_id: client });
    expect(tokens.status).toBe(200);
    return tokens.body as Tokens;
  };
  const revoke = (form: Record<string, string>) => request(app.baseUrl, 'POST', '/oauth/revoke', { form: { client_id: clientId, ...form } });
  const mcpStatus = async (accessToken: string) =>
    (await rawMcp(app, { jsonrpc: '2.0', id: 1, method: 'tools/list' }, { credential: accessToken })).status;
  const refresh = (refreshToken: string) => tokenRequest(app.baseUrl, { grant_type: 'refresh_token', refresh_token: refreshToken, client_id: clientId });
  /** The connection an approval made (newest first), as the person's Connected apps list shows it. */
  const latestConnection = async () => {
    const helpdesk = app.strapi.plugin('helpdesk');
    const actor = await helpdesk.service('actors').actorFor({ id: staff.id }, { credential: { kind: 'cli', id: null, name: 'test' }, channel: 'cli', readOnly: false });
    const [latest] = (await helpdesk.service('connections').list(actor)) as Array<{ client_id: string; client_name: string; revoked_at: string | null }>;
    return latest;
  };
  /**
   * Waits for the connection the newest approval made to be ended, and returns why the audit log says it was:
   * oidc-provider tells the help desk after it has answered (its grant.revoked event), so this lands moments later.
   */
  const connectionEnded = async (): Promise<string | undefined> => {
    for (let waited = 0; waited < 2_000 && (await latestConnection()).revoked_at === null; waited += 25) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect((await latestConnection()).revoked_at).not.toBeNull();
    const [event] = (await app.strapi.db.query(UID.auditEvent).findMany({ where: { action: 'connection.revoke' }, orderBy: { id: 'desc' }, limit: 1 })) as Array<{
      details: { reason?: string } | null;
    }>;
    return event?.details?.reason;
  };
  const stored = async () => ({
    records: await app.strapi.db.query(UID.oauthRecord).count({}),
    connections: await app.strapi.db.query(UID.connection).count({}),
  });
  /** An authorization request's first answer, as a browser gets it, with no cookies and no redirect followed. */
  const authorize = (params: Record<string, string | undefined>) =>
    new Browser(app.baseUrl).follow(
      authorizeUrl(app.baseUrl, {
        response_type: 'code',
        client_id: clientId,
        redirect_uri: REDIRECT,
        scope: 'helpdesk:read helpdesk:write',
        state: 'st',
        resource: mcpResource(),
        ...params,
      }),
    );

  beforeAll(async () => {
    documents = await startClientMetadataServer(ROUTES);
    app = await startHelpdeskTrustingLoopbackMetadata();
    provider().on('authorization.error', (_ctx: unknown, error: { error?: string }) => authorizationErrors.push(String(error.error)));
    staff = await createAccount(app.strapi, { email: 'sam.staff@example.com', role: 'staff' });
    const registered = await registerClient(app.baseUrl, { client_name: 'Claude' });
    expect(registered.status).toBe(201);
    clientId = registered.body.client_id;
    otherClientId = (await registerClient(app.baseUrl, { client_name: 'Another App' })).body.client_id;
  });
  afterAll(async () => {
    await app?.stop();
    await documents?.close();
  });
  beforeEach(() => {
    authorizationErrors.length = 0;
  });

  describe('registration', () => {
    it('a client registering with the help desk\'s scopes (as the MCP SDK does) is registered, and connects', async () => {
      const registered = await registerClient(app.baseUrl, { client_name: 'SDK Assistant', scope: 'helpdesk:read helpdesk:write' });
      expect(registered.status).toBe(201);
      const tokens = await approve(registered.body.client_id);
      expect(tokens.scope).toBe('helpdesk:read');
    });

    it('a scope the help desk does not know is still refused at registration', async () => {
      const registered = await registerClient(app.baseUrl, { scope: 'helpdesk:read email' });
      expect(registered.status).toBe(400);
      expect(registered.body).toMatchObject({ error: 'invalid_client_metadata' });
    });

    it('a client metadata document naming the help desk\'s scopes is accepted too', async () => {
      const flow = await consent(app.baseUrl, { clientId: documents.url('/with-scope.json'), redirectUri: REDIRECT, account: staff });
      expect(flow.code).toBeTruthy();
    });
  });

  describe('the consent pages in a browser', () => {
    it('are served with a Referrer-Policy under which a browser posts their forms with its Origin; Origin: null is refused', async () => {
      const browser = new Browser(app.baseUrl);
      const signIn = await browser.follow(authorizeUrl(app.baseUrl, { response_type: 'code', client_id: clientId, redirect_uri: REDIRECT, resource: mcpResource(), ...pkceParams() }));
      expect(signIn.status).toBe(200);
      // no-referrer would make every browser send Origin: null with the page's own form (the Chromium e2e test).
      expect(signIn.headers.get('referrer-policy')).toBe('same-origin');
      const posted = await browser.send(formActionOf(signIn.text), {
        form: { csrf: csrfOf(signIn.text), email: staff.email, password: staff.password, decision: 'signin' },
        headers: { Origin: 'null' },
      });
      expect(posted.status).toBe(403);
      expect(posted.text).toContain('This form cannot be accepted');
    });
  });

  describe('PKCE', () => {
    it('an authorization request without a code_challenge goes back to the app with invalid_request and no code', async () => {
      const answer = await authorize({});
      expect(answer.left?.origin).toBe('http://127.0.0.1:8976');
      expect(answer.left?.searchParams.get('error')).toBe('invalid_request');
      expect(answer.left?.searchParams.get('error_description')).toMatch(/PKCE/);
      expect(answer.left?.searchParams.get('state')).toBe('st');
      expect(answer.left?.searchParams.has('code')).toBe(false);
    });

    it('code_challenge_method=plain is refused the same way (S256 only)', async () => {
      const { verifier } = pkcePair();
      const answer = await authorize({ code_challenge: verifier, code_challenge_method: 'plain' });
      expect(answer.left?.searchParams.get('error')).toBe('invalid_request');
      expect(answer.left?.searchParams.get('error_description')).toMatch(/code_challenge_method/);
      expect(answer.left?.searchParams.has('code')).toBe(false);
    });

    it('a wrong code_verifier gets invalid_grant, and so does none; the code then still works with the right one', async () => {
      const flow = await consent(app.baseUrl, { clientId, redirectUri: REDIRECT, account: staff });
      const wrong = await exchange(flow.code as string, pkcePair().verifier);
      expect(wrong.status).toBe(400);
      expect(wrong.body.error).toBe('invalid_grant');
      const missing = await tokenRequest(app.baseUrl, { grant_type: 'authorization_code', code: flow.code as string, redirect_uri: REDIRECT, client_id: clientId });
      expect(missing.status).toBe(400);
      expect(missing.body.error).toBe('invalid_grant');
      // A failed check consumes nothing: PKCE is checked before the code is marked used.
      expect((await exchange(flow.code as string, flow.verifier)).status).toBe(200);
    });
  });

  describe('authorization codes', () => {
    it('a code used twice: invalid_grant the second time, and the tokens from the first use are revoked', async () => {
      const flow = await consent(app.baseUrl, { clientId, redirectUri: REDIRECT, account: staff });
      const first = await exchange(flow.code as string, flow.verifier);
      expect(first.status).toBe(200);
      expect(await mcpStatus(first.body.access_token as string)).toBe(200);
      const second = await exchange(flow.code as string, flow.verifier);
      expect(second.status).toBe(400);
      expect(second.body.error).toBe('invalid_grant');
      expect(await mcpStatus(first.body.access_token as string)).toBe(401);
      expect((await refresh(first.body.refresh_token as string)).body.error).toBe('invalid_grant');
      expect(await connectionEnded()).toBe('authorization_code_reused');
    });

    it('a code presented three times at once gives tokens at most once, and ends the grant', async () => {
      const flow = await consent(app.baseUrl, { clientId, redirectUri: REDIRECT, account: staff });
      const answers = await Promise.all([1, 2, 3].map(() => exchange(flow.code as string, flow.verifier)));
      const issued = answers.filter((answer) => answer.status === 200);
      expect(issued.length).toBeLessThanOrEqual(1);
      expect(answers.filter((answer) => answer.body.error === 'invalid_grant')).toHaveLength(3 - issued.length);
      expect(await connectionEnded()).toBe('authorization_code_reused');
      for (const { body } of issued) {
        expect(await mcpStatus(body.access_token as string)).toBe(401);
        expect((await refresh(body.refresh_token as string)).body.error).toBe('invalid_grant');
      }
    });

    it('a refresh token presented three times at once rotates at most once, and the family ends', async () => {
      const tokens = await approve();
      const answers = await Promise.all([1, 2, 3].map(() => refresh(tokens.refresh_token)));
      const rotated = answers.filter((answer) => answer.status === 200);
      expect(rotated.length).toBeLessThanOrEqual(1);
      expect(answers.filter((answer) => answer.body.error === 'invalid_grant')).toHaveLength(3 - rotated.length);
      expect(await connectionEnded()).toBe('refresh_token_reused');
      for (const { body } of rotated) {
        expect(await mcpStatus(body.access_token as string)).toBe(401);
        expect((await refresh(body.refresh_token as string)).body.error).toBe('invalid_grant');
      }
    });

    it('a code is for the client it was issued to', async () => {
      const flow = await consent(app.baseUrl, { clientId, redirectUri: REDIRECT, account: staff });
      const stolen = await exchange(flow.code as string, flow.verifier, { client_id: otherClientId });
      expect(stolen.body.error).toBe('invalid_grant');
    });
  });

  describe('redirect URIs', () => {
    it.each([
      ['another host', 'https://attacker.example/callback'],
      ['another path on the loopback', 'http://127.0.0.1:8976/elsewhere'],
    ])('at authorize, an unregistered redirect_uri (%s) gets an error page, never a redirect', async (_case, redirectUri) => {
      const answer = await authorize({ redirect_uri: redirectUri, ...pkceParams() });
      expect(answer.left).toBeNull();
      expect(answer.location).toBeNull();
      expect(answer.status).toBe(400);
      expect(answer.text).toContain('This app cannot connect');
      expect(answer.text).toContain('asked to return to an address it has not registered');
      expect(answer.text).not.toContain(redirectUri);
      expect(authorizationErrors).toContain('invalid_redirect_uri');
    });

    it('a native client on the loopback may come back on another port (RFC 8252 §7.3), nowhere else', async () => {
      const answer = await authorize({ redirect_uri: 'http://127.0.0.1:40123/callback', ...pkceParams() });
      expect(answer.left).toBeNull();
      expect('at' in answer && answer.at.pathname).toMatch(/^\/oauth\/interaction\//);
      expect(answer.text).toContain('Sign in');
    });

    it('at the token endpoint, a redirect_uri other than the code was issued for gets invalid_grant', async () => {
      const flow = await consent(app.baseUrl, { clientId, redirectUri: REDIRECT, account: staff });
      const other = await exchange(flow.code as string, flow.verifier, { redirect_uri: 'http://127.0.0.1:8976/elsewhere' });
      expect(other.status).toBe(400);
      expect(other.body.error).toBe('invalid_grant');
      const none = await tokenRequest(app.baseUrl, { grant_type: 'authorization_code', code: flow.code as string, code_verifier: flow.verifier, client_id: clientId });
      expect(none.body.error).toBe('invalid_request');
    });
  });

  describe('resource indicators (RFC 8707)', () => {
    it.each([
      ['a resource this server does not serve', () => 'https://evil.example/mcp'],
      ['its other resource, which was not granted', () => `${app.baseUrl}/api/helpdesk`],
    ])('the code exchange naming %s gets invalid_target', async (_case, resource) => {
      const flow = await consent(app.baseUrl, { clientId, redirectUri: REDIRECT, account: staff });
      const answer = await exchange(flow.code as string, flow.verifier, { resource: resource() });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toBe('invalid_target');
      expect(answer.body).not.toHaveProperty('access_token');
    });

    it('so does a refresh naming a resource that was not granted', async () => {
      const tokens = await approve();
      const answer = await tokenRequest(app.baseUrl, { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, client_id: clientId, resource: `${app.baseUrl}/api/helpdesk` });
      expect(answer.body.error).toBe('invalid_target');
    });
  });

  describe('revocation (RFC 7009)', () => {
    it('revoking an access token ends it, and the connection with it', async () => {
      const tokens = await approve();
      expect(await mcpStatus(tokens.access_token)).toBe(200);
      const answer = await revoke({ token: tokens.access_token, token_type_hint: 'access_token' });
      expect(answer.status).toBe(200);
      expect(await mcpStatus(tokens.access_token)).toBe(401);
      expect((await refresh(tokens.refresh_token)).body.error).toBe('invalid_grant');
      expect(await connectionEnded()).toBe('revoked_by_app');
    });

    it('revoking a refresh token ends it and the access tokens of its grant, and the connection', async () => {
      const tokens = await approve();
      const answer = await revoke({ token: tokens.refresh_token, token_type_hint: 'refresh_token' });
      expect(answer.status).toBe(200);
      expect((await refresh(tokens.refresh_token)).body.error).toBe('invalid_grant');
      expect(await mcpStatus(tokens.access_token)).toBe(401);
      expect(await connectionEnded()).toBe('revoked_by_app');
    });

    it('another client cannot revoke a token it was not issued (answered 200 all the same); an unknown token is 200 too', async () => {
      const tokens = await approve();
      const answer = await revoke({ token: tokens.access_token, client_id: otherClientId });
      expect(answer.status).toBe(200);
      expect(await mcpStatus(tokens.access_token)).toBe(200);
      expect((await revoke({ token: 'no-such-token-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' })).status).toBe(200);
      expect((await latestConnection()).revoked_at).toBeNull();
    });
  });

  describe('client metadata documents', () => {
    // A document that cannot be loaded is an invalid client; one that loads but describes another client is, in
    // oidc-provider's words, invalid client metadata. Either way the person gets the same page.
    it.each([
      ['too big (its Content-Length says so)', '/too-big.json', 'invalid_client'],
      ['too big (streamed, no Content-Length)', '/too-big-chunked.json', 'invalid_client'],
      ['slow to answer', '/slow.json', 'invalid_client'],
      ['slow to send its body', '/slow-body.json', 'invalid_client'],
      ['not JSON', '/not-json.json', 'invalid_client'],
      ['a redirect to a good document', '/redirects.json', 'invalid_client'],
      ['naming another URL on its host as client_id', '/names-another-url.json', 'invalid_client_metadata'],
      ['naming another host as client_id', '/names-another-host.json', 'invalid_client_metadata'],
    ])('a document %s: the authorize request gets an error page, no redirect, and nothing is stored', async (_case, path, error) => {
      const before = await stored();
      const started = Date.now();
      const answer = await authorize({ client_id: documents.url(path), ...pkceParams() });
      expect(Date.now() - started).toBeLessThan(3 * TOO_SLOW_MS);
      expect(documents.hits(path)).toBeGreaterThan(0);
      expect(answer.left).toBeNull();
      expect(answer.location).toBeNull();
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.text).toContain('This app cannot connect');
      expect(answer.text).toContain('its details could not be loaded');
      expect(authorizationErrors).toEqual([error]);
      expect(await stored()).toEqual(before);
    });

    it('a good document works end to end: its name on the consent page, tokens for the MCP endpoint, a connection named by it', async () => {
      const metadataClient = documents.url('/good.json');
      const flow = await consent(app.baseUrl, { clientId: metadataClient, redirectUri: REDIRECT, account: staff });
      expect(flow.code).toBeTruthy();
      const tokens = await exchange(flow.code as string, flow.verifier, { client_id: metadataClient });
      expect(tokens.status).toBe(200);
      const client = await connectClient(app, tokens.body.access_token as string);
      expect(structured(await callTool(client, 'whoami'))).toMatchObject({ role: 'staff', read_only: true, credential: { kind: 'oauth', name: 'Metadata Assistant' } });
      await client.close();
      expect(await latestConnection()).toMatchObject({ client_id: metadataClient, client_name: 'Metadata Assistant', revoked_at: null });
      const refreshed = await tokenRequest(app.baseUrl, { grant_type: 'refresh_token', refresh_token: tokens.body.refresh_token as string, client_id: metadataClient });
      expect(refreshed.status).toBe(200);
    });
  });
});

/** A fresh S256 challenge, for requests that must get past the PKCE check to reach the one under test. */
function pkceParams(): Record<string, string> {
  return { code_challenge: pkcePair().challenge, code_challenge_method: 'S256' };
}
