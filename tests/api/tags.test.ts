import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { createAccount, createGroup, type TestAccount } from '../helpers/accounts';
import { registerFirstAdmin, type PanelAdmin } from '../helpers/admin';
import { request } from '../helpers/http';
import { callTool, readyClient, structured, toolError } from './mcp-support';
import { runSql } from '../../src/plugins/helpdesk/server/src/database/run-sql';
import { buildTicketListQuery, type TicketSummaryRow } from '../../src/plugins/helpdesk/server/src/database/ticket-list-query';
import { ticketTables } from '../../src/plugins/helpdesk/server/src/database/ticket-tables';
import type { Actor } from '../../src/plugins/helpdesk/server/src/auth/actor';

type Services = { service(name: string): any };
type Ticket = { id: string; subject: string; tags: Array<{ id: string; name: string }>; history?: Array<Record<string, unknown>> };

const NONEXISTENT = '01ARZ3NDEKTSV4RRFFQ69G5FAV';

/**
 * Tags (issue 15): admins keep them in the Content Manager, audited; staff put them on and take them off tickets in
 * their scope, each change in the ticket's history; everyone lists them and filters by them; users see their own
 * tickets' tags but cannot change them. Over REST and MCP, on the database the suite runs on.
 */
describe('tags', () => {
  let app: TestApp;
  let plugin: Services;
  let owner: PanelAdmin;
  let user: TestAccount;
  let staff: TestAccount;
  let outsider: TestAccount;
  let keys: { user: string; staff: string; outsider: string; admin: string };
  let mcp: { user: Client; staff: Client; outsider: Client };
  let network: string;
  let tickets: { vip: string; both: string; printer: string; plain: string; billing: string };
  const tagIds: Record<string, string> = {};

  const api = (method: string, path: string, token: string, body?: unknown) => request(app.baseUrl, method, `/api/helpdesk${path}`, { token, body });
  const cm = (method: string, path: string, body?: unknown) =>
    request(app.baseUrl, method, `/content-manager/collection-types/plugin::helpdesk.tag${path}`, { token: owner.token, body });
  const actorFor = (account: TestAccount): Promise<Actor> =>
    plugin.service('actors').actorFor({ id: account.id }, { credential: { kind: 'cli', id: null, name: 'test' }, channel: 'cli', readOnly: false });
  const audit = (where: Record<string, unknown>) =>
    app.strapi.db.query('plugin::helpdesk.audit-event').findMany({ where, orderBy: { id: 'desc' } }) as Promise<Array<{ action: string; details: unknown; actor_name: string | null; channel: string; ticket_id: string | null }>>;
  const detailsOf = (row: { details: unknown }) => (typeof row.details === 'string' ? JSON.parse(row.details) : row.details) as Record<string, unknown>;
  const tagNames = (t: Ticket) => t.tags.map((tag) => tag.name);
  const stored = async (id: string) => (await plugin.service('tickets').get(await actorFor(staff), id)) as Ticket;
  const listIds = async (token: string, query: string) => {
    const res = await api('GET', `/tickets?limit=100&${query}`, token);
    expect([res.status, res.body.error]).toEqual([200, undefined]);
    return (res.body.data as Ticket[]).map((t) => t.id).sort();
  };

  beforeAll(async () => {
    app = await startHelpdesk();
    plugin = app.strapi.plugin('helpdesk') as unknown as Services;
    owner = await registerFirstAdmin(app.baseUrl);
    user = await createAccount(app.strapi, { email: 'ursula@example.com', role: 'user' });
    staff = await createAccount(app.strapi, { email: 'stella@example.com', role: 'staff' });
    outsider = await createAccount(app.strapi, { email: 'otto@example.com', role: 'staff' });
    const admin = await createAccount(app.strapi, { email: 'adam@example.com', role: 'admin' });
    const networkTeam = await createGroup(app.strapi, 'Network team', [staff]);
    const billingTeam = await createGroup(app.strapi, 'Billing team', [outsider]);
    const category = (name: string, groupId: string) =>
      app.strapi.documents('plugin::helpdesk.category').create({ data: { name, default_group: { connect: [{ documentId: groupId }] } } as never });
    network = (await category('Network', networkTeam.documentId)).documentId;
    const billing = (await category('Billing', billingTeam.documentId)).documentId;
    const key = async (a: TestAccount) => (await plugin.service('credentials').createKey(await actorFor(a), { name: 'tests', read_only: false })).key as string;
    keys = { user: await key(user), staff: await key(staff), outsider: await key(outsider), admin: await key(admin) };
    const file = async (subject: string, categoryId = network) =>
      (await plugin.service('tickets').create(await actorFor(user), { subject, description: `About ${subject}`, category_id: categoryId, priority: 'Medium' })).id as string;
    tickets = { vip: await file('VIP only'), both: await file('VIP and printer'), printer: await file('Printer only'), plain: await file('No tags'), billing: await file('Billing, VIP', billing) };
    mcp = { user: await readyClient(app, keys.user), staff: await readyClient(app, keys.staff), outsider: await readyClient(app, keys.outsider) };
  });
  afterAll(async () => {
    for (const client of Object.values(mcp ?? {})) await client?.close();
    await app?.stop();
  });

  describe('in the Content Manager', () => {
    it('lets an admin create tags, each create audited with the panel user who made it', async () => {
      for (const [name, description] of [
        ['VIP', 'Answer first'],
        ['Printer', 'Anything that prints'],
        ['  Needs vendor ', null],
      ] as const) {
        const res = await cm('POST', '', { name, description });
        expect([name, res.status]).toEqual([name, 201]);
        tagIds[name.trim()] = res.body.data.documentId;
      }
      // Names are kept trimmed, so " Needs vendor " is found as "needs vendor".
      expect((await cm('GET', `/${tagIds['Needs vendor']}`)).body.data.name).toBe('Needs vendor');
      const rows = await audit({ action: 'catalog.create' });
      expect(rows.map((r) => detailsOf(r).name)).toEqual(expect.arrayContaining(['VIP', 'Printer', 'Needs vendor']));
      const vip = rows.find((r) => detailsOf(r).name === 'VIP')!;
      expect(vip).toMatchObject({ channel: 'admin', actor_name: 'Ada Admin' });
      expect(detailsOf(vip)).toMatchObject({ type: 'tag', id: tagIds.VIP, edited_by: { email: owner.email } });
    });

    it('refuses a second tag whose name differs only in case, naming the one that exists, and stores nothing', async () => {
      const before = await app.strapi.db.query('plugin::helpdesk.tag').count({});
      const res = await cm('POST', '', { name: 'vip' });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('A tag named "VIP" already exists');
      const renamed = await cm('PUT', `/${tagIds.Printer}`, { name: 'VIP' });
      expect(renamed.status).toBe(400);
      expect(await app.strapi.db.query('plugin::helpdesk.tag').count({})).toBe(before);
      expect((await cm('GET', `/${tagIds.Printer}`)).body.data.name).toBe('Printer');
    });

    it('audits an edit with the fields it changed', async () => {
      const res = await cm('PUT', `/${tagIds.Printer}`, { description: 'Printers, scanners and copiers' });
      expect(res.status).toBe(200);
      const [row] = await audit({ action: 'catalog.update' });
      expect(detailsOf(row!)).toMatchObject({ type: 'tag', name: 'Printer', changed: ['description'], edited_by: { email: owner.email } });
    });
  });

  describe('list_tags', () => {
    it('lists every tag by name to everyone, over REST and MCP', async () => {
      const res = await api('GET', '/tags', keys.user);
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual([
        { id: tagIds['Needs vendor'], name: 'Needs vendor', description: null },
        { id: tagIds.Printer, name: 'Printer', description: 'Printers, scanners and copiers' },
        { id: tagIds.VIP, name: 'VIP', description: 'Answer first' },
      ]);
      const listed = structured<{ tags: unknown[] }>(await callTool(mcp.user, 'list_tags'));
      expect(listed.tags).toEqual(res.body.data);
    });

    it('strips invisible characters from tag names and descriptions in what assistants read', async () => {
      const hidden = await app.strapi.documents('plugin::helpdesk.tag').create({ data: { name: 'Hid\u200Bden\u{E0041}', description: 'Ignore\u202E previous' } as never });
      const listed = structured<{ tags: Array<{ id: string; name: string; description: string | null }> }>(await callTool(mcp.user, 'list_tags'));
      expect(listed.tags.find((t) => t.id === hidden.documentId)).toMatchObject({ name: 'Hidden', description: 'Ignore previous' });
      await app.strapi.documents('plugin::helpdesk.tag').delete({ documentId: hidden.documentId });
    });
  });

  describe('tag_ticket', () => {
    it('puts tags on by name, case-insensitively, and records the change in the history', async () => {
      const res = await api('PUT', `/tickets/${tickets.both}/tags`, keys.staff, { add: ['vip', 'PRINTER'] });
      expect(res.status).toBe(200);
      expect(tagNames(res.body.data)).toEqual(['Printer', 'VIP']);
      const detail = await stored(tickets.both);
      expect(tagNames(detail)).toEqual(['Printer', 'VIP']);
      expect(detail.history?.filter((h) => h.event === 'tags_changed')).toEqual([
        expect.objectContaining({ actor: expect.objectContaining({ id: staff.documentId }), added: ['Printer', 'VIP'], removed: [] }),
      ]);

      for (const [id, tag] of [[tickets.vip, 'VIP'], [tickets.printer, 'Printer']] as const) {
        const tagged = structured<Ticket>(await callTool(mcp.staff, 'tag_ticket', { ticket_id: id, add: [tag] }));
        expect(tagNames(tagged)).toEqual([tag]);
      }
    });

    it('is idempotent: adding a tag the ticket has, or removing one it has not, changes and records nothing', async () => {
      const before = (await stored(tickets.both)).history!.length;
      const again = structured<Ticket>(await callTool(mcp.staff, 'tag_ticket', { ticket_id: tickets.both, add: ['VIP'], remove: ['Needs vendor'] }));
      expect(tagNames(again)).toEqual(['Printer', 'VIP']);
      expect((await stored(tickets.both)).history).toHaveLength(before);
    });

    it('takes tags off, recorded as removed', async () => {
      await api('PUT', `/tickets/${tickets.plain}/tags`, keys.staff, { add: ['Needs vendor', 'Printer'] });
      const res = await api('PUT', `/tickets/${tickets.plain}/tags`, keys.staff, { remove: ['needs VENDOR'] });
      expect(tagNames(res.body.data)).toEqual(['Printer']);
      const changes = (await stored(tickets.plain)).history!.filter((h) => h.event === 'tags_changed');
      expect(changes.map((h) => [h.added, h.removed])).toEqual([
        [['Needs vendor', 'Printer'], []],
        [[], ['Needs vendor']],
      ]);
      await api('PUT', `/tickets/${tickets.plain}/tags`, keys.staff, { remove: ['Printer'] });
      expect(tagNames(await stored(tickets.plain))).toEqual([]);
    });

    it('refuses an unknown tag with a validation error naming it, and changes nothing', async () => {
      const audited = await app.strapi.db.query('plugin::helpdesk.audit-event').count({ where: { action: 'ticket.tag' } });
      const result = toolError(await callTool(mcp.staff, 'tag_ticket', { ticket_id: tickets.vip, add: ['Printer', 'Urgent'], remove: ['Nope'] }));
      expect(result.code).toBe('validation_error');
      expect(result.details?.fields).toEqual([
        { field: 'add', rule: 'exists', message: 'no tag is named "Urgent"; see list_tags' },
        { field: 'remove', rule: 'exists', message: 'no tag is named "Nope"; see list_tags' },
      ]);
      const rest = await api('PUT', `/tickets/${tickets.vip}/tags`, keys.staff, { add: ['Urgent'] });
      expect([rest.status, rest.body.error.code, rest.body.error.details.fields[0].field]).toEqual([400, 'validation_error', 'add']);
      expect(tagNames(await stored(tickets.vip))).toEqual(['VIP']);
      expect(await app.strapi.db.query('plugin::helpdesk.audit-event').count({ where: { action: 'ticket.tag' } })).toBe(audited);
    });

    it('refuses a call that names nothing, or the same tag both ways', async () => {
      const empty = await api('PUT', `/tickets/${tickets.vip}/tags`, keys.staff, {});
      expect([empty.status, empty.body.error.details.fields]).toEqual([400, [expect.objectContaining({ field: 'add', rule: 'required' })]]);
      const both = await api('PUT', `/tickets/${tickets.vip}/tags`, keys.staff, { add: ['VIP'], remove: ['vip'] });
      expect([both.status, both.body.error.details.fields]).toEqual([400, [expect.objectContaining({ field: 'remove', rule: 'disjoint' })]]);
      const long = await api('PUT', `/tickets/${tickets.vip}/tags`, keys.staff, { add: ['x'.repeat(51)] });
      expect([long.status, long.body.error.details.fields]).toEqual([400, [expect.objectContaining({ field: 'add.0', rule: 'max' })]]);
    });

    it('is refused to users, even on their own ticket, as forbidden, over REST and MCP', async () => {
      const refused = async () => (await audit({ action: 'ticket.tag', outcome: 'refused' })).length;
      const before = await refused();
      const rest = await api('PUT', `/tickets/${tickets.vip}/tags`, keys.user, { remove: ['VIP'] });
      expect([rest.status, rest.body.error.code]).toEqual([403, 'forbidden']);
      const tool = toolError(await callTool(mcp.user, 'tag_ticket', { ticket_id: tickets.vip, add: ['Printer'] }));
      expect(tool.code).toBe('forbidden');
      expect(tagNames(await stored(tickets.vip))).toEqual(['VIP']);
      // Both refusals are on record (REST names the ticket; MCP refuses by the tool's action before reading its arguments).
      expect(await refused()).toBe(before + 2);
      expect((await audit({ action: 'ticket.tag', outcome: 'refused', ticket_id: tickets.vip })).length).toBe(1);
    });

    it('answers a ticket out of scope exactly like one that does not exist, whatever the tags', async () => {
      for (const body of [{ add: ['VIP'] }, { add: ['No such tag'] }]) {
        const outOfScope = await api('PUT', `/tickets/${tickets.vip}/tags`, keys.outsider, body);
        const missing = await api('PUT', `/tickets/${NONEXISTENT}/tags`, keys.outsider, body);
        expect([outOfScope.status, outOfScope.body.error]).toEqual([404, missing.body.error]);
        const tool = toolError(await callTool(mcp.outsider, 'tag_ticket', { ticket_id: tickets.vip, ...body }));
        const none = toolError(await callTool(mcp.outsider, 'tag_ticket', { ticket_id: NONEXISTENT, ...body }));
        expect(tool).toEqual(none);
        expect(tool.code).toBe('not_found');
      }
      expect(tagNames(await stored(tickets.vip))).toEqual(['VIP']);
    });
  });

  describe('what users see', () => {
    it('shows users the tags of their own tickets in get_ticket and list_tickets, but not who tagged them when', async () => {
      const detail = structured<Ticket>(await callTool(mcp.user, 'get_ticket', { ticket_id: tickets.both }));
      expect(tagNames(detail)).toEqual(['Printer', 'VIP']);
      expect(detail.history?.some((h) => h.event === 'tags_changed')).toBe(false);
      const page = structured<{ tickets: Ticket[] }>(await callTool(mcp.user, 'list_tickets', { limit: 100 }));
      expect(Object.fromEntries(page.tickets.map((t) => [t.subject, tagNames(t)]))).toMatchObject({
        'VIP only': ['VIP'],
        'VIP and printer': ['Printer', 'VIP'],
        'Printer only': ['Printer'],
        'No tags': [],
      });
    });
  });

  describe('every ticket answer', () => {
    it('carries the tags as they are: a status change, an assignment and a reply answer them too', async () => {
      const statuses = (await api('GET', '/statuses', keys.staff)).body.data as Array<{ id: string; name: string }>;
      const inProgress = statuses.find((s) => s.name === 'In Progress')!;
      const status = await api('PUT', `/tickets/${tickets.both}/status`, keys.staff, { status_id: inProgress.id });
      expect(tagNames(status.body.data)).toEqual(['Printer', 'VIP']);
      const assigned = await api('PUT', `/tickets/${tickets.both}/assignment`, keys.staff, { assignee_id: staff.documentId, group_id: null });
      expect(tagNames(assigned.body.data)).toEqual(['Printer', 'VIP']);
      const reply = await api('POST', `/tickets/${tickets.both}/replies`, keys.user, { body: 'Still broken' });
      expect(tagNames(reply.body.data.ticket)).toEqual(['Printer', 'VIP']);
    });
  });

  describe('the tag filter', () => {
    beforeAll(async () => {
      // The billing ticket carries VIP too, out of the network staff member's scope.
      await plugin.service('tags').tagTicket(await actorFor(outsider), tickets.billing, { add: ['VIP'], remove: [] });
    });

    it('lists the tickets carrying one tag, by name, case-insensitively, within the caller scope', async () => {
      expect(await listIds(keys.staff, 'tag=vip')).toEqual([tickets.vip, tickets.both].sort());
      expect(await listIds(keys.admin, 'tag=VIP')).toEqual([tickets.vip, tickets.both, tickets.billing].sort());
      expect(await listIds(keys.outsider, 'tag=VIP')).toEqual([tickets.billing]);
      const page = structured<{ tickets: Ticket[] }>(await callTool(mcp.staff, 'list_tickets', { tag: 'Printer' }));
      expect(page.tickets.map((t) => t.id).sort()).toEqual([tickets.both, tickets.printer].sort());
    });

    it('lists only the tickets carrying all of several tags', async () => {
      expect(await listIds(keys.staff, 'tag=VIP&tag=printer')).toEqual([tickets.both]);
      expect(await listIds(keys.user, 'tag[]=VIP&tag[]=Printer')).toEqual([tickets.both]);
      const page = structured<{ tickets: Ticket[] }>(await callTool(mcp.staff, 'list_tickets', { tag: ['printer', 'VIP'] }));
      expect(page.tickets.map((t) => t.id)).toEqual([tickets.both]);
      expect(await listIds(keys.staff, 'tag=VIP&tag=Needs%20vendor')).toEqual([]);
      // Combined with the other filters.
      expect(await listIds(keys.staff, 'tag=VIP&q=printer')).toEqual([tickets.both]);
    });

    it('refuses an unknown tag name in the filter, naming it', async () => {
      const res = await api('GET', '/tickets?tag=VIP&tag=Urgent', keys.staff);
      expect([res.status, res.body.error.details.fields]).toEqual([400, [{ field: 'tag', rule: 'exists', message: 'no tag is named "Urgent"; see list_tags' }]]);
      const tool = toolError(await callTool(mcp.staff, 'list_tickets', { tag: 'Urgent' }));
      expect(tool.details?.fields?.[0]).toMatchObject({ field: 'tag', rule: 'exists' });
    });

    it('finds the same tickets whichever plan it takes: the rare tag\'s tickets, or the walk probing each', async () => {
      const tables = ticketTables(app.strapi);
      const actor = await actorFor(staff);
      const statuses = (await app.strapi.db.query('plugin::helpdesk.status').findMany({ select: ['id'] })) as Array<{ id: number }>;
      const ids = (await app.strapi.db.query('plugin::helpdesk.tag').findMany({ where: { name: { $in: ['VIP', 'Printer'] } }, select: ['id'] })) as Array<{ id: number }>;
      const run = (driving?: number) =>
        runSql<TicketSummaryRow>(app.strapi, (knex) =>
          buildTicketListQuery(knex, tables, actor, { statusIds: statuses.map((s) => s.id), limit: 20, tags: { ids: ids.map((t) => t.id), driving } }),
        );
      const walked = (await run()).map((r) => r.document_id);
      expect(walked).toEqual([tickets.both]);
      for (const { id } of ids) expect((await run(id)).map((r) => r.document_id)).toEqual(walked);
    });
  });

  describe('deleting a tag', () => {
    it('is refused while tickets carry it, saying how many and what to do; an unused one is deleted, audited', async () => {
      const res = await cm('DELETE', `/${tagIds.VIP}`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'This tag is used by 3 tickets, so it cannot be deleted: remove it from them first (list_tickets with tag finds them), or rename this one.',
      );
      expect(tagNames(await stored(tickets.vip))).toEqual(['VIP']);

      expect((await cm('DELETE', `/${tagIds['Needs vendor']}`)).status).toBe(200);
      const [row] = await audit({ action: 'catalog.delete' });
      expect(detailsOf(row!)).toMatchObject({ type: 'tag', name: 'Needs vendor', edited_by: { email: owner.email } });
      // The history keeps the name it had: the ticket that once carried it still says so.
      const changes = (await stored(tickets.plain)).history!.filter((h) => h.event === 'tags_changed');
      expect(changes[0]).toMatchObject({ added: ['Needs vendor', 'Printer'] });
    });

    it('renaming a tag renames it on every ticket, since tickets refer to it, not to its name', async () => {
      expect((await cm('PUT', `/${tagIds.Printer}`, { name: 'Printing' })).status).toBe(200);
      expect(tagNames(await stored(tickets.both))).toEqual(['Printing', 'VIP']);
      expect(await listIds(keys.staff, 'tag=printing')).toEqual([tickets.both, tickets.printer].sort());
    });
  });
});
