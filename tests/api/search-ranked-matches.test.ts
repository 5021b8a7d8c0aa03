import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { createAccount, createGroup, type TestAccount } from '../helpers/accounts';
import { request } from '../helpers/http';
import { callTool, createKey, readyClient } from './mcp-support';
import type { Actor } from '../../src/plugins/helpdesk/server/src/auth/actor';

type Services = { service(name: string): any };

interface SearchBody {
  data: Array<{ ticket: { subject: string }; matched: string }>;
  meta: { next_cursor: string | null; truncated: boolean };
}

/**
 * search_tickets ranks the newest matches only (HELPDESK_SEARCH_RANKED_MATCHES of each kind, 1,000 by default; 3
 * here), so its cost does not grow with the matches. The bound counts what the caller may see and the filters keep,
 * the newest are the ones ranked, and a search that had more says so.
 */
describe('search_tickets with more matches than it ranks', () => {
  const RANKED = 3;
  let app: TestApp;
  let plugin: Services;
  let staff: Actor;
  let admin: Actor;
  let keys: Record<'staff' | 'admin', string>;
  let categoryId: string;
  let elsewhereId: string;

  const search = async (who: keyof typeof keys, params: Record<string, string | number>) => {
    const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString();
    const res = await request<SearchBody>(app.baseUrl, 'GET', `/api/helpdesk/search?${query}`, { token: keys[who] });
    if (res.status !== 200) throw new Error(`search answered ${res.status}: ${res.text}`);
    return res.body;
  };
  const subjects = (body: SearchBody) => body.data.map((h) => h.ticket.subject);
  const create = async (subject: string, description: string, category = categoryId) =>
    (await plugin.service('tickets').create(admin, { subject, description, category_id: category, priority: 'Medium' })) as { id: string };

  beforeAll(async () => {
    app = await startHelpdesk({ env: { HELPDESK_SEARCH_RANKED_MATCHES: String(RANKED) } });
    plugin = app.strapi.plugin('helpdesk') as unknown as Services;
    const accounts: Record<'staff' | 'admin', TestAccount> = {
      staff: await createAccount(app.strapi, { email: 'sasha@example.com', role: 'staff' }),
      admin: await createAccount(app.strapi, { email: 'ada@example.com', role: 'admin' }),
    };
    const mine = await createGroup(app.strapi, 'Mine', [accounts.staff]);
    const other = await createGroup(app.strapi, 'Other');
    const category = (name: string, groupId: string) =>
      app.strapi.documents('plugin::helpdesk.category').create({ data: { name, default_group: { connect: [{ documentId: groupId }] } } as never });
    categoryId = (await category('Mine', mine.documentId)).documentId;
    elsewhereId = (await category('Elsewhere', other.documentId)).documentId;
    const actorFor = (account: TestAccount): Promise<Actor> =>
      plugin.service('actors').actorFor({ id: account.id }, { credential: { kind: 'cli', id: null, name: 'test' }, channel: 'cli', readOnly: false });
    staff = await actorFor(accounts.staff);
    // The admin writes the tickets: a staff member's own submissions would be in their scope wherever they went.
    admin = await actorFor(accounts.admin);
    keys = { staff: await createKey(app, accounts.staff), admin: await createKey(app, accounts.admin) };

    // Oldest first. "quasar": in the subject of the oldest, in the descriptions of four newer ones.
    await create('Quasar dashboard is down', 'Nothing loads');
    for (const n of [1, 2, 3, 4]) await create(`Report ${n} is late`, `The quasar export stalls at step ${n}`);
    // "nebula": two tickets in the staff member's group, then four newer ones in a group they are not in.
    await create('Nebula sync fails', 'Since the upgrade');
    await create('Calendar invites', 'The nebula connector drops them');
    for (const n of [1, 2, 3, 4]) await create(`Elsewhere ${n}`, `nebula issue ${n}`, elsewhereId);
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
  });

  test('only the newest matches are ranked, and the answer says there were more', async () => {
    const body = await search('staff', { query: 'quasar', limit: 100 });
    // The subject match is the oldest of five: outside the newest three, so not ranked, though it would lead.
    expect(subjects(body)).toEqual(['Report 4 is late', 'Report 3 is late', 'Report 2 is late']);
    expect(body.meta).toEqual({ next_cursor: null, truncated: true });
  });

  test('the bound counts what the caller may see: newer matches out of scope leave room for older ones in it', async () => {
    const staffSees = await search('staff', { query: 'nebula', limit: 100 });
    // The subject match ranks first; both are in scope, and the four newer matches elsewhere took no place.
    expect(subjects(staffSees)).toEqual(['Nebula sync fails', 'Calendar invites']);
    expect(staffSees.meta.truncated).toBe(false);
    // An admin sees all six, so only the newest three are ranked.
    const adminSees = await search('admin', { query: 'nebula', limit: 100 });
    expect(subjects(adminSees)).toEqual(['Elsewhere 4', 'Elsewhere 3', 'Elsewhere 2']);
    expect(adminSees.meta.truncated).toBe(true);
  });

  test('the bound counts what the filters keep', async () => {
    // The admin's six matches, filtered to one category: the two there are ranked, the newer four elsewhere take no place.
    const body = await search('admin', { query: 'nebula', category: 'Mine', limit: 100 });
    expect(subjects(body)).toEqual(['Nebula sync fails', 'Calendar invites']);
    expect(body.meta.truncated).toBe(false);
  });

  test('replies count on their own: the newest matching replies are ranked', async () => {
    const ticket = await create('Printer jam', 'Paper stuck in tray two');
    for (const n of [1, 2, 3, 4]) await plugin.service('replies').reply(staff, ticket.id, { body: `Pulsar reading ${n}`, is_internal: false });
    const body = await search('staff', { query: 'pulsar', limit: 100 });
    // One ticket, found through one of its replies, and more replies matched than are ranked.
    expect(body.data.map((h) => [h.ticket.subject, h.matched])).toEqual([['Printer jam', 'reply']]);
    expect(body.meta.truncated).toBe(true);
  });

  test('pages walk the ranked matches with the cursor; MCP says truncated too', async () => {
    const first = await search('staff', { query: 'quasar', limit: 2 });
    expect(subjects(first)).toEqual(['Report 4 is late', 'Report 3 is late']);
    expect(first.meta.truncated).toBe(true);
    const second = await search('staff', { query: 'quasar', limit: 2, cursor: first.meta.next_cursor as string });
    expect(subjects(second)).toEqual(['Report 2 is late']);
    expect(second.meta).toEqual({ next_cursor: null, truncated: true });

    const client = await readyClient(app, keys.staff);
    try {
      const result = await callTool(client, 'search_tickets', { query: 'quasar', limit: 2 });
      expect(result.structuredContent).toMatchObject({ truncated: true, next_cursor: expect.any(String) });
      const rare = await callTool(client, 'search_tickets', { query: 'dashboard' });
      expect(rare.structuredContent).toMatchObject({ truncated: false, next_cursor: null, hits: [expect.objectContaining({ matched: 'subject' })] });
    } finally {
      await client.close();
    }
  });
});
