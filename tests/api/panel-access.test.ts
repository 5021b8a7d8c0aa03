import { createPanelUser } from '../../src/plugins/helpdesk/server/src/admin-panel/panel-users';
import { createPanelUserSchema } from '../../src/plugins/helpdesk/server/src/validation/panel-users';
import { createAccount, type TestAccount } from '../helpers/accounts';
import { registerFirstAdmin } from '../helpers/admin';
import { runCli } from '../helpers/cli';
import { request } from '../helpers/http';
import { startHelpdesk, type TestApp } from '../helpers/strapi';

/**
 * Panel access: which help-desk account a panel user works tickets as is a stored link, made by a help-desk Admin
 * in the Help Desk pages or by an operator at the CLI, and shown, changed and withdrawn there.
 */
const PANEL_PASSWORD = 'Panel-password-1';

let app: TestApp;
let ownerToken: string;
let staff: TestAccount;
let otherStaff: TestAccount;
let user: TestAccount;

const panelUser = (email: string, extra: { role?: string; account?: string } = {}) =>
  createPanelUser(app.strapi, createPanelUserSchema.parse({ email, password: PANEL_PASSWORD, ...extra }));
const login = async (email: string): Promise<string> => {
  const res = await request(app.baseUrl, 'POST', '/admin/login', { body: { email, password: PANEL_PASSWORD } });
  if (res.status !== 200) throw new Error(`admin login answered ${res.status}: ${res.text}`);
  return res.body.data.token as string;
};
const call = (token: string, method: string, path: string, body?: unknown) => request(app.baseUrl, method, `/helpdesk${path}`, { token, body });
const auditRows = (action: string) =>
  app.strapi.db.query('plugin::helpdesk.audit-event').findMany({ where: { action }, orderBy: { id: 'desc' } });

beforeAll(async () => {
  app = await startHelpdesk();
  ownerToken = (await registerFirstAdmin(app.baseUrl, 'owner@example.com')).token;
  staff = await createAccount(app.strapi, { email: 'sam.staff@example.com', role: 'staff' });
  otherStaff = await createAccount(app.strapi, { email: 'lena.staff@example.com', role: 'staff' });
  user = await createAccount(app.strapi, { email: 'uma.user@example.com', role: 'user' });
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

describe('the Panel access routes', () => {
  let newcomerId: number;
  let newcomerToken: string;

  beforeAll(async () => {
    // No help-desk account has this email: panel-user:create leaves it unlinked.
    const created = await panelUser('newcomer@example.com');
    expect(created.linked).toEqual({ reason: 'no_account', email: 'newcomer@example.com' });
    newcomerId = created.id;
    newcomerToken = await login('newcomer@example.com');
  });

  it('lists every panel user with the account it works as', async () => {
    const res = await call(ownerToken, 'GET', '/panel-access');
    expect(res.status).toBe(200);
    const byEmail = Object.fromEntries(res.body.data.map((r: { panel_user: { email: string } }) => [r.panel_user.email, r]));
    expect(byEmail['newcomer@example.com']).toMatchObject({ account: null, panel_user: { id: newcomerId, super_admin: false, roles: ['Help Desk Staff'] } });
    expect(byEmail['owner@example.com']).toMatchObject({ panel_user: { super_admin: true } });
  });

  it('an unlinked panel user sees why and gets no tickets', async () => {
    const me = await call(newcomerToken, 'GET', '/me');
    expect(me.body.data).toMatchObject({ account: null, problem: { reason: 'not_linked' } });
    const tickets = await call(newcomerToken, 'GET', '/tickets');
    expect(tickets.status).toBe(403);
    expect(tickets.body.error.code).toBe('forbidden');
  });

  it('links a panel user to a Staff account, at once and on record', async () => {
    const res = await call(ownerToken, 'PUT', `/panel-access/${newcomerId}`, { account_id: staff.documentId });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ panel_user: { id: newcomerId }, account: { id: staff.documentId, role: 'staff' } });
    expect((await call(newcomerToken, 'GET', '/me')).body.data.account).toMatchObject({ id: staff.documentId });
    expect((await call(newcomerToken, 'GET', '/tickets')).status).toBe(200);
    const [row] = await auditRows('panel.link');
    expect(row).toMatchObject({ outcome: 'allowed', channel: 'admin', credential_kind: 'admin_session' });
    expect(JSON.stringify(row.details)).toContain('newcomer@example.com');
  });

  it('refuses a User account, an unknown account or panel user, and an account linked to someone else, changing nothing', async () => {
    await panelUser('second@example.com');
    const second = (await app.strapi.db.query('admin::user').findOne({ where: { email: 'second@example.com' } })) as { id: number };
    const cases: Array<[string, unknown, number, string]> = [
      [`/panel-access/${second.id}`, { account_id: user.documentId }, 400, 'staff_or_admin'],
      [`/panel-access/${second.id}`, { account_id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' }, 400, 'exists'],
      [`/panel-access/${second.id}`, { account_id: 'nope' }, 400, 'format'],
      [`/panel-access/${second.id}`, { account_id: staff.documentId, role: 'admin' }, 400, 'unknown_field'],
      ['/panel-access/999999', { account_id: otherStaff.documentId }, 404, ''],
      [`/panel-access/${second.id}`, { account_id: staff.documentId }, 409, ''],
    ];
    for (const [path, body, status, rule] of cases) {
      const res = await call(ownerToken, 'PUT', path, body);
      expect([path, JSON.stringify(body), res.status]).toEqual([path, JSON.stringify(body), status]);
      if (rule) expect(res.body.error.details.fields.map((f: { rule: string }) => f.rule).join(',')).toContain(rule);
    }
    expect(await app.strapi.plugin('helpdesk').service('panel-access').linkedAccount(second.id)).toBeNull();
  });

  it('is for help-desk Admins only: a staff member cannot grant access', async () => {
    await panelUser(otherStaff.email);
    const staffToken = await login(otherStaff.email);
    const res = await call(staffToken, 'PUT', `/panel-access/${newcomerId}`, { account_id: otherStaff.documentId });
    expect(res.status).toBe(403);
    expect((await call(staffToken, 'GET', '/panel-access')).status).toBe(403);
    expect((await call(newcomerToken, 'GET', '/me')).body.data.account.id).toBe(staff.documentId);
  });

  it('follows the linked account: blocked or demoted, the panel user is refused with the reason', async () => {
    const users = app.strapi.plugin('users-permissions').service('user');
    await users.edit(staff.id, { blocked: true });
    expect((await call(newcomerToken, 'GET', '/me')).body.data.problem.reason).toBe('blocked');
    await users.edit(staff.id, { blocked: false });
    const userRole = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
    const staffRole = await app.strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'staff' } });
    await users.edit(staff.id, { role: userRole.id });
    expect((await call(newcomerToken, 'GET', '/me')).body.data.problem.reason).toBe('user_role');
    await users.edit(staff.id, { role: staffRole.id });
    expect((await call(newcomerToken, 'GET', '/me')).body.data.account.id).toBe(staff.documentId);
  });

  it('unlinks: the panel user can no longer work tickets', async () => {
    const res = await call(ownerToken, 'DELETE', `/panel-access/${newcomerId}`);
    expect(res.status).toBe(200);
    expect(res.body.data.account).toBeNull();
    expect((await call(newcomerToken, 'GET', '/me')).body.data.problem.reason).toBe('not_linked');
    expect((await call(newcomerToken, 'GET', '/tickets')).status).toBe(403);
    const [row] = await auditRows('panel.unlink');
    expect(JSON.stringify(row.details)).toContain(staff.email);
  });

  it('a deleted panel user takes its link with it', async () => {
    const doomed = await panelUser('leaver@example.com');
    const account = await createAccount(app.strapi, { email: 'leaver@example.com', role: 'staff' });
    expect((await call(ownerToken, 'PUT', `/panel-access/${doomed.id}`, { account_id: account.documentId })).status).toBe(200);
    expect(await app.strapi.db.query('plugin::helpdesk.panel-link').count({ where: { panel_user_id: doomed.id } })).toBe(1);
    const deleted = await request(app.baseUrl, 'DELETE', `/admin/users/${doomed.id}`, { token: ownerToken });
    expect(deleted.status).toBe(200);
    expect(await app.strapi.db.query('plugin::helpdesk.panel-link').count({ where: { panel_user_id: doomed.id } })).toBe(0);
  });
});

describe('panel-user commands (CLI)', () => {
  it('links, lists and unlinks by email, each on record', async () => {
    await panelUser('cli.person@example.com');
    await createAccount(app.strapi, { email: 'cli.staff@example.com', role: 'staff' });
    const linked = await runCli(['panel-user:link', '--email', 'cli.person@example.com', '--account', 'cli.staff@example.com'], app.database);
    expect(linked.code).toBe(0);
    expect(linked.stdout).toContain('Linked admin-panel user cli.person@example.com to the staff account cli.staff@example.com');
    // An account is worked by one panel user at a time: moving it to another is refused, not done silently.
    const taken = await runCli(['panel-user:link', '--email', 'second@example.com', '--account', 'cli.staff@example.com'], app.database);
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('already linked to the panel user cli.person@example.com');

    const list = await runCli(['panel-user:list'], app.database);
    expect(list.stdout).toContain('cli.person@example.com\tHelp Desk Staff\t→ cli.staff@example.com (staff)');

    const unlinked = await runCli(['panel-user:unlink', '--email', 'cli.person@example.com'], app.database);
    expect(unlinked.code).toBe(0);
    const refused = await runCli(['panel-user:link', '--email', 'cli.person@example.com', '--account', user.email], app.database);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--account must be a Staff or Admin account');
    const actions = (await app.strapi.db.query('plugin::helpdesk.audit-event').findMany({ where: { channel: 'cli', action: { $startsWith: 'panel.' } } })).map(
      (e: { action: string }) => e.action,
    );
    expect(actions).toEqual(expect.arrayContaining(['panel.link', 'panel.unlink']));
  }, 180_000);
});

describe('existing installs', () => {
  it('links the current email matches once, at the first start of this version, and never again by email', async () => {
    const { strapi } = app;
    const veteran = await createAccount(strapi, { email: 'veteran@example.com', role: 'admin' });
    await createAccount(strapi, { email: 'plain.user@example.com', role: 'user' });
    // As an install from before links existed: panel users, no links, no record of the migration.
    for (const email of ['veteran@example.com', 'plain.user@example.com']) {
      await strapi.service('admin::user').create({ email, firstname: 'Old', password: PANEL_PASSWORD, isActive: true, roles: [] });
    }
    await strapi.store({ type: 'plugin', name: 'helpdesk', key: 'panel-links-migration' }).delete({});
    const database = app.database;
    await app.stop({ drop: false });
    app = await startHelpdesk({ database });

    const veteranPanel = (await app.strapi.db.query('admin::user').findOne({ where: { email: 'veteran@example.com' } })) as { id: number };
    const plainPanel = (await app.strapi.db.query('admin::user').findOne({ where: { email: 'plain.user@example.com' } })) as { id: number };
    const access = app.strapi.plugin('helpdesk').service('panel-access');
    expect(await access.linkedAccount(veteranPanel.id)).toBe(veteran.documentId);
    expect(await access.linkedAccount(plainPanel.id)).toBeNull();
    const [row] = await app.strapi.db.query('plugin::helpdesk.audit-event').findMany({ where: { action: 'panel.link', actor_name: 'one-time migration (same email)' } });
    expect(JSON.stringify(row.details)).toContain('veteran@example.com');

    // The migration ran once: a later restart links nobody by email, even an exact match.
    await app.strapi.service('admin::user').create({ email: 'late@example.com', firstname: 'Late', password: PANEL_PASSWORD, isActive: true, roles: [] });
    await createAccount(app.strapi, { email: 'late@example.com', role: 'staff' });
    await app.stop({ drop: false });
    app = await startHelpdesk({ database });
    const late = (await app.strapi.db.query('admin::user').findOne({ where: { email: 'late@example.com' } })) as { id: number };
    expect(await app.strapi.plugin('helpdesk').service('panel-access').linkedAccount(late.id)).toBeNull();
  }, 120_000);
});
