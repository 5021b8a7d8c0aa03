import type { Core } from '@strapi/strapi';
import { createTestDatabase, type TestDatabase } from '../helpers/database';
import { runCli } from '../helpers/cli';
import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { request } from '../helpers/http';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const DAY = 24 * 3_600_000;
// Every CLI run boots Strapi (a few seconds, more on a busy two-core machine).
const SLOW = 180_000;

const signIn = (app: TestApp, username: string, password: string) =>
  request<{ access_token?: string }>(app.baseUrl, 'POST', '/api/auth/token', {
    form: { grant_type: 'password', username, password },
  });

const counts = async (strapi: Core.Strapi) => {
  const count = (uid: string) => strapi.db.query(uid).count({});
  return {
    groups: await count('plugin::helpdesk.group'),
    accounts: await count('plugin::users-permissions.user'),
    categories: await count('plugin::helpdesk.category'),
    items: await count('plugin::helpdesk.item'),
    types: await count('plugin::helpdesk.type'),
    statuses: await count('plugin::helpdesk.status'),
    tickets: await count('plugin::helpdesk.ticket'),
    replies: await count('plugin::helpdesk.reply'),
  };
};

/** The "in database" column of the table `demo` prints. */
const reportedTotals = (stdout: string): Record<string, number> =>
  Object.fromEntries(
    [...stdout.matchAll(/^(groups|accounts|categories|items|types|tickets|replies)\s+\d+\s+(\d+)$/gm)].map((m) => [m[1], Number(m[2])]),
  );

/** Boots the app on a database the CLI has written, runs the checks, and stops without dropping it. */
const inspect = async <T>(database: TestDatabase, check: (app: TestApp) => Promise<T>): Promise<T> => {
  const app = await startHelpdesk({ database });
  try {
    return await check(app);
  } finally {
    await app.stop({ drop: false });
  }
};

describe('the helpdesk CLI', () => {
  const databases: TestDatabase[] = [];
  const freshDatabase = async () => {
    const database = await createTestDatabase();
    databases.push(database);
    return database;
  };
  afterAll(async () => {
    for (const database of databases) await database.drop();
  });

  describe('refuses bad input with one line naming the option and rule, and exit status 2', () => {
    let database: TestDatabase;
    beforeAll(async () => {
      database = await freshDatabase();
    });

    it('a role that does not exist, naming the allowed roles', async () => {
      const res = await runCli(['user:create', '--email', 'x@example.com', '--password', 'long-enough', '--role', 'boss'], database);
      expect(res.code).toBe(2);
      expect(res.stdout).toBe('');
      expect(res.stderr.trim().split('\n')).toEqual(['error: user:create: --role must be one of user, staff, admin']);
    });

    it.each([
      [['user:create', '--email', 'not-an-email', '--password', 'long-enough', '--role', 'staff'], /--email must be an email address/],
      [['user:create', '--email', 'x@example.com', '--role', 'staff'], /--password is required/],
      [['user:create', '--email', 'x@example.com', '--password', 'short', '--role', 'user'], /--password must be at least 8 characters/],
      [['group:create'], /--name is required/],
      [['group:create', '--name'], /--name needs a value/],
      [['group:create', '--name', 'A', '--colour', 'red'], /--colour is not an option here \(the options are --name\)/],
      [['category:create', '--name', '   '], /--name must not be empty/],
      [['ticket:explode'], /unknown command "ticket:explode"; the commands are user:create, group:create/],
    ])('%j', async (args, message) => {
      const res = await runCli(args, database);
      expect(res.code).toBe(2);
      expect(res.stderr).toMatch(message);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
    });
  });

  // Each CLI run boots Strapi, so this covers the wiring; tests/api/accounts.test.ts covers the rules in-process.
  it('sets up a group, a staff account in it and a category routed to it; the account can sign in', async () => {
    const database = await freshDatabase();
    const ok = async (args: string[], stdout: RegExp) => {
      const res = await runCli(args, database);
      expect({ code: res.code, stderr: res.stderr }).toEqual({ code: 0, stderr: '' });
      expect(res.stdout).toMatch(stdout);
    };

    await ok(['group:create', '--name', 'Network'], /^Created group "Network" \(id [0-9A-Z]{26}\)\.$/m);
    await ok(
      ['user:create', '--email', 'Nina@Example.com', '--password', 'nina-password', '--role', 'staff', '--group', 'network'],
      /^Created Staff account nina@example\.com \(id [0-9A-Z]{26}\), member of group "Network"\.$/m,
    );
    await ok(['group:add-member', '--group', 'Network', '--email', 'NINA@example.com'], /nina@example\.com is already a member of group "Network"; nothing changed/);
    await ok(['category:create', '--name', 'VPN', '--group', 'Network'], /Created category "VPN" \(id [0-9A-Z]{26}\), new tickets in it go to group "Network"/);

    const duplicate = await runCli(['user:create', '--email', 'nina@example.com', '--password', 'other-password', '--role', 'admin'], database);
    expect(duplicate).toEqual({ code: 1, stdout: '', stderr: 'error: user:create: An account with email nina@example.com already exists.\n' });

    await inspect(database, async (app) => {
      const nina = await app.strapi.db.query('plugin::users-permissions.user').findOne({
        where: { email: 'nina@example.com' },
        populate: { role: { select: ['type'] } },
      });
      expect(nina).toMatchObject({ confirmed: true, blocked: false, provider: 'local', role: { type: 'staff' } });
      expect(nina.documentId).toMatch(ULID);
      const vpn = await app.strapi.db.query('plugin::helpdesk.category').findOne({
        where: { name: 'VPN' },
        populate: { default_group: { populate: { members: { select: ['email'] } } } },
      });
      expect(vpn.default_group).toMatchObject({ name: 'Network', members: [{ email: 'nina@example.com' }] });
      expect((await signIn(app, 'nina@example.com', 'nina-password')).status).toBe(200);
      expect((await signIn(app, 'nina@example.com', 'other-password')).status).toBe(400);
    });
  }, SLOW);

  it('loads a demo help desk, and a second run adds nothing', async () => {
    const database = await freshDatabase();
    const first = await runCli(['demo'], database);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Loaded the demo help desk: 60 tickets with \d+ replies added\./);
    expect(first.stdout).toContain('staff1@demo.local');
    const second = await runCli(['demo'], database);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('The demo help desk was already loaded; nothing was added.');

    // The table each run prints ("in database" column) and the database itself must all agree.
    const reportedByFirst = reportedTotals(first.stdout);
    expect(reportedByFirst).toMatchObject({ groups: 3, accounts: 13, categories: 7, items: 19, types: 4, tickets: 60 });
    expect(reportedTotals(second.stdout)).toEqual(reportedByFirst);

    await inspect(database, async (app) => {
      expect(await counts(app.strapi)).toEqual({ ...reportedByFirst, statuses: 5 });

      const tickets = await app.strapi.db.query('plugin::helpdesk.ticket').findMany({
        populate: {
          ticket_status: { select: ['kind'] },
          category: { populate: { default_group: { select: ['id'] } } },
          group: { select: ['id'] },
          submitter: { select: ['id'] },
          assignee: { select: ['id'] },
          type: { select: ['id'] },
          replies: { select: ['is_internal'], populate: { author: { select: ['id'] } } },
        },
      });
      const now = Date.now();
      const kinds = new Set(tickets.map((t: { ticket_status: { kind: string } }) => t.ticket_status.kind));
      expect([...kinds].sort()).toEqual(['closed', 'new', 'open', 'pending', 'resolved']);
      for (const kind of kinds) {
        const ofKind = tickets.filter((t: { ticket_status: { kind: string } }) => t.ticket_status.kind === kind);
        const replies = ofKind.flatMap((t: { replies: Array<{ is_internal: boolean }> }) => t.replies);
        expect({ kind, publicReplies: replies.some((r: { is_internal: boolean }) => !r.is_internal) }).toEqual({ kind, publicReplies: true });
        expect({ kind, internalNotes: replies.some((r: { is_internal: boolean }) => r.is_internal) }).toEqual({ kind, internalNotes: true });
      }
      for (const t of tickets) {
        expect(t.documentId).toMatch(ULID);
        expect(t.group.id).toBe(t.category.default_group.id);
        expect(t.submitter).not.toBeNull();
        expect(t.type).not.toBeNull();
        expect(t.last_activity_at).not.toBeNull();
        expect(Boolean(t.resolved_at)).toBe(['resolved', 'closed'].includes(t.ticket_status.kind));
        for (const r of t.replies) {
          // Only staff write internal notes; the submitter writes only public replies.
          if (r.is_internal) expect(r.author.id).not.toBe(t.submitter.id);
        }
      }
      expect(tickets.some((t: { assignee: unknown }) => t.assignee)).toBe(true);
      expect(tickets.some((t: { assignee: unknown }) => !t.assignee)).toBe(true);
      const resolvedAgo = tickets
        .filter((t: { ticket_status: { kind: string } }) => t.ticket_status.kind === 'resolved')
        .map((t: { resolved_at: string }) => now - new Date(t.resolved_at).getTime());
      expect(resolvedAgo.some((ms: number) => ms < 7 * DAY)).toBe(true);
      expect(resolvedAgo.some((ms: number) => ms > 7 * DAY)).toBe(true);

      expect((await signIn(app, 'staff1@demo.local', 'demo-password')).status).toBe(200);
      expect((await signIn(app, 'user1@demo.local', 'demo-password')).status).toBe(200);
    });
  }, SLOW);
});
