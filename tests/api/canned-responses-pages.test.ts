import { createPanelUser } from '../../src/plugins/helpdesk/server/src/admin-panel/panel-users';
import { createPanelUserSchema } from '../../src/plugins/helpdesk/server/src/validation/panel-users';
import { createAccount, createGroup } from '../helpers/accounts';
import { request } from '../helpers/http';
import { startHelpdesk, type TestApp } from '../helpers/strapi';

/**
 * The admin routes behind the Canned responses page and the composer (/helpdesk/canned-responses on the admin
 * router): reading needs the panel's "Read tickets" permission, changing the "Reply" one, then the same service and
 * rules as REST, as the panel user's linked account.
 */
const PANEL_PASSWORD = 'Panel-password-1';

let app: TestApp;
let ticketId: string;
const tokens: Record<string, string> = {};

const panelLogin = async (email: string): Promise<string> => {
  const res = await request<{ data: { token: string } }>(app.baseUrl, 'POST', '/admin/login', { body: { email, password: PANEL_PASSWORD } });
  if (res.status !== 200) throw new Error(`admin login answered ${res.status}: ${res.text}`);
  return res.body.data.token;
};

const call = (who: string, method: string, path: string, body?: unknown) => request(app.baseUrl, method, `/helpdesk/canned-responses${path}`, { token: tokens[who], body });

beforeAll(async () => {
  app = await startHelpdesk();
  const { strapi } = app;
  const staff = await createAccount(strapi, { email: 'it.staff@example.com', role: 'staff' });
  const reader = await createAccount(strapi, { email: 'reader.staff@example.com', role: 'staff' });
  const submitter = await createAccount(strapi, { email: 'submitter@example.com', role: 'user' });
  const it = await createGroup(strapi, 'IT', [staff, reader]);
  const category = await strapi.documents('plugin::helpdesk.category').create({ data: { name: 'Hardware', default_group: { documentId: it.documentId } } as never });

  // A panel role that may read tickets but not reply: it may use canned responses, not change them.
  const roles = strapi.service('admin::role') as unknown as {
    create(attributes: { name: string; description: string }): Promise<{ id: number }>;
    addPermissions(roleId: number, permissions: Array<{ action: string }>): Promise<unknown>;
  };
  const readOnlyRole = await roles.create({ name: 'Help Desk Readers', description: 'Reads tickets only.' });
  await roles.addPermissions(readOnlyRole.id, [{ action: 'plugin::helpdesk.tickets.read' }]);

  const panelUser = (email: string, role?: string) => createPanelUser(strapi, createPanelUserSchema.parse({ email, password: PANEL_PASSWORD, role }));
  await panelUser('it.staff@example.com');
  await panelUser('reader.staff@example.com', 'Help Desk Readers');
  await panelUser('submitter@example.com');
  tokens.staff = await panelLogin('it.staff@example.com');
  tokens.reader = await panelLogin('reader.staff@example.com');
  tokens.user = await panelLogin('submitter@example.com');

  const token = await request(app.baseUrl, 'POST', '/api/auth/token', { form: { grant_type: 'password', username: submitter.email, password: submitter.password } });
  const created = await request(app.baseUrl, 'POST', '/api/helpdesk/tickets', {
    token: token.body.access_token,
    body: { subject: 'Laptop will not boot', description: 'Black screen.', category_id: category.documentId },
  });
  ticketId = created.body.data.id;
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

test('a staff member creates, renders, edits and deletes a canned response from the pages, on channel admin', async () => {
  const created = await call('staff', 'POST', '', { title: 'Boot issue', body: 'Hi {{submitter.name}}, about {{ticket.subject}}.', visibility: 'group', group_id: undefined });
  expect([created.status, created.body.error?.details?.fields?.[0]?.field]).toEqual([400, 'group_id']);
  const ok = await call('staff', 'POST', '', { title: 'Boot issue', body: 'Hi {{submitter.name}}, about {{ticket.subject}}.', visibility: 'everyone' });
  expect(ok.status).toBe(201);
  const id = ok.body.data.id as string;

  const rendered = await call('staff', 'GET', `/${id}/render?ticket_id=${ticketId}`);
  expect([rendered.status, rendered.body.data.text]).toEqual([200, 'Hi submitter, about Laptop will not boot.']);
  expect((await call('staff', 'PUT', `/${id}`, { title: 'Boot issue (v2)' })).body.data.title).toBe('Boot issue (v2)');
  expect((await call('staff', 'DELETE', `/${id}`)).status).toBe(200);

  const events = (await app.strapi.db.query('plugin::helpdesk.audit-event').findMany({ where: { action: { $startsWith: 'canned.' } }, orderBy: { id: 'asc' } })) as Array<{
    action: string;
    channel: string;
    credential_kind: string;
  }>;
  expect(events.map((e) => [e.action, e.channel, e.credential_kind])).toEqual([
    ['canned.create', 'admin', 'admin_session'],
    ['canned.update', 'admin', 'admin_session'],
    ['canned.delete', 'admin', 'admin_session'],
  ]);
});

test('a panel role without the reply permission uses canned responses but cannot change them', async () => {
  const id = (await call('staff', 'POST', '', { title: 'Shared', body: 'Hello', visibility: 'everyone' })).body.data.id as string;
  expect((await call('reader', 'GET', '')).body.data.map((r: { id: string }) => r.id)).toContain(id);
  expect((await call('reader', 'GET', `/${id}/render?ticket_id=${ticketId}`)).status).toBe(200);
  for (const [method, path, body] of [['POST', '', { title: 'x', body: 'y' }], ['PUT', `/${id}`, { title: 'x' }], ['DELETE', `/${id}`, undefined]] as const) {
    expect([method, (await call('reader', method, path, body)).status]).toEqual([method, 403]);
  }
});

test('a panel user working as a help-desk User gets none of it', async () => {
  const res = await call('user', 'GET', '');
  expect(res.status).toBe(403);
  expect(res.text).not.toContain('Shared');
});
