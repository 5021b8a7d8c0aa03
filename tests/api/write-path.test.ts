import { createPanelUser } from '../../src/plugins/helpdesk/server/src/admin-panel/panel-users';
import { createPanelUserSchema } from '../../src/plugins/helpdesk/server/src/validation/panel-users';
import { createAccount, createGroup, type TestAccount } from '../helpers/accounts';
import { registerFirstAdmin } from '../helpers/admin';
import { runCli } from '../helpers/cli';
import { request } from '../helpers/http';
import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { passwordToken } from './mcp-support';

/**
 * One write path (DESIGN §6a): help-desk records change only through the help desk's services, whoever else asks;
 * the catalog changes in the Content Manager, on record; the audit log only grows; and each route's role rule is a
 * policy that refuses before any controller runs.
 */
const PANEL_PASSWORD = 'Panel-password-1';
const REFUSED = /through the help desk|append-only|API keys are created|kept by the help desk|Panel access/;

let app: TestApp;
let ownerToken: string;
let user: TestAccount;
let staff: TestAccount;
let admin: TestAccount;
let ticketId: string;
let categoryId: string;
let groupId: string;
let userToken: string;

const audit = (where: Record<string, unknown>) =>
  app.strapi.db.query('plugin::helpdesk.audit-event').findMany({ where, orderBy: { id: 'desc' } }) as Promise<
    Array<{ action: string; outcome: string; actor_name: string | null; actor_id: string | null; ticket_id: string | null; error_code: string | null; channel: string; details: unknown }>
  >;
const detailsOf = (row: { details: unknown }) => (typeof row.details === 'string' ? JSON.parse(row.details) : row.details) as Record<string, unknown>;
const rows = async () => ({
  tickets: await app.strapi.db.query('plugin::helpdesk.ticket').findMany({ orderBy: { id: 'asc' } }),
  replies: await app.strapi.db.query('plugin::helpdesk.reply').findMany({ orderBy: { id: 'asc' } }),
  // The log may only grow by the record of each refused attempt (`record.write`).
  audit: await app.strapi.db.query('plugin::helpdesk.audit-event').count({ where: { action: { $ne: 'record.write' } } }),
  keys: await app.strapi.db.query('plugin::helpdesk.api-key').findMany({ orderBy: { id: 'asc' } }),
});

beforeAll(async () => {
  app = await startHelpdesk();
  ownerToken = (await registerFirstAdmin(app.baseUrl, 'owner@example.com')).token;
  user = await createAccount(app.strapi, { email: 'uma.user@example.com', role: 'user' });
  staff = await createAccount(app.strapi, { email: 'sam.staff@example.com', role: 'staff' });
  admin = await createAccount(app.strapi, { email: 'ada.admin@example.com', role: 'admin' });
  const group = await createGroup(app.strapi, 'IT', [staff]);
  groupId = group.documentId;
  const category = await app.strapi.documents('plugin::helpdesk.category').create({ data: { name: 'Hardware', default_group: { documentId: groupId } } as never });
  categoryId = category.documentId;
  userToken = await passwordToken(app, user);
  const created = await request(app.baseUrl, 'POST', '/api/helpdesk/tickets', {
    token: userToken,
    body: { subject: 'Laptop fan', description: 'Loud.', category_id: categoryId },
  });
  ticketId = created.body.data.id;
  const reply = await request(app.baseUrl, 'POST', `/api/helpdesk/tickets/${ticketId}/replies`, { token: userToken, body: { body: 'Still loud.' } });
  expect(reply.status).toBe(201);
}, 120_000);

afterAll(async () => {
  await app?.stop();
});

describe('every other writer is refused, whoever asks', () => {
  it('refuses another plugin writing through the document service, the query engine or the entity service', async () => {
    const before = await rows();
    const { strapi } = app;
    const [reply] = (await strapi.db.query('plugin::helpdesk.reply').findMany({})) as Array<{ id: number; documentId: string }>;
    const [event] = (await strapi.db.query('plugin::helpdesk.audit-event').findMany({ limit: 1 })) as Array<{ id: number }>;
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ['documents.update ticket', () => strapi.documents('plugin::helpdesk.ticket').update({ documentId: ticketId, data: { priority: 'Critical' } as never })],
      ['documents.create reply', () => strapi.documents('plugin::helpdesk.reply').create({ data: { body: 'sneaky', is_internal: false } as never })],
      ['documents.delete ticket', () => strapi.documents('plugin::helpdesk.ticket').delete({ documentId: ticketId })],
      ['db.query update ticket', () => strapi.db.query('plugin::helpdesk.ticket').update({ where: { documentId: ticketId }, data: { subject: 'x' } })],
      ['db.query updateMany tickets', () => strapi.db.query('plugin::helpdesk.ticket').updateMany({ where: {}, data: { priority: 'Low' } })],
      ['db.query createMany replies', () => strapi.db.query('plugin::helpdesk.reply').createMany({ data: [{ body: 'x', is_internal: false }] })],
      ['db.query deleteMany audit', () => strapi.db.query('plugin::helpdesk.audit-event').deleteMany({ where: {} })],
      ['db.query update audit', () => strapi.db.query('plugin::helpdesk.audit-event').update({ where: { id: event?.id }, data: { outcome: 'allowed' } })],
      ['db.query create api key', () => strapi.db.query('plugin::helpdesk.api-key').create({ data: { name: 'x', prefix: 'ohd_sk_x', hash: 'h', read_only: false } })],
      ['db.query create panel link', () => strapi.db.query('plugin::helpdesk.panel-link').create({ data: { panel_user_id: 1, account: admin.id } })],
      ['entityService.delete reply', () => strapi.entityService.delete('plugin::helpdesk.reply', reply?.id as number)],
    ];
    const refusedBefore = await app.strapi.db.query('plugin::helpdesk.audit-event').count({ where: { action: 'record.write' } });
    for (const [name, attempt] of attempts) {
      await expect(attempt().then(() => `${name}: written`)).rejects.toThrow(REFUSED);
    }
    expect(await rows()).toEqual(before);
    // Each refusal is on record, written once the refused call's own transaction has ended.
    let refused = 0;
    for (let i = 0; i < 100 && refused < refusedBefore + attempts.length; i += 1) {
      refused = await app.strapi.db.query('plugin::helpdesk.audit-event').count({ where: { action: 'record.write' } });
      if (refused < refusedBefore + attempts.length) await new Promise((r) => setTimeout(r, 20));
    }
    expect(refused).toBe(refusedBefore + attempts.length);
  });

  it('still lets the help desk itself write: the same change through REST works', async () => {
    const statuses = (await request(app.baseUrl, 'GET', '/api/helpdesk/statuses', { token: userToken })).body.data as Array<{ id: string; name: string }>;
    const inProgress = statuses.find((s) => s.name === 'In Progress') as { id: string };
    const res = await request(app.baseUrl, 'PUT', `/api/helpdesk/tickets/${ticketId}/status`, {
      token: await passwordToken(app, staff),
      body: { status_id: inProgress.id },
    });
    expect(res.status).toBe(200);
    expect(res.body.data.status.name).toBe('In Progress');
  });
});

describe('the catalog in the Content Manager, on record', () => {
  let editorToken: string;
  const cm = (token: string, method: string, path: string, body?: unknown) =>
    request(app.baseUrl, method, `/content-manager/collection-types/${path}`, { token, body });

  beforeAll(async () => {
    await createPanelUser(app.strapi, createPanelUserSchema.parse({ email: 'eve.editor@example.com', password: PANEL_PASSWORD, role: 'Editor', name: 'Eve Editor' }));
    const login = await request(app.baseUrl, 'POST', '/admin/login', { body: { email: 'eve.editor@example.com', password: PANEL_PASSWORD } });
    editorToken = login.body.data.token;
  });

  it("audits an Editor's category edit with the editor's name and the changed fields", async () => {
    const res = await cm(editorToken, 'PUT', `plugin::helpdesk.category/${categoryId}`, { description: 'Laptops, docks and screens' });
    expect(res.status).toBe(200);
    const [row] = await audit({ action: 'catalog.update' });
    expect(row).toMatchObject({ outcome: 'allowed', channel: 'admin', actor_name: 'Eve Editor', actor_id: null });
    expect(detailsOf(row)).toMatchObject({ type: 'category', id: categoryId, name: 'Hardware', changed: ['description'], edited_by: { email: 'eve.editor@example.com' } });

    // The audit page shows the editor by name, though they have no help-desk account.
    const page = await request(app.baseUrl, 'GET', '/helpdesk/audit-events?action=catalog.update', { token: ownerToken });
    expect(page.body.data[0].actor).toMatchObject({ id: null, name: 'Eve Editor', email: 'eve.editor@example.com' });
  });

  it("audits a change of a group's members, which changes scope, naming who was added", async () => {
    const other = await createAccount(app.strapi, { email: 'new.staff@example.com', role: 'staff' });
    const res = await cm(ownerToken, 'PUT', `plugin::helpdesk.group/${groupId}`, { members: { connect: [{ documentId: other.documentId }] } });
    expect(res.status).toBe(200);
    const [row] = await audit({ action: 'group.members' });
    expect(detailsOf(row)).toMatchObject({ type: 'group', name: 'IT', added: ['new.staff@example.com'], removed: [] });
    expect(row.actor_name).toBe('Ada Admin');
  });

  it('refuses deleting a status, category or group that tickets use, saying how many and what to do', async () => {
    const current = (await app.strapi.db.query('plugin::helpdesk.ticket').findOne({ where: { documentId: ticketId }, populate: ['ticket_status'] })) as {
      ticket_status: { documentId: string };
    };
    const status = current.ticket_status;
    for (const [uid, id] of [
      ['plugin::helpdesk.status', status.documentId],
      ['plugin::helpdesk.category', categoryId],
      ['plugin::helpdesk.group', groupId],
    ]) {
      const res = await cm(ownerToken, 'DELETE', `${uid}/${id}`);
      expect([uid, res.status]).toEqual([uid, 400]);
      expect(res.body.error.message).toMatch(/is used by 1 ticket, so it cannot be deleted: move it to another .* first, or rename this one/);
      expect(await app.strapi.db.query(uid).count({ where: { documentId: id } })).toBe(1);
    }
    const ticket = (await app.strapi.db.query('plugin::helpdesk.ticket').findOne({ where: { documentId: ticketId }, populate: ['ticket_status', 'category', 'group'] })) as Record<string, unknown>;
    expect([ticket.ticket_status, ticket.category, ticket.group].every(Boolean)).toBe(true);
  });

  it('records a refused Content Manager write with the panel user who tried', async () => {
    // Earlier refusals (by server code) are on record too: only a row written after this attempt is its record.
    const last = (await app.strapi.db.query('plugin::helpdesk.audit-event').findOne({ select: ['id'], orderBy: { id: 'desc' } })) as { id: number };
    const res = await cm(ownerToken, 'PUT', `plugin::helpdesk.ticket/${ticketId}`, { priority: 'Critical' });
    expect(res.status).toBe(403);
    // Written once the refused request's own transaction has ended.
    let rows: Awaited<ReturnType<typeof audit>> = [];
    for (let i = 0; i < 50 && rows.length === 0; i += 1) {
      rows = await audit({ action: 'record.write', outcome: 'refused', id: { $gt: last.id } });
      if (rows.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(rows[0]).toMatchObject({ actor_name: 'Ada Admin', error_code: 'forbidden', channel: 'admin' });
    expect(detailsOf(rows[0] as { details: unknown })).toMatchObject({ type: 'ticket', operation: 'update', id: ticketId, edited_by: { email: 'owner@example.com' } });
  });

  it('audits creates and deletes, and writes by server code, too', async () => {
    const created = await cm(editorToken, 'POST', 'plugin::helpdesk.type', { name: 'Incident' });
    expect(created.status).toBe(201);
    const removed = await cm(editorToken, 'DELETE', `plugin::helpdesk.type/${created.body.data.documentId}`);
    expect(removed.status).toBe(200);
    expect((await audit({ action: { $in: ['catalog.create', 'catalog.delete'] } })).map((r) => [r.action, detailsOf(r).name])).toEqual(
      expect.arrayContaining([
        ['catalog.create', 'Incident'],
        ['catalog.delete', 'Incident'],
      ]),
    );
    await app.strapi.documents('plugin::helpdesk.status').update({
      documentId: (await app.strapi.db.query('plugin::helpdesk.status').findOne({ where: { name: 'Closed' } })).documentId,
      data: { sort_order: 60 } as never,
    });
    const [byCode] = await audit({ action: 'catalog.update' });
    expect(byCode.actor_name).toMatch(/server code/);
  });
});

describe('the audit log only grows', () => {
  it('exports the filtered log as CSV and JSON Lines, safely for spreadsheets, and records the export', async () => {
    await app.strapi.plugin('helpdesk').service('audit').record(null, { action: 'test.formula', outcome: 'allowed', actorName: '=HYPERLINK("http://evil")' }, 'cli');
    const csv = await fetch(`${app.baseUrl}/helpdesk/audit-events/export?format=csv&action=test.`, { headers: { Authorization: `Bearer ${ownerToken}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="helpdesk-audit-.*\.csv"$/);
    const lines = (await csv.text()).trim().split('\r\n');
    expect(lines[0]).toBe('id,at,action,outcome,channel,actor_id,actor_name,actor_email,actor_role,credential_kind,credential_name,ticket_id,error_code,details');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil"")"`);

    const jsonl = await fetch(`${app.baseUrl}/helpdesk/audit-events/export?format=jsonl&ticket=${ticketId}`, { headers: { Authorization: `Bearer ${ownerToken}` } });
    const events = (await jsonl.text()).trim().split('\n').map((l) => JSON.parse(l) as { ticket_id: string; action: string });
    expect(events.length).toBeGreaterThan(1);
    expect(events.every((e) => e.ticket_id === ticketId)).toBe(true);
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['ticket.create', 'ticket.status']));

    const [exported] = await audit({ action: 'audit.export' });
    expect(detailsOf(exported)).toMatchObject({ format: 'jsonl', filters: { ticket: ticketId } });
  });

  it('refuses the export to anyone but admins, and bad filters by name', async () => {
    await createPanelUser(app.strapi, createPanelUserSchema.parse({ email: staff.email, password: PANEL_PASSWORD }));
    const staffToken = (await request(app.baseUrl, 'POST', '/admin/login', { body: { email: staff.email, password: PANEL_PASSWORD } })).body.data.token;
    expect((await request(app.baseUrl, 'GET', '/helpdesk/audit-events/export', { token: staffToken })).status).toBe(403);
    const bad = await request(app.baseUrl, 'GET', '/helpdesk/audit-events/export?format=xml', { token: ownerToken });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.fields[0]).toMatchObject({ field: 'format' });
  });

  it('prunes only through the retention command, which leaves a row saying so', async () => {
    const before = await app.strapi.db.query('plugin::helpdesk.audit-event').count({});
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const bad = await runCli(['audit:prune'], app.database);
    expect(bad.code).toBe(2);
    const pruned = await runCli(['audit:prune', '--before', tomorrow], app.database);
    expect(pruned.stderr).toBe('');
    expect(pruned.stdout).toContain(`Deleted ${before} audit event(s)`);
    const left = await audit({});
    expect(left).toHaveLength(1);
    expect(left[0]).toMatchObject({ action: 'audit.prune', channel: 'cli' });
    expect(detailsOf(left[0])).toMatchObject({ deleted: before });
  }, 120_000);
});

describe('refusals are on record, and route policies refuse before any controller', () => {
  it('audits a refused reply sent with an Idempotency-Key (its transaction rolls back, the refusal row does not)', async () => {
    const statuses = (await request(app.baseUrl, 'GET', '/api/helpdesk/statuses', { token: userToken })).body.data as Array<{ id: string; name: string }>;
    const closed = statuses.find((s) => s.name === 'Closed') as { id: string };
    const staffToken = await passwordToken(app, staff);
    expect((await request(app.baseUrl, 'PUT', `/api/helpdesk/tickets/${ticketId}/status`, { token: staffToken, body: { status_id: closed.id } })).status).toBe(200);
    const res = await request(app.baseUrl, 'POST', `/api/helpdesk/tickets/${ticketId}/replies`, {
      token: userToken,
      body: { body: 'Still loud!' },
      headers: { 'Idempotency-Key': 'reply-after-close-1' },
    });
    expect(res.status).toBe(409);
    const refusals = await audit({ action: 'ticket.reply', outcome: 'refused', ticket_id: ticketId, actor_id: user.documentId });
    expect(refusals).toHaveLength(1);
    expect(refusals[0]?.error_code).toBe('conflict');
  });

  it("answers a User's status change 403 before reading its body, and audits it with the ticket", async () => {
    const res = await request(app.baseUrl, 'PUT', `/api/helpdesk/tickets/${ticketId}/status`, { token: userToken, body: { not: 'a status change' } });
    expect(res.status).toBe(403);
    expect(res.body.error).toMatchObject({ code: 'forbidden', message: 'Only staff and admins may do this.' });
    const [row] = await audit({ action: 'ticket.status', outcome: 'refused', actor_id: user.documentId });
    expect(row?.ticket_id).toBe(ticketId);
  });
});
