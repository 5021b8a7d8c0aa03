import crypto from 'crypto';
import http from 'http';
import type { AddressInfo } from 'net';
import type { Browser, Page } from 'playwright-core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { UnauthorizedError, auth, type OAuthClientProvider, type OAuthDiscoveryState } from '@modelcontextprotocol/sdk/client/auth.js';
import type { OAuthClientInformationMixed, OAuthClientMetadata, OAuthTokens } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createTicketSchema } from '../../src/plugins/helpdesk/server/src/validation/tickets';
import { createAccount, createGroup, type TestAccount } from '../helpers/accounts';
import { json, startClientMetadataServer, startHelpdeskTrustingLoopbackMetadata, type ClientMetadataServer } from '../helpers/client-metadata-server';
import type { TestApp } from '../helpers/strapi';
import { PANEL_PASSWORD, addPanelUser } from './support/app';
import { launchBrowser, screenshot, signIn, stepWithScreenshot } from './support/browser';
import { checker } from './support/checks';

/**
 * An assistant connects the way claude.ai or VS Code would: the official MCP SDK client meets a 401 on /mcp/,
 * discovers the help desk's authorization server, registers (once by dynamic registration, once by a client
 * metadata document it serves over https), sends its person to the consent page (Chromium: sign in, Read only,
 * Approve), takes the code at its loopback redirect URI, and works: whoami, list_tickets, a refresh. Then the
 * person revokes both connections on the Help Desk's API keys page, and the next MCP call is refused with 401.
 */

const APP_NAMES = { dcr: 'E2E Registered Assistant', cimd: 'E2E Metadata Assistant' } as const;
type Kind = keyof typeof APP_NAMES;

/** The app's redirect URI: a loopback server that takes the browser's return and hands its query to the test. */
interface Loopback {
  redirectUrl: string;
  /** The next return to the redirect URI (code, state and iss, or an error). */
  next(): Promise<URLSearchParams>;
  close(): Promise<void>;
}

const startLoopback = async (): Promise<Loopback> => {
  const waiting: Array<(query: URLSearchParams) => void> = [];
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      response.statusCode = 404;
      response.end();
      return;
    }
    response.setHeader('Content-Type', 'text/html');
    response.end('<!doctype html><title>Connected</title><p>You can close this window and return to the assistant.</p>');
    waiting.shift()?.(url.searchParams);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    redirectUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/callback`,
    next: () => new Promise<URLSearchParams>((resolve) => waiting.push(resolve)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
};

/**
 * The assistant's side of OAuth, as the SDK asks an app to provide it: everything kept in memory, and the
 * authorization URL handed to whoever plays the person (here, Chromium on the consent page).
 */
class AssistantOAuth implements OAuthClientProvider {
  private information: OAuthClientInformationMixed | undefined;
  private saved: OAuthTokens | undefined;
  private verifier = '';
  private discovery: OAuthDiscoveryState | undefined;
  readonly states: string[] = [];
  registrations = 0;

  constructor(
    readonly name: string,
    private readonly loopback: Loopback,
    private readonly onAuthorization: (url: URL) => void,
    readonly clientMetadataUrl?: string,
  ) {}

  get redirectUrl(): string {
    return this.loopback.redirectUrl;
  }

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: this.name,
      redirect_uris: [this.loopback.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
    };
  }

  state(): string {
    const state = crypto.randomBytes(12).toString('base64url');
    this.states.push(state);
    return state;
  }

  clientInformation() {
    return this.information;
  }

  saveClientInformation(information: OAuthClientInformationMixed): void {
    if (this.information?.client_id !== information.client_id) this.registrations += 1;
    this.information = information;
  }

  tokens() {
    return this.saved;
  }

  saveTokens(tokens: OAuthTokens): void {
    this.saved = tokens;
  }

  redirectToAuthorization(url: URL): void {
    this.onAuthorization(url);
  }

  saveCodeVerifier(verifier: string): void {
    this.verifier = verifier;
  }

  codeVerifier(): string {
    return this.verifier;
  }

  saveDiscoveryState(state: OAuthDiscoveryState): void {
    this.discovery = state;
  }

  discoveryState() {
    return this.discovery;
  }

  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): void {
    if (scope === 'all' || scope === 'tokens') this.saved = undefined;
    if (scope === 'all' || scope === 'client') this.information = undefined;
    if (scope === 'all' || scope === 'discovery') this.discovery = undefined;
  }
}

let app: TestApp;
let browser: Browser;
let documents: ClientMetadataServer;
let loopback: Loopback;
let staff: TestAccount;
let check: ReturnType<typeof checker>;
let ticketSubject: string;
const assistants = {} as Record<Kind, { oauth: AssistantOAuth; client: Client; authorizations: URL[] }>;

const mcpUrl = () => new URL(`${app.baseUrl}/mcp/`);

const text = (result: CallToolResult) => JSON.stringify(result.structuredContent ?? result.content);
const structured = <T>(result: CallToolResult): T => {
  if (result.isError) throw new Error(`tool call failed: ${text(result)}`);
  return result.structuredContent as T;
};

/** The page a step is driving, so a failing step leaves a screenshot of what the browser showed. */
let active: Page | undefined;
const step = stepWithScreenshot('failed-oauth-', () => active);

/** The person on the consent page, in a browser of their own: sign in, Read only, Approve; then where it went. */
const consentInChromium = async (authorizationUrl: URL, shotName: string): Promise<URLSearchParams> => {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 } });
  const page = await context.newPage();
  active = page;
  page.setDefaultTimeout(20_000);
  const returned = loopback.next();
  await page.goto(authorizationUrl.toString());
  await page.getByRole('heading', { name: /^Connect .+ to the help desk$/ }).waitFor();
  await page.getByLabel('Email').fill(staff.email);
  await page.getByLabel('Password').fill(staff.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /to use the help desk as you\?$/ }).waitFor();
  await page.getByRole('radio', { name: /Read only/ }).check();
  await screenshot(page, shotName);
  await page.getByRole('button', { name: 'Approve' }).click();
  const query = await returned;
  await page.getByText('You can close this window').waitFor();
  await context.close();
  return query;
};

/**
 * The SDK's own flow from the first 401: connect fails with UnauthorizedError once the person has been sent to
 * the consent page; the code from the redirect URI finishes auth(); a fresh transport then connects with the tokens.
 */
const connectAssistant = async (kind: Kind, clientMetadataUrl?: string): Promise<void> => {
  const authorizations: URL[] = [];
  const oauth = new AssistantOAuth(APP_NAMES[kind], loopback, (url) => authorizations.push(url), clientMetadataUrl);
  const first = new StreamableHTTPClientTransport(mcpUrl(), { authProvider: oauth });
  await expect(new Client({ name: `e2e-${kind}`, version: '1.0.0' }).connect(first)).rejects.toBeInstanceOf(UnauthorizedError);
  expect(authorizations).toHaveLength(1);
  const authorizationUrl = authorizations[0] as URL;
  expect(authorizationUrl.origin + authorizationUrl.pathname).toBe(`${app.baseUrl}/oauth/authorize`);
  expect(authorizationUrl.searchParams.get('code_challenge_method')).toBe('S256');
  expect(authorizationUrl.searchParams.get('resource')).toBe(`${app.baseUrl}/mcp`);

  const returned = await consentInChromium(authorizationUrl, `oauth-${kind}-consent`);
  expect(returned.get('error')).toBeNull();
  expect(returned.get('state')).toBe(oauth.states.at(-1));
  expect(returned.get('iss')).toBe(app.baseUrl);
  await first.finishAuth(returned.get('code') as string);
  expect(oauth.tokens()).toMatchObject({ token_type: expect.stringMatching(/^bearer$/i), scope: 'helpdesk:read' });

  const client = new Client({ name: `e2e-${kind}`, version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(mcpUrl(), { authProvider: oauth }));
  assistants[kind] = { oauth, client, authorizations };
};

const mcpStatus = async (accessToken: string): Promise<number> =>
  (
    await fetch(mcpUrl(), {
      method: 'POST',
      headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
    })
  ).status;

beforeAll(async () => {
  loopback = await startLoopback();
  documents = await startClientMetadataServer({
    '/assistant.json': json(({ url }) => ({
      client_id: url,
      client_name: APP_NAMES.cimd,
      redirect_uris: [loopback.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      application_type: 'native',
    })),
  });
  app = await startHelpdeskTrustingLoopbackMetadata();
  check = checker(app.strapi);
  staff = await createAccount(app.strapi, { email: 'sam.staff@example.com', role: 'staff' });
  // Its panel user, linked by email to the Staff account: the person who revokes on the API keys page.
  await addPanelUser(app, staff.email);
  const desk = await createGroup(app.strapi, 'IT Service Desk', [staff]);
  const category = (await app.strapi.documents('plugin::helpdesk.category').create({
    data: { name: 'Network', default_group: { documentId: desk.documentId } },
  })) as unknown as { documentId: string };
  ticketSubject = 'VPN drops every ten minutes (e2e oauth)';
  await check
    .service('tickets')
    .create(await check.actorById(staff.documentId), createTicketSchema.parse({ subject: ticketSubject, description: 'Since the update.', category_id: category.documentId }));
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  for (const { client } of Object.values(assistants)) await client.close().catch(() => undefined);
  await browser?.close();
  await app?.stop();
  await documents?.close();
  await loopback?.close();
});

step('without a token, /mcp/ answers 401 and names its protected-resource metadata', async () => {
  const answer = await fetch(mcpUrl(), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream' },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }),
  });
  expect(answer.status).toBe(401);
  expect(answer.headers.get('www-authenticate')).toContain(`resource_metadata="${app.baseUrl}/.well-known/oauth-protected-resource/mcp"`);
});

step('an assistant registering by dynamic client registration connects through the consent page, read only', async () => {
  await connectAssistant('dcr');
  const { oauth, client } = assistants.dcr;
  expect(oauth.registrations).toBe(1);
  expect(oauth.clientInformation()?.client_id).not.toMatch(/^https:/);

  const me = structured<{ role: string; read_only: boolean; credential: { kind: string; name: string } }>(await client.callTool({ name: 'whoami' }) as CallToolResult);
  expect(me).toMatchObject({ role: 'staff', read_only: true, credential: { kind: 'oauth', name: APP_NAMES.dcr } });
  const list = structured<{ tickets: Array<{ subject: string }> }>(await client.callTool({ name: 'list_tickets', arguments: {} }) as CallToolResult);
  expect(list.tickets.map((t) => t.subject)).toContain(ticketSubject);
  // Read only: a write is refused as a tool error, and runs nothing.
  const write = (await client.callTool({ name: 'create_ticket', arguments: { subject: 'x', description: 'y', category_id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' } })) as CallToolResult;
  expect(write.isError).toBe(true);
});

step('an assistant with a client metadata document connects the same way, named by its document', async () => {
  const clientId = documents.url('/assistant.json');
  await connectAssistant('cimd', clientId);
  const { oauth, client } = assistants.cimd;
  expect(oauth.clientInformation()?.client_id).toBe(clientId);
  expect(documents.hits('/assistant.json')).toBeGreaterThan(0);

  const me = structured<{ read_only: boolean; credential: { name: string } }>(await client.callTool({ name: 'whoami' }) as CallToolResult);
  expect(me).toMatchObject({ read_only: true, credential: { name: APP_NAMES.cimd } });
  const list = structured<{ tickets: Array<{ subject: string }> }>(await client.callTool({ name: 'list_tickets', arguments: {} }) as CallToolResult);
  expect(list.tickets.map((t) => t.subject)).toContain(ticketSubject);

  const mine = await check.service('connections').list(await check.actorById(staff.documentId));
  expect(mine.map((c) => [c.client_name, c.client_id === clientId, c.read_only])).toEqual(
    expect.arrayContaining([
      [APP_NAMES.cimd, true, true],
      [APP_NAMES.dcr, false, true],
    ]),
  );
});

step('both refresh through auth(): new, rotated tokens that work', async () => {
  for (const kind of ['dcr', 'cimd'] as const) {
    const { oauth, client } = assistants[kind];
    const before = oauth.tokens() as OAuthTokens;
    // With a refresh token and no code, auth() refreshes rather than sending the person back to the consent page.
    expect(await auth(oauth, { serverUrl: mcpUrl() })).toBe('AUTHORIZED');
    const after = oauth.tokens() as OAuthTokens;
    expect(after.access_token).not.toBe(before.access_token);
    expect(after.refresh_token).toEqual(expect.any(String));
    expect(after.refresh_token).not.toBe(before.refresh_token);
    expect(assistants[kind].authorizations).toHaveLength(1);
    expect(structured<{ read_only: boolean }>(await client.callTool({ name: 'whoami' }) as CallToolResult).read_only).toBe(true);
  }
});

step('the person revokes both on the API keys page; the next MCP call of each is refused with 401', async () => {
  const page = await signIn(browser, app.baseUrl, staff.email, PANEL_PASSWORD);
  active = page;
  await page.getByRole('link', { name: 'Help Desk' }).first().click();
  await page.getByRole('navigation', { name: 'Help Desk sections' }).getByRole('link', { name: 'API keys' }).click();
  await page.getByRole('heading', { name: 'API keys' }).waitFor();
  await page.getByRole('heading', { name: 'Connected apps' }).waitFor();
  // The section's own rows: the API keys table above it has Revoke buttons too.
  const section = page.locator('section', { has: page.getByRole('heading', { name: 'Connected apps' }) });
  await section.getByRole('row', { name: new RegExp(APP_NAMES.dcr) }).waitFor();
  await screenshot(page, 'oauth-connected-apps');

  const revokeOnPage = async (kind: Kind) => {
    const row = section.getByRole('row', { name: new RegExp(APP_NAMES[kind]) });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Revoke' }).click();
    await row.getByText('Revoked').waitFor();
  };

  await revokeOnPage('dcr');
  const dcr = assistants.dcr;
  const dcrToken = (dcr.oauth.tokens() as OAuthTokens).access_token;
  expect(await mcpStatus(dcrToken)).toBe(401);
  // The SDK meets the same 401: its refresh token is dead too, so it can only send its person back to consent.
  await expect(dcr.client.callTool({ name: 'whoami' })).rejects.toBeInstanceOf(UnauthorizedError);
  expect(dcr.authorizations).toHaveLength(2);
  // The other connection is untouched until it is revoked in turn.
  expect(await mcpStatus((assistants.cimd.oauth.tokens() as OAuthTokens).access_token)).toBe(200);

  await revokeOnPage('cimd');
  await screenshot(page, 'oauth-connected-apps-revoked');
  expect(await mcpStatus((assistants.cimd.oauth.tokens() as OAuthTokens).access_token)).toBe(401);
  await expect(assistants.cimd.client.callTool({ name: 'list_tickets', arguments: {} })).rejects.toBeInstanceOf(UnauthorizedError);

  const mine = await check.service('connections').list(await check.actorById(staff.documentId));
  expect(mine.every((c) => c.revoked_at !== null)).toBe(true);
});
