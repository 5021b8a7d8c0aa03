import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { runCli } from '../helpers/cli';
import { startHelpdesk } from '../helpers/strapi';
import { request } from '../helpers/http';

const KEY = /ohd_sk_[0-9A-Za-z]{40}/;

describe('the key commands of the CLI', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
    const made = await runCli(['user:create', '--email', 'kim@example.com', '--password', 'a long password', '--role', 'staff'], database);
    expect(made.code).toBe(0);
  }, 180_000);
  afterAll(async () => {
    await database.drop();
  });

  // Each CLI run boots the app: give every step room on a busy two-core machine.
  const STEP_MS = 180_000;
  let key: string;
  let id: string;

  it('creates a key and prints it once, with its id', async () => {
    const created = await runCli(['key:create', '--email', 'kim@example.com', '--name', 'Claude Code', '--read-only', '--expires-in', '30d'], database);
    expect(created.code).toBe(0);
    key = KEY.exec(created.stdout)?.[0] as string;
    expect(key).toBeDefined();
    expect(created.stdout).toMatch(/read-only API key "Claude Code" \(id ([0-9A-Z]{26})\)/);
    id = /\(id ([0-9A-Z]{26})\)/.exec(created.stdout)?.[1] as string;
  }, STEP_MS);

  it('lists the key by account and in the full list, never printing the key', async () => {
    const listed = await runCli(['key:list', '--email', 'kim@example.com'], database);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).toContain('read-only');
    expect(listed.stdout).not.toContain(key);
    expect((await runCli(['key:list'], database)).stdout).toContain('Claude Code');
  }, STEP_MS);

  it('makes a key that works against the server, then revokes it so it stops working', async () => {
    const app = await startHelpdesk({ database });
    try {
      const me = await request(app.baseUrl, 'GET', '/api/helpdesk/me', { token: key });
      expect(me.status).toBe(200);
      expect(me.body.data).toMatchObject({ email: 'kim@example.com', read_only: true, credential: { name: 'Claude Code' } });
    } finally {
      await app.stop({ drop: false });
    }
    const revoked = await runCli(['key:revoke', '--id', id], database);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('Revoked API key "Claude Code"');
    const again = await startHelpdesk({ database });
    try {
      expect((await request(again.baseUrl, 'GET', '/api/helpdesk/me', { token: key })).status).toBe(401);
    } finally {
      await again.stop({ drop: false });
    }
  }, STEP_MS);

  it.each([
    [['key:create', '--email', 'kim@example.com'], /--name is required/],
    [['key:create', '--email', 'kim@example.com', '--name', 'x', '--expires-in', 'forever'], /--expires-in must be a duration such as 90m, 12h or 30d/],
    [['key:create', '--email', 'nobody', '--name', 'x'], /--email must be an email address/],
    [['key:revoke', '--id', '42'], /--id must be a API key id/],
  ])('refuses %j with a clear message and exit status 2', async (args, message) => {
    const res = await runCli(args, database);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(message);
  }, STEP_MS);

  it('says so when the account or the key does not exist', async () => {
    const noAccount = await runCli(['key:create', '--email', 'ghost@example.com', '--name', 'x'], database);
    expect(noAccount.code).toBe(1);
    expect(noAccount.stderr).toMatch(/No active help-desk account has the email ghost@example.com/);
    const noKey = await runCli(['key:revoke', '--id', '01ARZ3NDEKTSV4RRFFQ69G5FAV'], database);
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/No API key with that id exists/);
  }, STEP_MS);
});
