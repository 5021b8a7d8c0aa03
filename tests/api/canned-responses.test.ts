import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { createAccount, createGroup, type TestAccount } from '../helpers/accounts';
import { request } from '../helpers/http';
import { callTool, createKey, readyClient, structured, toolError } from './mcp-support';

/**
 * Canned responses over REST and MCP: who sees which (everyone, a group, private), who may change them, placeholders
 * filled from the ticket in the caller's scope and escaped, and nothing of it for users.
 */
type Who = 'user' | 'staffA' | 'staffA2' | 'staffB' | 'admin' | 'readOnly';

const NONEXISTENT = '01ARZ3NDEKTSV4RRFFQ69G5FAV';
const API = '/api/helpdesk/canned-responses';

describe('canned responses', () => {
  let app: TestApp;
  const accounts = {} as Record<Exclude<Who, 'readOnly'>, TestAccount>;
  const keys = {} as Record<Who, string>;
  const clients = {} as Record<Who, Client>;
  let groupA: { documentId: string; name: string };
  let groupB: { documentId: string; name: string };
  let ticketId: string;
  let hostileTicketId: string;
  let otherGroupTicketId: string;

  const rest = (who: Who, method: string, path: string, body?: unknown) => request(app.baseUrl, method, `${API}${path}`, { token: keys[who], body });
  const create = async (who: Who, body: Record<string, unknown>): Promise<string> => {
    const res = await rest(who, 'POST', '', body);
    expect([res.status, res.text]).toEqual([201, expect.any(String)]);
    return res.body.data.id as string;
  };
  const listedIds = async (who: Who, query = ''): Promise<string[]> => {
    const res = await rest(who, 'GET', query);
    expect(res.status).toBe(200);
    return res.body.data.map((r: { id: string }) => r.id);
  };
  const render = (who: Who, responseId: string, ticket: string) => callTool(clients[who], 'render_canned_response', { ticket_id: ticket, response_id: responseId });
  const cannedRows = () => app.strapi.db.query('plugin::helpdesk.canned-response').count({});
  const audits = (action: string) =>
    app.strapi.db.query('plugin::helpdesk.audit-event').findMany({ where: { action }, orderBy: { id: 'asc' } }) as Promise<
      Array<{ outcome: string; actor_id: string | null; error_code: string | null; details: unknown }>
    >;
  const detailsOf = (row: { details: unknown }) => (typeof row.details === 'string' ? JSON.parse(row.details) : row.details) as Record<string, unknown>;

  beforeAll(async () => {
    app = await startHelpdesk();
    accounts.user = await createAccount(app.strapi, { email: 'uma.user@example.com', role: 'user' });
    accounts.staffA = await createAccount(app.strapi, { email: 'sam.staff@example.com', role: 'staff' });
    accounts.staffA2 = await createAccount(app.strapi, { email: 'sue.colleague@example.com', role: 'staff' });
    accounts.staffB = await createAccount(app.strapi, { email: 'bob.payroll@example.com', role: 'staff' });
    accounts.admin = await createAccount(app.strapi, { email: 'ada.admin@example.com', role: 'admin' });
    groupA = await createGroup(app.strapi, 'Hardware', [accounts.staffA, accounts.staffA2]);
    groupB = await createGroup(app.strapi, 'Payroll', [accounts.staffB]);
    const printers = await app.strapi.documents('plugin::helpdesk.category').create({ data: { name: 'Printers', default_group: { documentId: groupA.documentId } } as never });
    const salaries = await app.strapi.documents('plugin::helpdesk.category').create({ data: { name: 'Salaries', default_group: { documentId: groupB.documentId } } as never });

    for (const who of ['user', 'staffA', 'staffA2', 'staffB', 'admin'] as const) keys[who] = await createKey(app, accounts[who], { name: `${who} key` });
    keys.readOnly = await createKey(app, accounts.staffA, { name: 'staffA read-only', readOnly: true });
    for (const who of Object.keys(keys) as Who[]) clients[who] = await readyClient(app, keys[who]);

    const ticket = async (subject: string, categoryId: string) => {
      const res = await request(app.baseUrl, 'POST', '/api/helpdesk/tickets', {
        token: keys.user,
        body: { subject, description: 'It does not print.', category_id: categoryId, priority: 'High' },
      });
      expect(res.status).toBe(201);
      return res.body.data.id as string;
    };
    ticketId = await ticket('Printer jams on page two', printers.documentId);
    hostileTicketId = await ticket('# **Urgent** [click](http://evil.example) <img src=x onerror=alert(1)> {{agent.name}} _x_ `y` | ~z~ & \\ \u200Bhidden', printers.documentId);
    otherGroupTicketId = await ticket('Salary missing', salaries.documentId);
  }, 120_000);

  afterAll(async () => {
    for (const client of Object.values(clients)) await client?.close();
    await app?.stop();
  });

  describe('placeholders', () => {
    it('fills every placeholder from the ticket and the caller, and posts nothing', async () => {
      const id = await create('staffA', {
        title: 'Acknowledge',
        body: 'Hi {{submitter.name}},\n\nabout "{{ ticket.subject }}" ({{ticket.id}}, {{ticket.priority}}, {{ticket.status}}, {{ticket.category}}): on it.\n\n{{agent.name}}',
        visibility: 'everyone',
      });
      const replies = await app.strapi.db.query('plugin::helpdesk.reply').count({});
      const rendered = structured(await render('staffA', id, ticketId));
      expect(rendered).toEqual({
        response_id: id,
        ticket_id: ticketId,
        title: 'Acknowledge',
        text: `Hi uma.user,\n\nabout "Printer jams on page two" (${ticketId}, High, New, Printers): on it.\n\nsam.staff`,
      });
      // The same text over REST, for the ticket page's composer.
      const res = await rest('staffA2', 'GET', `/${id}/render?ticket_id=${ticketId}`);
      expect([res.status, res.body.data.text]).toEqual([200, rendered.text.replace('sam.staff', 'sue.colleague')]);
      expect(await app.strapi.db.query('plugin::helpdesk.reply').count({})).toBe(replies);
    });

    it('escapes values so a subject cannot add Markdown, HTML or another placeholder', async () => {
      const id = await create('staffA', { title: 'Echo subject', body: '{{ticket.subject}}\nSigned, {{agent.name}}', visibility: 'everyone' });
      const { text } = structured(await render('staffA', id, hostileTicketId));
      expect(text).toBe(
        '\\# \\*\\*Urgent\\*\\* \\[click\\](http://evil.example) \\<img src=x onerror=alert(1)\\> \\{\\{agent.name\\}\\} \\_x\\_ \\`y\\` \\| \\~z\\~ \\& \\\\ hidden\nSigned, sam.staff',
      );
      // The subject's own {{agent.name}} was not filled: the agent's name appears once, where the body put it.
      expect(text.match(/sam\.staff/g)).toHaveLength(1);
    });

    it('refuses an unknown placeholder when the response is saved, naming the field, and stores nothing', async () => {
      const before = await cannedRows();
      const res = await rest('staffA', 'POST', '', { title: 'Typo', body: 'Hello {{ticket.subjet}} and {{ticket.subject}}' });
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('validation_error');
      expect(res.body.error.details.fields).toEqual([{ field: 'body', rule: 'placeholder', message: expect.stringContaining('{{ticket.subjet}} is not a placeholder') }]);
      const id = await create('staffA', { title: 'Fine', body: 'Hello {{ticket.subject}}' });
      const update = await rest('staffA', 'PUT', `/${id}`, { body: 'Bye {{customer.name}}' });
      expect([update.status, update.body.error.details.fields[0].rule]).toEqual([400, 'placeholder']);
      expect((await rest('staffA', 'GET', `/${id}`)).body.data.body).toBe('Hello {{ticket.subject}}');
      expect(await cannedRows()).toBe(before + 1);
    });

    it('answers not_found for a ticket out of the caller\'s scope, exactly as for one that does not exist', async () => {
      const id = await create('staffA', { title: 'Everyone sees this', body: 'About {{ticket.subject}}', visibility: 'everyone' });
      const outOfScope = toolError(await render('staffA', id, otherGroupTicketId));
      const missing = toolError(await render('staffA', id, NONEXISTENT));
      expect(outOfScope).toEqual(missing);
      expect(outOfScope.code).toBe('not_found');
      const restOut = await rest('staffA', 'GET', `/${id}/render?ticket_id=${otherGroupTicketId}`);
      const restMissing = await rest('staffA', 'GET', `/${id}/render?ticket_id=${NONEXISTENT}`);
      expect([restOut.status, restOut.body]).toEqual([404, restMissing.body]);
      // The one in scope of Payroll renders it.
      expect(structured(await render('staffB', id, otherGroupTicketId)).text).toBe('About Salary missing');
    });
  });

  describe('visibility', () => {
    let privateId: string;
    let groupId: string;
    let everyoneId: string;

    beforeAll(async () => {
      privateId = await create('staffA', { title: 'My own shortcut', body: 'Private words for {{ticket.subject}}', visibility: 'private' });
      groupId = await create('staffA', { title: 'Hardware team reply', body: 'Hardware says hi', visibility: 'group', group_id: groupA.documentId });
      everyoneId = await create('staffB', { title: 'Everyone reply', body: 'Hello all', visibility: 'everyone' });
    });

    it('keeps a private response to its owner: not listed, not readable, not renderable by anyone else, admins included', async () => {
      expect(await listedIds('staffA')).toContain(privateId);
      const missingGet = await rest('staffA2', 'GET', `/${NONEXISTENT}`);
      const missingRender = toolError(await render('staffA2', NONEXISTENT, ticketId));
      for (const who of ['staffA2', 'staffB', 'admin'] as const) {
        expect([who, (await listedIds(who)).includes(privateId)]).toEqual([who, false]);
        const listed = structured(await callTool(clients[who], 'list_canned_responses', { q: 'Private words' }));
        expect([who, listed.canned_responses]).toEqual([who, []]);
        const get = await rest(who, 'GET', `/${privateId}`);
        expect([who, get.status, get.body]).toEqual([who, 404, missingGet.body]);
        // Each on a ticket they may read, so it is the response that is out of reach.
        const ticket = who === 'staffB' ? otherGroupTicketId : ticketId;
        expect([who, toolError(await render(who, privateId, ticket))]).toEqual([who, missingRender]);
        const edit = await rest(who, 'PUT', `/${privateId}`, { title: 'Mine now' });
        expect([who, edit.status]).toEqual([who, 404]);
      }
      expect(structured(await render('staffA', privateId, ticketId)).text).toBe('Private words for Printer jams on page two');
    });

    it('shows a group response to the group\'s members and admins only', async () => {
      for (const [who, sees] of [['staffA', true], ['staffA2', true], ['admin', true], ['staffB', false]] as const) {
        expect([who, (await listedIds(who)).includes(groupId)]).toEqual([who, sees]);
        expect([who, (await rest(who, 'GET', `/${groupId}`)).status]).toEqual([who, sees ? 200 : 404]);
        const result = await render(who, groupId, who === 'staffB' ? otherGroupTicketId : ticketId);
        expect([who, result.isError ? toolError(result).code : 'ok']).toEqual([who, sees ? 'ok' : 'not_found']);
      }
      const view = (await rest('staffA2', 'GET', `/${groupId}`)).body.data;
      expect(view).toEqual(expect.objectContaining({ visibility: 'group', group: { id: groupA.documentId, name: 'Hardware' }, can_edit: false }));
    });

    it('shows an everyone response to all staff and admins', async () => {
      for (const who of ['staffA', 'staffA2', 'staffB', 'admin', 'readOnly'] as const) expect([who, (await listedIds(who)).includes(everyoneId)]).toEqual([who, true]);
    });

    it('finds responses by q in the title or body, wildcards taken literally', async () => {
      expect(await listedIds('staffA2', '?q=hardware%20SAYS')).toEqual([groupId]);
      expect(await listedIds('staffA2', '?q=%25')).toEqual([]);
      const mcp = structured(await callTool(clients.staffA2, 'list_canned_responses', { q: 'everyone' }));
      expect(mcp.canned_responses.map((r: { title: string }) => r.title)).toEqual(['Everyone reply', 'Everyone sees this']);
      expect(mcp.canned_responses[0]).toEqual(expect.objectContaining({ id: everyoneId, owner: { id: accounts.staffB.documentId, name: 'bob.payroll' }, can_edit: false }));
    });

    it('refuses a group response without a group, or with a group the author is not in', async () => {
      const noGroup = await rest('staffA', 'POST', '', { title: 'x', body: 'y', visibility: 'group' });
      expect([noGroup.status, noGroup.body.error.details.fields[0]]).toEqual([400, expect.objectContaining({ field: 'group_id', rule: 'required' })]);
      const notMine = await rest('staffA', 'POST', '', { title: 'x', body: 'y', visibility: 'group', group_id: groupB.documentId });
      expect([notMine.status, notMine.body.error.details.fields[0]]).toEqual([400, expect.objectContaining({ field: 'group_id', rule: 'member_of' })]);
      // On an edit, visibility and group are judged together on the response as it will be.
      const id = await create('staffA', { title: 'Moving', body: 'z', visibility: 'group', group_id: groupA.documentId });
      const elsewhere = await rest('staffA', 'PUT', `/${id}`, { group_id: groupB.documentId });
      expect([elsewhere.status, elsewhere.body.error.details.fields[0].rule]).toEqual([400, 'member_of']);
      const shared = await rest('staffA', 'PUT', `/${id}`, { visibility: 'everyone' });
      expect([shared.status, shared.body.data.visibility, shared.body.data.group]).toEqual([200, 'everyone', null]);
      const back = await rest('staffA', 'PUT', `/${id}`, { visibility: 'group' });
      expect([back.status, back.body.error.details.fields[0]]).toEqual([400, expect.objectContaining({ field: 'group_id', rule: 'required' })]);
      // An admin may share with any group.
      const admins = await rest('admin', 'POST', '', { title: 'Payroll note', body: 'z', visibility: 'group', group_id: groupB.documentId });
      expect(admins.status).toBe(201);
    });
  });

  describe('who may change them', () => {
    it('lets the owner and admins edit and delete, not other staff, and audits every change', async () => {
      const id = await create('staffA', { title: 'Shared', body: 'v1', visibility: 'group', group_id: groupA.documentId });
      const colleague = await rest('staffA2', 'PUT', `/${id}`, { body: 'hijacked' });
      expect([colleague.status, colleague.body.error.code]).toEqual([403, 'forbidden']);
      expect((await rest('staffA2', 'DELETE', `/${id}`)).status).toBe(403);

      const own = await rest('staffA', 'PUT', `/${id}`, { body: 'v2 for {{ticket.subject}}', visibility: 'everyone', group_id: null });
      expect([own.status, own.body.data.body, own.body.data.visibility, own.body.data.group]).toEqual([200, 'v2 for {{ticket.subject}}', 'everyone', null]);
      const admin = await rest('admin', 'PUT', `/${id}`, { title: 'Shared (reviewed)' });
      expect([admin.status, admin.body.data.title, admin.body.data.can_edit]).toEqual([200, 'Shared (reviewed)', true]);
      const deleted = await rest('admin', 'DELETE', `/${id}`);
      expect([deleted.status, deleted.body.data]).toEqual([200, { id, deleted: true }]);
      expect((await rest('staffA', 'GET', `/${id}`)).status).toBe(404);

      const mine = (rows: Array<{ details: unknown }>) => rows.filter((r) => detailsOf(r).canned_response_id === id);
      expect(mine(await audits('canned.create')).map((r) => r.actor_id)).toEqual([accounts.staffA.documentId]);
      const updates = mine(await audits('canned.update'));
      expect(updates.filter((r) => r.outcome === 'allowed').map((r) => [r.actor_id, detailsOf(r).changed])).toEqual([
        [accounts.staffA.documentId, ['body', 'visibility', 'group']],
        [accounts.admin.documentId, ['title']],
      ]);
      // The colleague's attempts are on record too.
      expect(updates.filter((r) => r.outcome === 'refused').map((r) => [r.actor_id, r.error_code])).toEqual([[accounts.staffA2.documentId, 'forbidden']]);
      const deletes = mine(await audits('canned.delete'));
      expect(deletes.map((r) => [r.actor_id, r.outcome])).toEqual([
        [accounts.staffA2.documentId, 'refused'],
        [accounts.admin.documentId, 'allowed'],
      ]);
    });

    it('lets a read-only key list and render, never change', async () => {
      const res = await rest('readOnly', 'POST', '', { title: 'x', body: 'y' });
      expect([res.status, res.body.error.code]).toEqual([403, 'forbidden']);
      expect((await rest('readOnly', 'GET', '')).status).toBe(200);
    });

    it('is refused to every other writer, the Content Manager included', async () => {
      const before = await cannedRows();
      await expect(
        app.strapi.documents('plugin::helpdesk.canned-response').create({ data: { title: 'Back door', body: 'x', visibility: 'everyone' } as never }),
      ).rejects.toThrow(/Canned responses are written only through the help desk/);
      expect(await cannedRows()).toBe(before);
      const cm = await request(app.baseUrl, 'GET', '/content-manager/collection-types/plugin::helpdesk.canned-response');
      expect(cm.status).toBe(404);
    });
  });

  describe('users', () => {
    it('never see canned responses: forbidden over REST and MCP, and the tools are not listed', async () => {
      const id = await create('staffA', { title: 'For all staff', body: 'Hi', visibility: 'everyone' });
      for (const [method, path] of [['GET', ''], ['GET', `/${id}`], ['GET', `/${id}/render?ticket_id=${ticketId}`], ['POST', ''], ['DELETE', `/${id}`]] as const) {
        const res = await rest('user', method, path, method === 'POST' ? { title: 'x', body: 'y' } : undefined);
        expect([method, path, res.status, res.body.error.code]).toEqual([method, path, 403, 'forbidden']);
      }
      expect(toolError(await callTool(clients.user, 'list_canned_responses')).code).toBe('forbidden');
      expect(toolError(await render('user', id, ticketId)).code).toBe('forbidden');
      const { tools } = await clients.user.listTools();
      expect(tools.map((t) => t.name).filter((n) => n.includes('canned'))).toEqual([]);
    });
  });
});
