import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { createAccount } from '../helpers/accounts';
import { registerFirstAdmin, type PanelAdmin } from '../helpers/admin';
import { request } from '../helpers/http';

/**
 * Registration through users-permissions is closed unless a help-desk admin opens it, and then only with email
 * confirmation (DESIGN §2). Closed means closed by mechanism: users-permissions' own toggle cannot reopen it.
 */
describe('registration', () => {
  let app: TestApp;
  let owner: PanelAdmin;

  const USER = 'plugin::users-permissions.user';
  const upStore = () => app.strapi.store({ type: 'plugin', name: 'users-permissions' });
  const advanced = async () => (await upStore().get({ key: 'advanced' })) as { allow_register: boolean; email_confirmation: boolean };
  const users = () => app.strapi.db.query(USER).count({});
  const register = (email: string, password = 'Sign-up-password-1') =>
    request(app.baseUrl, 'POST', '/api/auth/local/register', { body: { username: email.split('@')[0], email, password } });
  const passwordGrant = (username: string, password: string) =>
    request(app.baseUrl, 'POST', '/api/auth/token', { form: { grant_type: 'password', username, password } });
  const settingsPut = async (patch: Record<string, unknown>) => {
    const current = await request(app.baseUrl, 'GET', '/helpdesk/settings', { token: owner.token });
    expect(current.status).toBe(200);
    return request(app.baseUrl, 'PUT', '/helpdesk/settings', { token: owner.token, body: { ...current.body.data, ...patch } });
  };

  beforeAll(async () => {
    app = await startHelpdesk();
    owner = await registerFirstAdmin(app.baseUrl, 'owner@example.com');
  });
  afterAll(async () => {
    await app?.stop();
  });
  afterEach(() => {
    app.strapi.plugin('helpdesk').service('credentials').resetThrottles();
  });

  it('on a fresh install, refuses a sign-up, creates no account, and the password grant gives the address nothing', async () => {
    const before = await users();
    const res = await register('mallory@example.com');
    const grant = await passwordGrant('mallory@example.com', 'Sign-up-password-1');
    // One expectation for the whole attack, so a regression shows every step of it at once.
    expect({ register: res.status, accountsCreated: (await users()) - before, grant: [grant.status, grant.body.error] }).toEqual({
      register: 403,
      accountsCreated: 0,
      grant: [400, 'invalid_grant'],
    });
    expect(res.body.error).toMatchObject({ status: 403, code: 'forbidden' });
    expect(res.body.error.message).toMatch(/registration is closed/i);
    expect(res.body.error.message).toMatch(/Help Desk → Settings/);
    expect(await advanced()).toMatchObject({ allow_register: false });
  });

  it('refuses third-party sign-ups while closed, even when a provider is enabled', async () => {
    const grant = (await upStore().get({ key: 'grant' })) as Record<string, { enabled: boolean }>;
    await upStore().set({ key: 'grant', value: { ...grant, github: { ...grant.github, enabled: true } } });
    try {
      for (const path of ['/api/connect/github', '/api/auth/github/callback?access_token=x']) {
        const res = await request(app.baseUrl, 'GET', path);
        expect([path, res.status]).toEqual([path, 403]);
        expect(res.body.error.message).toMatch(/registration is closed/i);
      }
    } finally {
      await upStore().set({ key: 'grant', value: grant });
    }
  });

  it('stays closed when a super admin turns on users-permissions\' own "allow register"', async () => {
    await upStore().set({ key: 'advanced', value: { ...(await advanced()), allow_register: true } });
    const before = await users();
    expect((await register('eve@example.com')).status).toBe(403);
    expect(await users()).toBe(before);
  });

  it('when an admin opens it, signs people up unconfirmed, and the password grant waits for the confirmation', async () => {
    const opened = await settingsPut({ registrationOpen: true });
    expect(opened.status).toBe(200);
    expect(opened.body.data.registrationOpen).toBe(true);
    expect(await advanced()).toMatchObject({ allow_register: true, email_confirmation: true });

    // Turning users-permissions' confirmation off by hand does not let a sign-up skip it.
    await upStore().set({ key: 'advanced', value: { ...(await advanced()), email_confirmation: false } });
    const before = await users();
    // The confirmation email cannot be sent here: users-permissions may answer 400 after creating the account.
    const res = await register('newcomer@example.com');
    expect([200, 400]).toContain(res.status);
    expect(await users()).toBe(before + 1);
    const stored = await app.strapi.db.query(USER).findOne({ where: { email: 'newcomer@example.com' } });
    expect(stored).toMatchObject({ confirmed: false, blocked: false });

    const unconfirmed = await passwordGrant('newcomer@example.com', 'Sign-up-password-1');
    const wrongPassword = await passwordGrant('newcomer@example.com', 'not the password');
    expect([unconfirmed.status, unconfirmed.body]).toEqual([wrongPassword.status, wrongPassword.body]);
    expect(unconfirmed.body.error).toBe('invalid_grant');

    await app.strapi.plugin('users-permissions').service('user').edit(stored.id, { confirmed: true });
    const confirmed = await passwordGrant('newcomer@example.com', 'Sign-up-password-1');
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.access_token).toEqual(expect.any(String));
  });

  it('refuses the password grant for a blocked account exactly like a wrong password', async () => {
    const blocked = await createAccount(app.strapi, { email: 'blocked@example.com', role: 'user', blocked: true });
    const res = await passwordGrant(blocked.email, blocked.password);
    const wrong = await passwordGrant(blocked.email, 'wrong password');
    expect([res.status, res.body.error]).toEqual([400, 'invalid_grant']);
    expect(res.body).toEqual(wrong.body);
  });

  it('closing it again refuses sign-ups, whatever users-permissions\' store says', async () => {
    const closed = await settingsPut({ registrationOpen: false });
    expect(closed.status).toBe(200);
    expect(await advanced()).toMatchObject({ allow_register: false });
    await upStore().set({ key: 'advanced', value: { ...(await advanced()), allow_register: true } });
    const before = await users();
    expect((await register('late@example.com')).status).toBe(403);
    expect(await users()).toBe(before);
  });

  it('validates the setting like every other: a non-boolean is a validation error naming the field', async () => {
    const res = await settingsPut({ registrationOpen: 'yes' });
    expect(res.status).toBe(400);
    expect(res.body.error.details.fields).toEqual([expect.objectContaining({ field: 'registrationOpen' })]);
    expect((await app.strapi.plugin('helpdesk').service('settings').get()).registrationOpen).toBe(false);
  });

  it('puts users-permissions\' store back in line at start-up', async () => {
    await upStore().set({ key: 'advanced', value: { ...(await advanced()), allow_register: true } });
    await app.stop({ drop: false });
    app = await startHelpdesk({ database: app.database });
    expect(await advanced()).toMatchObject({ allow_register: false });
    expect((await register('after-restart@example.com')).status).toBe(403);
  });
});
