import { createAccount, type TestAccount } from '../helpers/accounts';
import { registerFirstAdmin } from '../helpers/admin';
import { request } from '../helpers/http';
import { consent, registerClient } from '../helpers/oauth';
import { startHelpdesk, type TestApp } from '../helpers/strapi';

/**
 * The admin's OAuth switches on the Settings page (issue 13): saved through the staff pages' admin API, like every
 * other setting, and effective at once: Dynamic Client Registration, client metadata documents, and the list of
 * client hosts that may connect.
 */
const REDIRECT = 'http://127.0.0.1:8976/callback';

let app: TestApp;
let adminToken: string;
let staff: TestAccount;
let clientId: string;

type Settings = Record<string, unknown>;
const settings = () => request<{ data: Settings }>(app.baseUrl, 'GET', '/helpdesk/settings', { token: adminToken });
/** The page saves every setting at once: what is stored, with the change over it. */
const save = async (change: Settings) =>
  request<{ data: Settings }>(app.baseUrl, 'PUT', '/helpdesk/settings', { token: adminToken, body: { ...(await settings()).body.data, ...change } });
const discovery = async () => (await request<Settings>(app.baseUrl, 'GET', '/.well-known/oauth-authorization-server')).body;

beforeAll(async () => {
  app = await startHelpdesk();
  adminToken = (await registerFirstAdmin(app.baseUrl)).token;
  staff = await createAccount(app.strapi, { email: 'sam.staff@example.com', role: 'staff' });
  const registered = await registerClient(app.baseUrl, { client_name: 'Claude', redirect_uris: [REDIRECT] });
  expect(registered.status).toBe(201);
  clientId = registered.body.client_id;
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

it('shows the three OAuth settings with their defaults, saves them with the rest, validates and audits them', async () => {
  expect((await settings()).body.data).toMatchObject({ oauthDynamicRegistration: true, oauthClientMetadataDocuments: true, oauthClientHosts: [] });

  const bad = await save({ oauthClientHosts: ['https://claude.ai/'], oauthDynamicRegistration: 'yes' });
  expect(bad.status).toBe(400);
  expect(bad.body).toMatchObject({ error: { code: 'validation_error' } });
  const fields = (bad.body as unknown as { error: { details: { fields: Array<{ field: string; message: string }> } } }).error.details.fields;
  expect(fields.map((f) => f.field).sort()).toEqual(['oauthClientHosts.0', 'oauthDynamicRegistration']);
  expect(fields.find((f) => f.field === 'oauthClientHosts.0')?.message).toBe('must be a host name such as claude.ai or *.example.com');

  // Host names are compared case-insensitively, so they are kept in lower case.
  const good = await save({ oauthClientHosts: [' Claude.AI ', '*.example.com'], oauthClientMetadataDocuments: false });
  expect(good.status).toBe(200);
  expect(good.body.data).toMatchObject({ oauthClientHosts: ['claude.ai', '*.example.com'], oauthClientMetadataDocuments: false, oauthDynamicRegistration: true });
  expect((await settings()).body.data).toEqual(good.body.data);
  const audit = await request(app.baseUrl, 'GET', '/helpdesk/audit-events?action=settings.', { token: adminToken });
  expect(audit.body.data[0]).toMatchObject({ action: 'settings.update', details: { changed: ['oauthClientMetadataDocuments', 'oauthClientHosts'] } });

  expect(await discovery()).not.toHaveProperty('client_id_metadata_document_supported');
  expect((await save({ oauthClientHosts: [], oauthClientMetadataDocuments: true })).status).toBe(200);
  expect(await discovery()).toMatchObject({ client_id_metadata_document_supported: true });
});

it('turning Dynamic Client Registration off refuses POST /oauth/register with 403 access_denied and drops registration_endpoint', async () => {
  expect(await discovery()).toMatchObject({ registration_endpoint: `${app.baseUrl}/oauth/register` });
  expect((await save({ oauthDynamicRegistration: false })).status).toBe(200);

  const refused = await registerClient(app.baseUrl, { client_name: 'Latecomer' });
  expect(refused.status).toBe(403);
  expect(refused.body).toMatchObject({ error: 'access_denied' });
  for (const path of ['/.well-known/oauth-authorization-server', '/.well-known/openid-configuration']) {
    const metadata = await request<Settings>(app.baseUrl, 'GET', path);
    expect(metadata.status).toBe(200);
    expect(metadata.body).not.toHaveProperty('registration_endpoint');
    expect(metadata.body).toHaveProperty('token_endpoint');
  }
  // An assistant registered before still connects: the switch stops new registrations only.
  expect((await consent(app.baseUrl, { clientId, redirectUri: REDIRECT, account: staff })).code).toBeTruthy();

  expect((await save({ oauthDynamicRegistration: true })).status).toBe(200);
  expect((await registerClient(app.baseUrl, { client_name: 'Latecomer' })).status).toBe(201);
  expect(await discovery()).toHaveProperty('registration_endpoint');
});

it('a client host list refuses an app whose redirect host is not on it, with a page that says so; a listed host connects', async () => {
  expect((await save({ oauthClientHosts: ['claude.ai', '*.example.com'] })).status).toBe(200);
  const refused = await consent(app.baseUrl, { clientId, redirectUri: REDIRECT, account: staff });
  expect(refused.code).toBeNull();
  expect(refused.returned).toBeNull();
  expect(refused.page.status).toBe(403);
  expect(refused.page.text).toContain('This app is not allowed here');
  expect(refused.page.text).toContain('claude.ai, *.example.com');
  expect(refused.page.text).not.toContain('name="password"');

  expect((await save({ oauthClientHosts: ['claude.ai', '127.0.0.1'] })).status).toBe(200);
  expect((await consent(app.baseUrl, { clientId, redirectUri: REDIRECT, account: staff })).code).toBeTruthy();
  expect((await save({ oauthClientHosts: [] })).status).toBe(200);
});
