import { createPanelUser } from '../../src/plugins/helpdesk/server/src/admin-panel/panel-users';
import { createPanelUserSchema } from '../../src/plugins/helpdesk/server/src/validation/panel-users';
import { createAccount, createGroup, type TestAccount } from '../helpers/accounts';
import { registerFirstAdmin } from '../helpers/admin';
import { request } from '../helpers/http';
import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { callTool, connectClient, passwordToken } from './mcp-support';

/**
 * The admin panel's back doors, tried as an attacker would, over the panel's and the Content Manager's own routes.
 * Each test performed its attack successfully on the code before the identity link and the one write path (checked
 * by running this file against that commit); here each must be refused, with nothing changed in the database.
 */
const PANEL_PASSWORD = 'Panel-password-1';
const CM = '/content-manager/collection-types';
const NOTE = 'Internal: the customer is on the watch list, do not refund.';

let app: TestApp;
let superToken: string;
let staff: TestAccount;
let admin: TestAccount;
let submitter: TestAccount;
let ticketId: string;

const panelLogin = async (email: string): Promise<string> => {
  const res = await request(app.baseUrl, 'POST', '/admin/login', { body: { email, password: PANEL_PASSWORD } });
  if (res.status !== 200) throw new Error(`admin login answered ${res.status}: ${res.text}`);
  return res.body.data.token as string;
};
const panelUser = (email: string, role?: string) =>
  createPanelUser(app.strapi, createPanelUserSchema.parse({ email, password: PANEL_PASSWORD, role }));
const asPanel = (token: string, method: string, path: string, body?: unknown) => request(app.baseUrl, method, path, { token, body });

/** The rows a back door would change, read straight from the database. */
const protectedRows = async () => ({
  replies: await app.strapi.db.query('plugin::helpdesk.reply').findMany({ select: ['documentId', 'body', 'is_internal'], orderBy: { id: 'asc' } }),
  tickets: await app.strapi.db.query('plugin::helpdesk.ticket').findMany({ select: ['documentId', 'subject', 'priority'], orderBy: { id: 'asc' } }),
  audit: (await app.strapi.db.query('plugin::helpdesk.audit-event').findMany({ select: ['documentId'], orderBy: { id: 'asc' } })).map(
    (e: { documentId: string }) => e.documentId,
  ),
});

beforeAll(async () => {
  app = await startHelpdesk();
  superToken = (await registerFirstAdmin(app.baseUrl, 'owner@example.com')).token;
  staff = await createAccount(app.strapi, { email: 'sam.staff@example.com', role: 'staff' });
  admin = await createAccount(app.strapi, { email: 'ada.admin@example.com', role: 'admin' });
  submitter = await createAccount(app.strapi, { email: 'uma.user@example.com', role: 'user' });
  const group = await createGroup(app.strapi, 'IT', [staff]);
  const category = await app.strapi.documents('plugin::helpdesk.category').create({
    data: { name: 'Hardware', default_group: { documentId: group.documentId } } as never,
  });
  const userToken = await passwordToken(app, submitter);
  const created = await request(app.baseUrl, 'POST', '/api/helpdesk/tickets', {
    token: userToken,
    body: { subject: 'Refund please', description: 'Charged twice.', category_id: category.documentId },
  });
  ticketId = created.body.data.id;
  const note = await request(app.baseUrl, 'POST', `/api/helpdesk/tickets/${ticketId}/replies`, {
    token: await passwordToken(app, staff),
    body: { body: NOTE, is_internal: true },
  });
  expect(note.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

describe('back door 1: a panel user becomes someone else by editing their own email', () => {
  it('keeps a panel user the account they were linked to, whatever email they give themselves', async () => {
    await panelUser(staff.email);
    const token = await panelLogin(staff.email);
    const before = await asPanel(token, 'GET', '/helpdesk/me');
    expect(before.body.data.account).toMatchObject({ id: staff.documentId, role: 'staff' });

    // Strapi lets any panel user change their own email, without their password.
    const edited = await asPanel(token, 'PUT', '/admin/users/me', { email: admin.email });
    expect(edited.status).toBe(200);

    const me = await asPanel(token, 'GET', '/helpdesk/me');
    expect(me.body.data.account).toMatchObject({ id: staff.documentId, email: staff.email, role: 'staff' });
    const minted = await asPanel(token, 'POST', '/helpdesk/api-keys', { name: 'escalation' });
    expect(minted.status).toBe(201);
    expect(minted.body.data.api_key.owner).toMatchObject({ id: staff.documentId });

    // Changing the email back changes nothing either: the key is, and stays, the staff member's.
    await asPanel(token, 'PUT', '/admin/users/me', { email: staff.email });
    const whoami = await request(app.baseUrl, 'GET', '/api/helpdesk/me', { token: minted.body.data.key });
    expect(whoami.body.data).toMatchObject({ id: staff.documentId, role: 'staff' });
    expect((await request(app.baseUrl, 'GET', '/api/helpdesk/api-keys?all=true', { token: minted.body.data.key })).status).toBe(403);
  });

  it('gives a super admin a fresh Admin account, never an existing account that merely shares the email', async () => {
    // Someone made a User account with the next super admin's email before that person ever signed in.
    const squatter = await createAccount(app.strapi, { email: 'boss@example.com', role: 'user' });
    await panelUser('boss@example.com', 'Super Admin');
    const token = await panelLogin('boss@example.com');
    const me = await asPanel(token, 'GET', '/helpdesk/me');
    expect(me.body.data.account.role).toBe('admin');
    expect(me.body.data.account.id).not.toBe(squatter.documentId);
    const stored = await app.strapi.db.query('plugin::users-permissions.user').findOne({
      where: { documentId: squatter.documentId },
      populate: { role: { select: ['type'] } },
    });
    expect(stored.role.type).toBe('authenticated');
  });
});

describe('back door 2: the Content Manager skips every rule', () => {
  let editorToken: string;

  beforeAll(async () => {
    // Strapi's default Editor role, and no help-desk account at all.
    await panelUser('eddie.editor@example.com', 'Editor');
    editorToken = await panelLogin('eddie.editor@example.com');
  });

  it('does not let an Editor list replies (internal notes included) or tickets', async () => {
    for (const uid of ['plugin::helpdesk.reply', 'plugin::helpdesk.ticket', 'plugin::helpdesk.audit-event']) {
      const res = await asPanel(editorToken, 'GET', `${CM}/${uid}`);
      expect([uid, res.status]).toEqual([uid, 403]);
      expect(res.text).not.toContain(NOTE);
    }
  });

  it('keeps those permissions off the Editor role when a super admin grants them again in Settings → Roles', async () => {
    const roles = await asPanel(superToken, 'GET', '/admin/roles');
    const editor = roles.body.data.find((r: { code: string }) => r.code === 'strapi-editor') as { id: number };
    const current = await asPanel(superToken, 'GET', `/admin/roles/${editor.id}/permissions`);
    const granted = [
      ...current.body.data.map((p: { action: string; subject: string | null; properties: unknown; conditions: unknown }) => ({
        action: p.action,
        subject: p.subject,
        properties: p.properties,
        conditions: p.conditions,
      })),
      { action: 'plugin::content-manager.explorer.read', subject: 'plugin::helpdesk.reply', properties: { fields: ['body', 'is_internal', 'ticket', 'author'] }, conditions: [] },
    ];
    const saved = await asPanel(superToken, 'PUT', `/admin/roles/${editor.id}/permissions`, { permissions: granted });
    expect(saved.status).toBe(200);
    const res = await asPanel(editorToken, 'GET', `${CM}/plugin::helpdesk.reply`);
    expect(res.status).toBe(403);
    expect(res.text).not.toContain(NOTE);
  });

  it('does not let anyone, a super admin included, turn an internal note public', async () => {
    const before = await protectedRows();
    const note = (before.replies as Array<{ documentId: string; body: string }>).find((r) => r.body === NOTE) as { documentId: string };
    for (const token of [editorToken, superToken]) {
      const res = await asPanel(token, 'PUT', `${CM}/plugin::helpdesk.reply/${note.documentId}`, { is_internal: false });
      expect(res.status).toBe(403);
    }
    const after = await protectedRows();
    expect([after.replies, after.tickets]).toEqual([before.replies, before.tickets]);
    // Nothing was changed or removed; the log only gained the record of the refused attempt.
    expect(after.audit.slice(0, before.audit.length)).toEqual(before.audit);
    const seen = await callTool(await connectClient(app, await passwordToken(app, submitter)), 'get_ticket', { ticket_id: ticketId });
    expect(JSON.stringify(seen.structuredContent)).not.toContain(NOTE);
  });

  it('does not let anyone, a super admin included, delete an audit event', async () => {
    const before = await protectedRows();
    const [eventId] = before.audit as string[];
    for (const token of [editorToken, superToken]) {
      const res = await asPanel(token, 'DELETE', `${CM}/plugin::helpdesk.audit-event/${eventId}`);
      expect(res.status).toBe(403);
    }
    const bulk = await asPanel(superToken, 'POST', `${CM}/plugin::helpdesk.audit-event/actions/bulkDelete`, { documentIds: before.audit });
    expect(bulk.status).toBe(403);
    expect((await protectedRows()).audit).toEqual(expect.arrayContaining(before.audit));
  });

  it('says where the change belongs instead', async () => {
    const res = await asPanel(superToken, 'PUT', `${CM}/plugin::helpdesk.ticket/${ticketId}`, { subject: 'Changed behind the rules' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/Help Desk pages, its REST API or its MCP tools/);
    expect(((await protectedRows()).tickets as Array<{ subject: string }>).map((t) => t.subject)).toEqual(['Refund please']);
  });
});
