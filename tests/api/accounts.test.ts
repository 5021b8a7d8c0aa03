import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { request } from '../helpers/http';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** The set-up operations the CLI calls, run in-process: every rule here is one a CLI user meets. */
describe('accounts, groups and categories (set-up service)', () => {
  let app: TestApp;
  const accounts = () => app.strapi.plugin('helpdesk').service('accounts');
  const count = (uid: string) => app.strapi.db.query(uid).count({});
  const failure = async (work: Promise<unknown>) => {
    const error = await work.then(
      () => null,
      (e: { code?: string; message: string; details?: { fields?: Array<{ field: string }> } }) => e,
    );
    if (!error) throw new Error('expected the operation to be refused');
    return { code: error.code, message: error.message, fields: error.details?.fields?.map((f) => f.field) };
  };

  beforeAll(async () => {
    app = await startHelpdesk();
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('creates groups, refusing a name that differs only in case', async () => {
    const group = await accounts().createGroup({ name: 'Network' });
    expect(group).toEqual({ id: expect.stringMatching(ULID), name: 'Network' });
    expect(await failure(accounts().createGroup({ name: ' NETWORK ' }))).toMatchObject({
      code: 'conflict',
      message: 'A group named "Network" already exists.',
    });
    expect(await accounts().ensureGroup({ name: 'network' })).toEqual({ value: group, created: false });
    expect(await count('plugin::helpdesk.group')).toBe(1);
  });

  it('creates an account of each role that signs in with its password, lower-casing the email', async () => {
    const roles = ['user', 'staff', 'admin'] as const;
    for (const role of roles) {
      const { account } = await accounts().createAccount({ email: `Pat.${role}@Example.com`, password: `${role}-password`, role });
      expect(account).toEqual({ id: expect.stringMatching(ULID), email: `pat.${role}@example.com`, name: `pat.${role}@example.com`, role });
      const signIn = await request(app.baseUrl, 'POST', '/api/auth/token', {
        form: { grant_type: 'password', username: `pat.${role}@example.com`, password: `${role}-password` },
      });
      expect(signIn.status).toBe(200);
    }
  });

  it('refuses a taken email in any case, an unknown group, and a bad role, writing nothing', async () => {
    const before = await count('plugin::users-permissions.user');
    expect(await failure(accounts().createAccount({ email: 'PAT.USER@example.com', password: 'long-enough', role: 'staff' }))).toMatchObject({
      code: 'conflict',
      message: 'An account with email pat.user@example.com already exists.',
    });
    expect(await failure(accounts().createAccount({ email: 'ola@example.com', password: 'long-enough', role: 'staff', group: 'Nope' }))).toMatchObject({
      code: 'not_found',
      message: 'No group named "Nope" exists.',
    });
    expect(await failure(accounts().createAccount({ email: 'ola@example.com', password: 'long-enough', role: 'owner' }))).toMatchObject({
      code: 'validation_error',
      message: 'role: must be one of user, staff, admin',
      fields: ['role'],
    });
    expect(await count('plugin::users-permissions.user')).toBe(before);
  });

  it('adds members once, and says when nothing changed', async () => {
    const { account } = await accounts().createAccount({
      email: 'nina@example.com',
      password: 'nina-password',
      role: 'staff',
      group: 'network',
      name: 'Nina Network',
    });
    expect(account.name).toBe('Nina Network');
    expect(await accounts().addMember({ group: 'NETWORK', email: 'Nina@example.com' })).toMatchObject({ added: false });
    expect(await accounts().addMember({ group: 'Network', email: 'pat.user@example.com' })).toMatchObject({
      added: true,
      group: { name: 'Network' },
      account: { email: 'pat.user@example.com', role: 'user' },
    });
    expect(await failure(accounts().addMember({ group: 'Network', email: 'nobody@example.com' }))).toMatchObject({
      code: 'not_found',
      message: 'No account with email nobody@example.com exists.',
    });
    const group = await app.strapi.db.query('plugin::helpdesk.group').findOne({
      where: { name: 'Network' },
      populate: { members: { select: ['email'], orderBy: { email: 'asc' } } },
    });
    expect(group.members.map((m: { email: string }) => m.email)).toEqual(['nina@example.com', 'pat.user@example.com']);
  });

  it('creates categories routed to a group; an existing one keeps the group an admin chose', async () => {
    const vpn = await accounts().createCategory({ name: 'VPN', group: 'Network', description: 'Remote access' });
    expect(vpn).toEqual({ id: expect.stringMatching(ULID), name: 'VPN', default_group: { id: expect.stringMatching(ULID), name: 'Network' } });
    expect((await accounts().createCategory({ name: 'Other' })).default_group).toBeNull();
    expect(await failure(accounts().createCategory({ name: 'vpn' }))).toMatchObject({
      code: 'conflict',
      message: 'A category named "VPN" already exists.',
    });
    expect(await failure(accounts().createCategory({ name: 'Printers', group: 'Missing' }))).toMatchObject({ code: 'not_found' });

    await accounts().createGroup({ name: 'Facilities' });
    const again = await accounts().ensureCategory({ name: 'Vpn', group: 'Facilities' });
    expect(again).toEqual({ value: vpn, created: false });
    expect(await count('plugin::helpdesk.category')).toBe(2);
  });
});
