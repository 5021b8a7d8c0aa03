import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { registerFirstAdmin, type PanelAdmin } from '../helpers/admin';
import { request } from '../helpers/http';
import { createAccount } from '../helpers/accounts';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const CM = '/content-manager';

interface ContentTypeInfo {
  uid: string;
  isDisplayed: boolean;
  info: { displayName: string };
}

interface Saved {
  data: { documentId: string; name: string };
}

interface ViewConfiguration {
  settings: { mainField: string; defaultSortBy: string };
  layouts: { list: string[] };
  metadatas: Record<string, { edit: Record<string, unknown>; list: Record<string, unknown> }>;
}

const withoutMainField = ({ mainField: _mainField, ...rest }: Record<string, unknown>) => rest;

describe('foundation', () => {
  let app: TestApp;
  let admin: PanelAdmin;
  const panel = <T = unknown>(method: string, path: string, body?: unknown) =>
    request<T>(app.baseUrl, method, path, { token: admin.token, body });
  const configuration = async (uid: string): Promise<ViewConfiguration> =>
    (await panel<{ data: { contentType: ViewConfiguration } }>('GET', `${CM}/content-types/${uid}/configuration`)).body
      .data.contentType;

  beforeAll(async () => {
    app = await startHelpdesk();
    admin = await registerFirstAdmin(app.baseUrl);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it('seeds the five default statuses with New as the default', async () => {
    const statuses = await app.strapi.documents('plugin::helpdesk.status').findMany({ sort: 'sort_order:asc' });
    expect(statuses.map((s) => [s.name, s.kind, s.is_default])).toEqual([
      ['New', 'new', true],
      ['In Progress', 'open', false],
      ['Waiting on Customer', 'pending', false],
      ['Resolved', 'resolved', false],
      ['Closed', 'closed', false],
    ]);
    for (const s of statuses) expect(s.documentId).toMatch(ULID);
  });

  it('gives records created through the document service a unique ULID that updates keep', async () => {
    const types = app.strapi.documents('plugin::helpdesk.type');
    const created = await Promise.all(['Question', 'Incident', 'Problem', 'Task'].map((name) => types.create({ data: { name } })));
    const ids = created.map((t) => t.documentId);
    for (const id of ids) expect(id).toMatch(ULID);
    expect(new Set(ids).size).toBe(ids.length);

    await types.update({ documentId: ids[0], data: { name: 'Questions' } });
    const reread = await types.findOne({ documentId: ids[0] });
    expect(reread).toMatchObject({ documentId: ids[0], name: 'Questions' });
    expect(await app.strapi.db.query('plugin::helpdesk.type').count({ where: { name: 'Questions' } })).toBe(1);
  });

  describe('in the admin panel (Content Manager)', () => {
    const EDITABLE = ['status', 'category', 'type', 'item', 'group'].map((n) => `plugin::helpdesk.${n}`);

    it('lists Status, Category, Type, Item, Group, Ticket and Reply, and not API keys', async () => {
      const res = await panel<{ data: ContentTypeInfo[] }>('GET', `${CM}/content-types`);
      expect(res.status).toBe(200);
      const shown = res.body.data.filter((t) => t.isDisplayed && t.uid.startsWith('plugin::helpdesk.'));
      expect(shown.map((t) => t.info.displayName)).toEqual(
        expect.arrayContaining(['Status', 'Category', 'Type', 'Item', 'Group', 'Ticket', 'Reply']),
      );
      expect(shown.map((t) => t.uid)).not.toContain('plugin::helpdesk.api-key');
    });

    it('shows the catalog by name: name is the main field and the first list column', async () => {
      for (const uid of EDITABLE) {
        const view = await configuration(uid);
        expect({ uid, mainField: view.settings.mainField, first: view.layouts.list[0] }).toEqual({
          uid,
          mainField: 'name',
          first: 'name',
        });
      }
      expect((await configuration('plugin::helpdesk.status')).layouts.list).toEqual(['name', 'kind', 'sort_order', 'is_default']);
      expect((await configuration('plugin::helpdesk.ticket')).layouts.list).toEqual(
        expect.arrayContaining(['subject', 'ticket_status', 'priority', 'assignee']),
      );
    });

    it('gives a category created in the Content Manager a ULID that an edit keeps', async () => {
      const base = `${CM}/collection-types/plugin::helpdesk.category`;
      const first = await panel<Saved>('POST', base, { name: 'Hardware', description: 'Laptops and screens' });
      const second = await panel<Saved>('POST', base, { name: 'Software' });
      expect([first.status, second.status]).toEqual([201, 201]);
      const id: string = first.body.data.documentId;
      expect(id).toMatch(ULID);
      expect(second.body.data.documentId).toMatch(ULID);
      expect(second.body.data.documentId).not.toBe(id);

      const edited = await panel<Saved>('PUT', `${base}/${id}`, { name: 'Hardware & peripherals' });
      expect(edited.status).toBe(200);
      expect(edited.body.data).toMatchObject({ documentId: id, name: 'Hardware & peripherals' });
      const listed = await panel<{ results: Array<{ documentId: string; name: string }> }>('GET', `${base}?sort=name:asc`);
      expect(listed.body.results.map((c) => [c.documentId, c.name])).toContainEqual([id, 'Hardware & peripherals']);
    });

    it("never shows or serves an API key's hash", async () => {
      // Through the help desk, the only writer of keys: the Content Manager must still never show the hash.
      const owner = await createAccount(app.strapi, { email: 'key.owner@example.com', role: 'staff' });
      const actor = await app.strapi.plugin('helpdesk').service('actors').actorFor(
        { documentId: owner.documentId },
        { credential: { kind: 'cli', id: null, name: 'test' }, channel: 'cli', readOnly: false },
      );
      await app.strapi.plugin('helpdesk').service('credentials').createKey(actor, { name: 'CI', read_only: false });
      const [row] = await app.strapi.db.query('plugin::helpdesk.api-key').findMany({ where: { name: 'CI' }, select: ['id', 'documentId', 'hash'] });
      const hash: string = row.hash;
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      const encoded = encodeURIComponent('plugin::helpdesk.api-key');
      const attempts = [
        panel('GET', `${CM}/collection-types/plugin::helpdesk.api-key`),
        panel('GET', `${CM}/collection-types/${encoded}/${row.documentId}`),
        panel('PUT', `${CM}/collection-types/plugin::helpdesk.api-key/${row.documentId}`, { hash: 'chosen' }),
        panel('GET', `${CM}/relations/plugin::helpdesk.api-key/owner`),
      ];
      for (const res of await Promise.all(attempts)) {
        expect(res.status).toBe(404);
        expect(res.text).not.toContain(hash);
      }
      const stored = await app.strapi.db.query('plugin::helpdesk.api-key').findOne({ where: { id: row.id } });
      expect(stored.hash).toBe(hash);
    });

    it("keeps the statuses, roles, an admin's rename and an admin's list view across a restart", async () => {
      const statuses = await panel<{ results: Array<{ documentId: string; name: string }> }>(
        'GET',
        `${CM}/collection-types/plugin::helpdesk.status?sort=sort_order:asc`,
      );
      const waiting = statuses.body.results.find((s) => s.name === 'Waiting on Customer');
      expect(waiting).toBeDefined();
      const renamed = await panel('PUT', `${CM}/collection-types/plugin::helpdesk.status/${waiting?.documentId}`, {
        name: 'Waiting on Requester',
      });
      expect(renamed.status).toBe(200);

      const view = await configuration('plugin::helpdesk.category');
      const changed = await panel('PUT', `${CM}/content-types/plugin::helpdesk.category/configuration`, {
        settings: view.settings,
        // The GET decorates list metadata with the related type's main field; the PUT takes only what can be set.
        metadatas: Object.fromEntries(
          Object.entries(view.metadatas).map(([field, { edit, list }]) => [field, { edit, list: withoutMainField(list) }]),
        ),
        layouts: { ...view.layouts, list: ['name', 'description'] },
      });
      expect(changed.status).toBe(200);

      const count = async () => ({
        statuses: await app.strapi.db.query('plugin::helpdesk.status').count({}),
        roles: await app.strapi.db.query('plugin::users-permissions.role').count({}),
      });
      const before = await count();
      expect(before.statuses).toBe(5);

      await app.stop({ drop: false });
      app = await startHelpdesk({ database: app.database });
      const login = await request<{ data: { token: string } }>(app.baseUrl, 'POST', '/admin/login', {
        body: { email: admin.email, password: admin.password },
      });
      admin = { ...admin, token: login.body.data.token };

      expect(await count()).toEqual(before);
      const names = (await app.strapi.documents('plugin::helpdesk.status').findMany({ sort: 'sort_order:asc' })).map((s) => s.name);
      expect(names).toEqual(['New', 'In Progress', 'Waiting on Requester', 'Resolved', 'Closed']);
      expect((await configuration('plugin::helpdesk.category')).layouts.list).toEqual(['name', 'description']);
    });
  });
});
