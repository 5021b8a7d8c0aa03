import { createPanelUser } from '../../src/plugins/helpdesk/server/src/admin-panel/panel-users';
import { createPanelUserSchema } from '../../src/plugins/helpdesk/server/src/validation/panel-users';
import { createAccount, createGroup, type TestAccount } from '../helpers/accounts';
import { registerFirstAdmin, type PanelAdmin } from '../helpers/admin';
import { request } from '../helpers/http';
import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { DEFAULT_SERVICE_LEVELS } from '../../src/plugins/helpdesk/server/src/service-levels/policy';

/**
 * The admin routes behind the staff pages (/helpdesk/* on the admin router): the panel user's permission, then the
 * help-desk account it is linked to, then the same services and rules as REST. The browser run
 * (npm run test:e2e) covers the pages; this covers the adapter on SQLite and PostgreSQL.
 */
const PANEL_PASSWORD = 'Panel-password-1';

let app: TestApp;
let owner: PanelAdmin;
let staffIt: TestAccount;
let ticketId: string;
const tokens: Record<string, string> = {};

const panelLogin = async (email: string): Promise<string> => {
  const res = await request<{ data: { token: string } }>(app.baseUrl, 'POST', '/admin/login', { body: { email, password: PANEL_PASSWORD } });
  if (res.status !== 200) throw new Error(`admin login answered ${res.status}: ${res.text}`);
  return res.body.data.token;
};

const call = (who: string, method: string, path: string, body?: unknown) =>
  request(app.baseUrl, method, `/helpdesk${path}`, { token: tokens[who], body });

beforeAll(async () => {
  app = await startHelpdesk();
  const { strapi } = app;
  owner = await registerFirstAdmin(app.baseUrl, 'owner@example.com');
  tokens.owner = owner.token;

  staffIt = await createAccount(strapi, { email: 'it.staff@example.com', role: 'staff' });
  const staffFacilities = await createAccount(strapi, { email: 'facilities.staff@example.com', role: 'staff' });
  const submitter = await createAccount(strapi, { email: 'submitter@example.com', role: 'user' });
  const it = await createGroup(strapi, 'IT', [staffIt]);
  await createGroup(strapi, 'Facilities', [staffFacilities]);
  const category = await strapi.documents('plugin::helpdesk.category').create({
    data: { name: 'Hardware', default_group: { documentId: it.documentId } },
  });

  const panelUser = (email: string, role?: string) =>
    createPanelUser(strapi, createPanelUserSchema.parse({ email, password: PANEL_PASSWORD, role }));
  for (const email of ['IT.Staff@example.com', 'facilities.staff@example.com', 'submitter@example.com']) await panelUser(email);
  await panelUser('editor@example.com', 'Editor');
  await createAccount(strapi, { email: 'editor@example.com', role: 'staff' });
  tokens.it = await panelLogin('it.staff@example.com');
  tokens.facilities = await panelLogin('facilities.staff@example.com');
  tokens.user = await panelLogin('submitter@example.com');
  tokens.editor = await panelLogin('editor@example.com');

  const created = await request<{ data: { id: string } }>(app.baseUrl, 'POST', '/api/auth/token', {
    form: { grant_type: 'password', username: submitter.email, password: submitter.password },
  }).then((token) =>
    request<{ data: { id: string } }>(app.baseUrl, 'POST', '/api/helpdesk/tickets', {
      token: (token.body as unknown as { access_token: string }).access_token,
      body: { subject: 'Laptop will not boot', description: 'Black screen.', category_id: category.documentId },
    }),
  );
  ticketId = created.body.data.id;
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

test('the routes need a signed-in panel user', async () => {
  const res = await request(app.baseUrl, 'GET', '/helpdesk/me');
  expect(res.status).toBe(401);
});

test('a staff member works as the help-desk account panel-user:create linked (the one with the same email)', async () => {
  const me = await call('it', 'GET', '/me');
  expect(me.status).toBe(200);
  expect(me.body.data.account).toMatchObject({ email: 'it.staff@example.com', role: 'staff', credential: { kind: 'admin_session' } });
  expect(me.body.data.mcp_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp\/$/);

  const list = await call('it', 'GET', '/tickets?limit=5');
  expect(list.status).toBe(200);
  expect(list.body.data.map((t: { id: string }) => t.id)).toEqual([ticketId]);
  expect((await call('it', 'GET', '/tickets?order=oldest')).body.data.map((t: { id: string }) => t.id)).toEqual([ticketId]);
  expect((await call('it', 'GET', '/tickets?order=sideways')).body.error.details.fields[0]).toMatchObject({ field: 'order' });
});

test('a ticket outside the staff member\'s scope is not found, as a nonexistent one is', async () => {
  const outside = await call('facilities', 'GET', `/tickets/${ticketId}`);
  const missing = await call('facilities', 'GET', '/tickets/01ARZ3NDEKTSV4RRFFQ69G5FAV');
  for (const res of [outside, missing]) {
    expect(res.status).toBe(404);
    expect(res.body.error).toMatchObject({ code: 'not_found', message: 'No ticket with that id exists, or you do not have access to it.' });
  }
  expect((await call('facilities', 'GET', '/tickets')).body.data).toEqual([]);
});

test('an internal note from the panel is recorded with channel admin', async () => {
  const res = await call('it', 'POST', `/tickets/${ticketId}/replies`, { body: 'Checked the warranty.', is_internal: true });
  expect(res.status).toBe(201);
  expect(res.body.data.reply).toMatchObject({ is_internal: true, author: { id: staffIt.documentId } });

  const audit = await call('owner', 'GET', `/audit-events?actor=${encodeURIComponent('IT.STAFF@example.com')}&channel=admin`);
  expect(audit.status).toBe(200);
  expect(audit.body.data[0]).toMatchObject({
    action: 'ticket.note',
    outcome: 'allowed',
    channel: 'admin',
    ticket_id: ticketId,
    credential: { kind: 'admin_session', name: 'admin panel' },
    actor: { email: 'it.staff@example.com', role: 'staff' },
  });
  expect(audit.body.meta.pagination).toMatchObject({ page: 1, total: 1 });
});

test('bad input is a validation error naming the field, never a 500', async () => {
  const res = await call('it', 'POST', `/tickets/${ticketId}/replies`, { body: '', extra: 1 });
  expect(res.status).toBe(400);
  expect(res.body.error.code).toBe('validation_error');
  expect(res.body.error.details.fields.map((f: { field: string }) => f.field).sort()).toEqual(['body', 'extra']);
});

test('a panel user whose account is a User is not linked: the explanation and no tickets', async () => {
  // panel-user:create links only Staff and Admin accounts; a User account is left unlinked.
  const me = await call('user', 'GET', '/me');
  expect(me.status).toBe(200);
  expect(me.body.data).toMatchObject({ account: null, problem: { reason: 'not_linked' } });
  expect(me.body.data.problem.message).toContain('not linked');

  const list = await call('user', 'GET', '/tickets');
  expect(list.status).toBe(403);
  expect(list.body.error.code).toBe('forbidden');
});

test('an admin role without the Help Desk permissions is refused by the route', async () => {
  const res = await call('editor', 'GET', '/tickets');
  expect(res.status).toBe(403);
  expect((await call('editor', 'GET', '/me')).status).toBe(200);
});

test('the super admin acts as Admin through an account made on first use', async () => {
  const first = await call('owner', 'GET', '/me');
  const again = await call('owner', 'GET', '/me');
  expect(first.body.data.account).toMatchObject({ email: 'owner@example.com', role: 'admin' });
  expect(again.body.data.account.id).toBe(first.body.data.account.id);
  expect((await call('owner', 'GET', `/tickets/${ticketId}`)).status).toBe(200);
  const accounts = await app.strapi.db.query('plugin::users-permissions.user').count({ where: { email: 'owner@example.com' } });
  expect(accounts).toBe(1);
});

test('settings are validated, audited and used at once', async () => {
  const bad = await call('owner', 'PUT', '/settings', { reopenWindowDays: -1, allowedOrigins: ['not a url'], rateLimitPerMinute: 10 });
  expect(bad.status).toBe(400);
  expect(bad.body.error.details.fields.map((f: { field: string }) => f.field)).toEqual(expect.arrayContaining(['reopenWindowDays', 'allowedOrigins.0']));

  const good = await call('owner', 'PUT', '/settings', { reopenWindowDays: 3, allowedOrigins: ['https://claude.ai'], rateLimitPerMinute: 120, registrationOpen: false });
  expect(good.status).toBe(200);
  // A client that predates the OAuth settings leaves them as they were (tests/api/oauth-settings.test.ts changes them).
  expect((await call('owner', 'GET', '/settings')).body.data).toEqual({
    reopenWindowDays: 3,
    allowedOrigins: ['https://claude.ai'],
    rateLimitPerMinute: 120,
    registrationOpen: false,
    oauthDynamicRegistration: true,
    oauthClientMetadataDocuments: true,
    oauthClientHosts: [],
    attachmentMaxBytes: 10 * 1024 * 1024,
    attachmentMaxFiles: 5,
    attachmentTypes: ['png', 'jpeg', 'gif', 'webp', 'pdf', 'text', 'log', 'csv', 'docx', 'xlsx', 'pptx', 'doc', 'xls', 'ppt', 'odt', 'ods', 'odp'],
    serviceLevels: DEFAULT_SERVICE_LEVELS,
  });
  expect((await app.strapi.plugin('helpdesk').service('settings').get()).reopenWindowDays).toBe(3);
  const audit = await call('owner', 'GET', '/audit-events?action=settings.');
  expect(audit.body.data[0]).toMatchObject({ action: 'settings.update', details: { changed: ['reopenWindowDays', 'allowedOrigins', 'rateLimitPerMinute'] } });

  // Staff hold no settings permission in their panel role; and a staff account could not change them anyway.
  expect((await call('it', 'PUT', '/settings', { reopenWindowDays: 1, allowedOrigins: [], rateLimitPerMinute: 1, registrationOpen: true })).status).toBe(403);
});

test('API keys from the panel: create, list, revoke; admins see everyone\'s', async () => {
  const created = await call('it', 'POST', '/api-keys', { name: 'laptop' });
  expect(created.status).toBe(201);
  expect(created.headers.get('cache-control')).toBe('no-store');
  expect(created.body.data.key).toMatch(/^ohd_sk_/);
  const id = created.body.data.api_key.id;

  expect((await call('it', 'GET', '/api-keys')).body.data.map((k: { id: string }) => k.id)).toEqual([id]);
  expect((await call('it', 'GET', '/api-keys?all=true')).status).toBe(403);
  expect((await call('owner', 'GET', '/api-keys?all=true')).body.data.map((k: { id: string }) => k.id)).toContain(id);
  expect((await call('facilities', 'DELETE', `/api-keys/${id}`)).status).toBe(404);

  const revoked = await call('owner', 'DELETE', `/api-keys/${id}`);
  expect(revoked.status).toBe(200);
  expect(revoked.body.data.revoked_at).not.toBeNull();
});

test('the queue page search is search_tickets as the panel user, in their scope', async () => {
  const found = await call('it', 'GET', '/search?query=boot');
  expect(found.status).toBe(200);
  expect(found.body.data.map((h: { ticket: { id: string }; matched: string }) => [h.ticket.id, h.matched])).toEqual([[ticketId, 'subject']]);
  expect(found.body.meta).toEqual({ next_cursor: null, truncated: false });
  const outside = await call('facilities', 'GET', '/search?query=boot');
  expect([outside.status, outside.body.data]).toEqual([200, []]);
  const bad = await call('it', 'GET', `/search?query=${encodeURIComponent('"')}`);
  expect([bad.status, bad.body.error.code, bad.body.error.details.fields[0].field]).toEqual([400, 'validation_error', 'query']);
  expect((await call('user', 'GET', '/search?query=boot')).status).toBe(403);
});
