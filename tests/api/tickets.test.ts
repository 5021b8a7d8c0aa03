import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { createAccount, createGroup, type TestAccount } from '../helpers/accounts';
import { request } from '../helpers/http';

type Services = { service(name: string): any };

describe('tickets over REST', () => {
  let app: TestApp;
  let plugin: Services;
  let user: TestAccount;
  let staff: TestAccount;
  let keys: { user: string; staff: string; admin: string; other: string };
  let categories: { network: string; billing: string };
  let statusId: Record<string, string>;

  const api = (method: string, path: string, token: string, body?: unknown, headers?: Record<string, string>) =>
    request(app.baseUrl, method, `/api/helpdesk${path}`, { token, body, headers });
  const actorFor = (account: TestAccount) =>
    plugin.service('actors').actorFor({ id: account.id }, { credential: { kind: 'cli', id: null, name: 'test' }, channel: 'cli', readOnly: false });
  const create = async (token: string, subject: string, extra: Record<string, unknown> = {}) => {
    const res = await api('POST', '/tickets', token, { subject, description: `About ${subject}`, category_id: categories.network, ...extra });
    expect(res.status).toBe(201);
    return res.body.data as { id: string; status: { name: string } };
  };
  const auditCount = (where: Record<string, unknown>) => app.strapi.db.query('plugin::helpdesk.audit-event').count({ where });

  beforeAll(async () => {
    app = await startHelpdesk();
    plugin = app.strapi.plugin('helpdesk') as unknown as Services;
    user = await createAccount(app.strapi, { email: 'ursula@example.com', role: 'user' });
    const other = await createAccount(app.strapi, { email: 'oscar@example.com', role: 'user' });
    staff = await createAccount(app.strapi, { email: 'stella@example.com', role: 'staff' });
    const admin = await createAccount(app.strapi, { email: 'adam@example.com', role: 'admin' });
    const network = await createGroup(app.strapi, 'Network team', [staff]);
    const billingTeam = await createGroup(app.strapi, 'Billing team');
    const cat = (name: string, groupId: string) =>
      app.strapi.documents('plugin::helpdesk.category').create({ data: { name, default_group: { connect: [{ documentId: groupId }] } } as never });
    categories = { network: (await cat('Network', network.documentId)).documentId, billing: (await cat('Billing', billingTeam.documentId)).documentId };
    const key = async (a: TestAccount) => (await plugin.service('credentials').createKey(await actorFor(a), { name: 'tests', read_only: false })).key as string;
    keys = { user: await key(user), staff: await key(staff), admin: await key(admin), other: await key(other) };
    const statuses = await app.strapi.documents('plugin::helpdesk.status').findMany({});
    statusId = Object.fromEntries(statuses.map((s) => [s.name, s.documentId]));
  });
  afterAll(async () => {
    await app?.stop();
  });
  afterEach(() => plugin.service('clock').reset());

  describe('create', () => {
    it('files the ticket as the caller, in the default status, routed to the category group, Medium by default', async () => {
      const res = await api('POST', '/tickets', keys.user, { subject: 'VPN drops', description: '**Every** hour', category_id: categories.network });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({
        subject: 'VPN drops',
        description: '**Every** hour',
        priority: 'Medium',
        status: { name: 'New', kind: 'new' },
        category: { name: 'Network' },
        group: { name: 'Network team' },
        submitter: { id: user.documentId },
        assignee: null,
      });
      expect(res.body.data.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(res.body.data.history).toEqual([expect.objectContaining({ event: 'created', actor: expect.objectContaining({ id: user.documentId }) })]);
    });

    it('rejects unknown fields, bad lengths and missing ids with every field named, and writes nothing', async () => {
      const before = await app.strapi.db.query('plugin::helpdesk.ticket').count({});
      const res = await api('POST', '/tickets', keys.user, {
        subject: 'x'.repeat(256),
        category_id: 'not-a-ulid',
        submitter: staff.documentId,
        status: 'Closed',
        priority: 'Urgent',
      });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_error');
      const byField = Object.fromEntries(res.body.error.details.fields.map((f: { field: string; rule: string }) => [f.field, f.rule]));
      expect(byField).toEqual({
        subject: 'max',
        description: 'type',
        category_id: 'format',
        priority: 'one_of',
        submitter: 'unknown_field',
        status: 'unknown_field',
      });
      expect(await app.strapi.db.query('plugin::helpdesk.ticket').count({})).toBe(before);
    });

    it('names a category, type or item that does not exist', async () => {
      const res = await api('POST', '/tickets', keys.user, {
        subject: 'Hello',
        description: 'World',
        category_id: '01ARZ3NDEKTSV4RRFFQ69G5FAV',
        type_id: '01ARZ3NDEKTSV4RRFFQ69G5FAW',
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields.map((f: { field: string; rule: string }) => `${f.field}:${f.rule}`)).toEqual(['category_id:exists', 'type_id:exists']);
    });

    it('returns the first result to a retry with the same Idempotency-Key, and creates nothing new', async () => {
      const body = { subject: 'Retry me', description: 'Once only', category_id: categories.network };
      const first = await api('POST', '/tickets', keys.user, body, { 'Idempotency-Key': 'abc-123' });
      const count = await app.strapi.db.query('plugin::helpdesk.ticket').count({});
      const second = await api('POST', '/tickets', keys.user, body, { 'Idempotency-Key': 'abc-123' });
      expect(second.body.data.id).toBe(first.body.data.id);
      expect(await app.strapi.db.query('plugin::helpdesk.ticket').count({})).toBe(count);
      // The same key from another caller is another request.
      const other = await api('POST', '/tickets', keys.other, body, { 'Idempotency-Key': 'abc-123' });
      expect(other.body.data.id).not.toBe(first.body.data.id);
      // After 24 hours the key may be reused.
      plugin.service('clock').travel(24 * 3600_000 + 1000);
      const later = await api('POST', '/tickets', keys.user, body, { 'Idempotency-Key': 'abc-123' });
      expect(later.body.data.id).not.toBe(first.body.data.id);
    });
  });

  it("scopes a reply's Idempotency-Key to its ticket: a retry returns the first reply, another ticket gets its own", async () => {
    const a = await create(keys.user, 'Key A');
    const b = await create(keys.user, 'Key B');
    const send = (id: string) => api('POST', `/tickets/${id}/replies`, keys.user, { body: 'Same words' }, { 'Idempotency-Key': 'reply-1' });
    const first = await send(a.id);
    const retry = await send(a.id);
    const other = await send(b.id);
    expect(retry.body.data.reply.id).toBe(first.body.data.reply.id);
    expect(other.body.data.reply.id).not.toBe(first.body.data.reply.id);
    expect((await api('GET', `/tickets/${a.id}`, keys.user)).body.data.replies).toHaveLength(1);
    expect((await api('GET', `/tickets/${b.id}`, keys.user)).body.data.replies).toHaveLength(1);
  });

  describe('get', () => {
    it('answers an out-of-scope ticket byte-for-byte like a ticket that does not exist', async () => {
      const theirs = await create(keys.other, 'Private matter');
      const outOfScope = await api('GET', `/tickets/${theirs.id}`, keys.user);
      const missing = await api('GET', '/tickets/01ARZ3NDEKTSV4RRFFQ69G5FAV', keys.user);
      expect(outOfScope.status).toBe(404);
      expect(missing.status).toBe(404);
      expect(outOfScope.text).toBe(missing.text);
      expect(outOfScope.body.error.code).toBe('not_found');
    });

    it('shows internal notes to staff and hides them from the submitter, in get and in list', async () => {
      const t = await create(keys.user, 'Printer jam');
      expect((await api('POST', `/tickets/${t.id}/replies`, keys.staff, { body: 'Looks like tray 2', is_internal: true })).status).toBe(201);
      expect((await api('POST', `/tickets/${t.id}/replies`, keys.staff, { body: 'We are on it' })).status).toBe(201);
      const asStaff = await api('GET', `/tickets/${t.id}`, keys.staff);
      expect(asStaff.body.data.replies.map((r: { body: string; is_internal: boolean }) => [r.body, r.is_internal])).toEqual([
        ['Looks like tray 2', true],
        ['We are on it', false],
      ]);
      const asUser = await api('GET', `/tickets/${t.id}`, keys.user);
      expect(asUser.body.data.replies.map((r: { body: string }) => r.body)).toEqual(['We are on it']);
      expect(asUser.text).not.toContain('tray 2');
      const list = await api('GET', '/tickets?limit=100', keys.user);
      expect(list.text).not.toContain('tray 2');
    });

    it('refuses an internal note from a user, even on their own ticket, and writes nothing', async () => {
      const t = await create(keys.user, 'My own ticket');
      const res = await api('POST', `/tickets/${t.id}/replies`, keys.user, { body: 'psst', is_internal: true });
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      const asStaff = await api('GET', `/tickets/${t.id}`, keys.staff);
      expect(asStaff.body.data.replies).toEqual([]);
    });

    it('carries the history in time order and what the caller may do next', async () => {
      const t = await create(keys.user, 'History lesson');
      await api('PUT', `/tickets/${t.id}/status`, keys.staff, { status_id: statusId['In Progress'] });
      await api('PUT', `/tickets/${t.id}/assignment`, keys.staff, { assignee_id: staff.documentId });
      const other = await create(keys.user, 'Related one');
      await api('POST', `/tickets/${t.id}/links`, keys.staff, { ticket_id: other.id });
      const asStaff = (await api('GET', `/tickets/${t.id}`, keys.staff)).body.data;
      expect(asStaff.history.map((h: { event: string }) => h.event)).toEqual(['created', 'status_changed', 'assigned', 'linked']);
      expect(asStaff.history[1]).toMatchObject({ from: 'New', to: 'In Progress', actor: { id: staff.documentId } });
      expect(asStaff.linked_tickets).toEqual([{ id: other.id, subject: 'Related one', status: expect.objectContaining({ name: 'New' }) }]);
      expect(asStaff.allowed_next_statuses.map((s: { name: string }) => s.name)).toEqual(['New', 'Waiting on Customer', 'Resolved', 'Closed']);
      const asUser = (await api('GET', `/tickets/${t.id}`, keys.user)).body.data;
      expect(asUser.history.map((h: { event: string }) => h.event)).toEqual(['created', 'status_changed']);
      expect(asUser.allowed_next_statuses).toEqual([]);
      const otherSide = (await api('GET', `/tickets/${other.id}`, keys.staff)).body.data;
      expect(otherSide.linked_tickets.map((l: { id: string }) => l.id)).toEqual([t.id]);
      await api('DELETE', `/tickets/${t.id}/links/${other.id}`, keys.staff);
      expect((await api('GET', `/tickets/${other.id}`, keys.staff)).body.data.linked_tickets).toEqual([]);
    });
  });

  describe('status and reopening', () => {
    it('sets resolved_at on a resolved status and clears it on leaving', async () => {
      const t = await create(keys.user, 'Resolve me');
      const resolved = await api('PUT', `/tickets/${t.id}/status`, keys.staff, { status_id: statusId.Resolved });
      expect(resolved.body.data.resolved_at).toEqual(expect.any(String));
      const detail = (await api('GET', `/tickets/${t.id}`, keys.user)).body.data;
      expect(Date.parse(detail.reopen_until) - Date.parse(detail.resolved_at)).toBe(7 * 86_400_000);
      const back = await api('PUT', `/tickets/${t.id}/status`, keys.staff, { status_id: statusId['In Progress'] });
      expect(back.body.data.resolved_at).toBeNull();
    });

    it("reopens a resolved ticket when its submitter replies within the window, in one step", async () => {
      const t = await create(keys.user, 'Came back');
      await api('PUT', `/tickets/${t.id}/status`, keys.staff, { status_id: statusId.Resolved });
      plugin.service('clock').travel(6 * 86_400_000);
      const res = await api('POST', `/tickets/${t.id}/replies`, keys.user, { body: 'It is broken again' });
      expect(res.status).toBe(201);
      expect(res.body.data).toMatchObject({ reopened: true, ticket: { status: { name: 'In Progress' }, resolved_at: null } });
      const detail = (await api('GET', `/tickets/${t.id}`, keys.user)).body.data;
      expect(detail.history.map((h: { event: string }) => h.event)).toEqual(['created', 'status_changed', 'reopened']);
      expect(detail.replies.map((r: { body: string }) => r.body)).toEqual(['It is broken again']);
    });

    it('refuses a reply after the window with a message suggesting a new ticket, and changes nothing', async () => {
      const t = await create(keys.user, 'Too late');
      await api('PUT', `/tickets/${t.id}/status`, keys.staff, { status_id: statusId.Resolved });
      plugin.service('clock').travel(7 * 86_400_000 + 60_000);
      const res = await api('POST', `/tickets/${t.id}/replies`, keys.user, { body: 'Hello?' });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/new ticket/);
      const detail = (await api('GET', `/tickets/${t.id}`, keys.user)).body.data;
      expect(detail.status.name).toBe('Resolved');
      expect(detail.replies).toEqual([]);
    });

    it('takes no user replies on a closed ticket, but staff may still add a note', async () => {
      const t = await create(keys.user, 'Closed for good');
      await api('PUT', `/tickets/${t.id}/status`, keys.staff, { status_id: statusId.Closed });
      const res = await api('POST', `/tickets/${t.id}/replies`, keys.user, { body: 'One more thing' });
      expect(res.status).toBe(409);
      expect(res.body.error.message).toMatch(/closed/);
      expect((await api('POST', `/tickets/${t.id}/replies`, keys.staff, { body: 'for the record', is_internal: true })).status).toBe(201);
    });

    it('refuses a status id that does not exist', async () => {
      const t = await create(keys.user, 'Bad status');
      const res = await api('PUT', `/tickets/${t.id}/status`, keys.staff, { status_id: '01ARZ3NDEKTSV4RRFFQ69G5FAV' });
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields[0]).toMatchObject({ field: 'status_id', rule: 'exists' });
    });
  });

  describe('assignment', () => {
    it('assigns to a staff user or a group, refuses both or a non-staff user, and unassigns with both null', async () => {
      const t = await create(keys.user, 'Assign me');
      const both = await api('PUT', `/tickets/${t.id}/assignment`, keys.staff, { assignee_id: staff.documentId, group_id: staff.documentId });
      expect(both.status).toBe(400);
      const toUser = await api('PUT', `/tickets/${t.id}/assignment`, keys.staff, { assignee_id: user.documentId, group_id: null });
      expect(toUser.status).toBe(400);
      expect(toUser.body.error.details.fields[0]).toMatchObject({ field: 'assignee_id', rule: 'assignable' });
      const ok = await api('PUT', `/tickets/${t.id}/assignment`, keys.staff, { assignee_id: staff.documentId });
      expect(ok.body.data.assignee).toMatchObject({ id: staff.documentId });
      const assignees = await api('GET', '/assignees', keys.staff);
      const billing = assignees.body.data.groups.find((g: { name: string }) => g.name === 'Billing team');
      const toGroup = await api('PUT', `/tickets/${t.id}/assignment`, keys.staff, { group_id: billing.id });
      expect(toGroup.body.data).toMatchObject({ assignee: null, group: { name: 'Billing team' } });
      const none = await api('PUT', `/tickets/${t.id}/assignment`, keys.admin, { assignee_id: null, group_id: null });
      expect(none.body.data).toMatchObject({ assignee: null, group: null });
      expect((await api('GET', '/assignees', keys.user)).status).toBe(403);
    });
  });

  describe('list', () => {
    let listed: Record<string, string>;
    beforeAll(async () => {
      const make = async (subject: string, extra: Record<string, unknown> = {}) => (await create(keys.user, subject, extra)).id;
      listed = {
        percent: await make('Disk 100% full', { priority: 'Critical' }),
        hundred: await make('Disk 1000 blocks', { priority: 'Low' }),
        snake: await make('Error in snake_case name', { category_id: categories.billing }),
        snakeX: await make('Error in snakeXcase name'),
        slash: await make('Path C:\\temp broken'),
      };
      await api('PUT', `/tickets/${listed.snakeX}/status`, keys.admin, { status_id: statusId.Closed });
    });

    const ids = async (query: string, token = keys.admin) => {
      const res = await api('GET', `/tickets?limit=100&${query}`, token);
      expect(res.status).toBe(200);
      return res.body.data.map((t: { id: string }) => t.id) as string[];
    };

    it('matches q literally: % and _ and \\ are not wildcards', async () => {
      expect(await ids('q=100%25')).toEqual([listed.percent]);
      expect(await ids('q=e_c&status=New')).toEqual([listed.snake]);
      expect(await ids(`q=${encodeURIComponent('C:\\temp')}`)).toEqual([listed.slash]);
      expect(await ids('q=DISK')).toEqual([listed.hundred, listed.percent]);
    });

    it('filters by status and category name case-insensitively, by priority and assignee, and combines them', async () => {
      expect(await ids('status=closed&q=snake')).toEqual([listed.snakeX]);
      expect(await ids('category=BILLING&q=snake')).toEqual([listed.snake]);
      expect(await ids('priority=Critical&q=disk')).toEqual([listed.percent]);
      expect(await ids('priority=Critical&category=billing')).toEqual([]);
      await api('PUT', `/tickets/${listed.hundred}/assignment`, keys.staff, { assignee_id: staff.documentId });
      expect(await ids(`assignee_id=${staff.documentId}&q=disk`)).toEqual([listed.hundred]);
      expect(await ids('assignee_id=me&q=disk', keys.staff)).toEqual([listed.hundred]);
      expect(await ids('assignee_id=none&q=disk')).toEqual([listed.percent]);
    });

    it('lists only open work by default, newest activity first', async () => {
      const all = await ids('q=snake');
      expect(all).toEqual([listed.snake]);
      await api('POST', `/tickets/${listed.percent}/replies`, keys.staff, { body: 'bumped' });
      expect((await ids('q=disk'))[0]).toBe(listed.percent);
    });

    it('names an unknown status or category with the allowed values', async () => {
      const res = await api('GET', '/tickets?status=Open', keys.user);
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields[0]).toMatchObject({ field: 'status', rule: 'one_of' });
      expect(res.body.error.message).toMatch(/New, In Progress/);
      expect((await api('GET', '/tickets?category=Nope', keys.user)).status).toBe(400);
    });

    it.each(['0', '101', '-1', '1.5', 'ten'])('refuses limit=%s', async (limit) => {
      const res = await api('GET', `/tickets?limit=${limit}`, keys.user);
      expect(res.status).toBe(400);
      expect(res.body.error.details.fields[0].field).toBe('limit');
    });

    it('accepts limits 1 and 100 and defaults to 20', async () => {
      expect((await api('GET', '/tickets?limit=1', keys.admin)).body.data).toHaveLength(1);
      expect((await api('GET', '/tickets?limit=100', keys.admin)).status).toBe(200);
      const defaults = await api('GET', '/tickets', keys.admin);
      expect(defaults.body.data.length).toBeLessThanOrEqual(20);
    });

    it('refuses an unknown query parameter and a forged cursor', async () => {
      expect((await api('GET', '/tickets?submitter=me', keys.user)).status).toBe(400);
      const forged = await api('GET', '/tickets?cursor=not-a-cursor', keys.user);
      expect(forged.status).toBe(400);
      expect(forged.body.error.details.fields[0].field).toBe('cursor');
    });
  });

  describe('paging', () => {
    it('pages through 250 tickets with a cursor while new ones arrive: none twice, none skipped', async () => {
      const pager = await createAccount(app.strapi, { email: 'pager@example.com', role: 'user' });
      const actor = await actorFor(pager);
      const key = (await plugin.service('credentials').createKey(actor, { name: 'pager', read_only: false })).key;
      const created = new Set<string>();
      for (let i = 0; i < 250; i += 1) {
        const t = await plugin.service('tickets').create(actor, { subject: `Bulk ${i}`, description: 'x', category_id: categories.network, priority: 'Low' });
        created.add(t.id);
      }
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const res = await api('GET', `/tickets?limit=30${cursor ? `&cursor=${cursor}` : ''}`, key);
        seen.push(...res.body.data.map((t: { id: string }) => t.id));
        cursor = res.body.meta.next_cursor;
        pages += 1;
        if (pages > 20) throw new Error('paging did not end');
        // New work arrives between pages; it belongs before the cursor, on a later first page.
        await plugin.service('tickets').create(actor, { subject: `Arrived ${pages}`, description: 'x', category_id: categories.network, priority: 'Low' });
      } while (cursor);
      expect(pages).toBe(9);
      expect(new Set(seen).size).toBe(seen.length);
      expect(new Set(seen)).toEqual(created);
    }, 240_000);
  });

  describe('audit', () => {
    it('records changes and refusals with the credential name and channel', async () => {
      const missing = { ticket_id: '01ARZ3NDEKTSV4RRFFQ69G5FAV', action: 'ticket.read', outcome: 'refused', error_code: 'not_found' };
      const refusedReadsBefore = await auditCount(missing);
      const t = await create(keys.user, 'Audited');
      await api('PUT', `/tickets/${t.id}/status`, keys.user, { status_id: statusId.Closed });
      await api('GET', '/tickets/01ARZ3NDEKTSV4RRFFQ69G5FAV', keys.staff);
      expect(await auditCount({ ticket_id: t.id, action: 'ticket.create', outcome: 'allowed', channel: 'rest', credential_name: 'tests' })).toBe(1);
      expect(await auditCount({ ticket_id: t.id, action: 'ticket.status', outcome: 'refused', error_code: 'forbidden', actor_id: user.documentId })).toBe(1);
      expect(await auditCount(missing)).toBe(refusedReadsBefore + 1);
    });
  });

  describe('catalog and me', () => {
    it('lists categories with items and group, statuses in order, types, and the caller', async () => {
      const cats = (await api('GET', '/categories', keys.user)).body.data;
      expect(cats.map((c: { name: string }) => c.name)).toEqual(['Billing', 'Network']);
      expect(cats[1]).toMatchObject({ default_group: { name: 'Network team' }, items: [] });
      const statuses = (await api('GET', '/statuses', keys.user)).body.data;
      expect(statuses.map((s: { name: string }) => s.name)).toEqual(['New', 'In Progress', 'Waiting on Customer', 'Resolved', 'Closed']);
      expect((await api('GET', '/types', keys.user)).status).toBe(200);
      const me = (await api('GET', '/me', keys.staff)).body.data;
      expect(me).toMatchObject({ id: staff.documentId, role: 'staff', email: 'stella@example.com', groups: [{ name: 'Network team' }], credential: { kind: 'api_key', name: 'tests' }, read_only: false });
    });
  });
});
