import { createPanelUser } from '../../src/plugins/helpdesk/server/src/admin-panel/panel-users';
import { createPanelUserSchema } from '../../src/plugins/helpdesk/server/src/validation/panel-users';
import { refusalMessage } from '../../src/plugins/helpdesk/server/src/write-path/guards';
import { createAccount } from '../helpers/accounts';
import { registerFirstAdmin } from '../helpers/admin';
import { request, type HttpResult } from '../helpers/http';
import { startHelpdesk, type TestApp } from '../helpers/strapi';

/**
 * Every Content Manager admin route that names a model × every help-desk type × the default admin roles, over real
 * HTTP (DESIGN §6a). Tickets, replies and audit events: readable by Super Admin only, written by nobody. API keys,
 * idempotency records and panel links: not there at all. The catalog: edited by the roles Strapi gives it to, each
 * edit audited with the panel user's name. After every write the protected tables are compared with a snapshot.
 */
const ROLES = ['Super Admin', 'Editor', 'Author', 'Help Desk Staff'] as const;
type Role = (typeof ROLES)[number];
const SUPER_ADMIN_ONLY = ['ticket', 'reply', 'audit-event'] as const;
const CATALOG = ['status', 'category', 'type', 'item', 'group', 'tag'] as const;
const HIDDEN = ['api-key', 'idempotency-record', 'panel-link'] as const;
type TypeName = (typeof SUPER_ADMIN_ONLY)[number] | (typeof CATALOG)[number] | (typeof HIDDEN)[number];
const PROTECTED: readonly TypeName[] = [...SUPER_ADMIN_ONLY, ...HIDDEN];
const uidOf = (type: TypeName) => `plugin::helpdesk.${type}`;
const is = <T extends TypeName>(list: readonly T[], type: TypeName): type is T => (list as readonly TypeName[]).includes(type);

/** The field each type's relation routes name; types without one have no relation routes (they would be a 400). */
const RELATION: Partial<Record<TypeName, string>> = {
  ticket: 'ticket_status', reply: 'ticket', category: 'default_group', item: 'category', group: 'members', 'api-key': 'owner', 'panel-link': 'account',
};
const NOTE = 'Internal: the VIP laptop was reported stolen, keep this between staff.';
const PASSWORD = 'Panel-password-1';
/** The help desk's refusal (403 with its message saying where to make the change instead). */
const HELPDESK = 'helpdesk 403';
type Expected = 200 | 201 | 400 | 403 | 404 | 500 | typeof HELPDESK;

interface Target { uid: string; id: string; field: string }
interface Route {
  name: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: (t: Target) => string;
  body?: (type: TypeName, t: Target) => unknown;
  /** Names an existing record; for the catalog a fresh one per case (made by Super Admin, or by the role when `own`). */
  record?: boolean;
  own?: boolean;
  write?: boolean;
}

let counter = 0;
const unique = (type: string) => `${type} ${++counter}`;
const fixtures: Partial<Record<TypeName, string>> = {};
const people = {} as Record<Role, { token: string; email: string; name: string }>;
let staffAccountId = '';

const createBody = (type: TypeName): Record<string, unknown> =>
  type === 'ticket' ? { subject: 'Forged in the Content Manager', description: 'x', priority: 'High' }
  : type === 'reply' ? { body: 'Forged reply', is_internal: false, ticket: { connect: [{ documentId: fixtures.ticket }] } }
  : type === 'audit-event' ? { action: 'forged.event', outcome: 'allowed', channel: 'admin' }
  : type === 'status' ? { name: unique(type), kind: 'open', sort_order: 50, is_default: false }
  : { name: unique(type) };
const updateBody = (type: TypeName): Record<string, unknown> =>
  type === 'ticket' ? { subject: 'Renamed in the Content Manager', priority: 'Low' }
  : type === 'reply' ? { body: 'Made public', is_internal: false }
  : type === 'audit-event' ? { outcome: 'refused', action: 'rewritten' }
  : type === 'group' ? { name: unique(type), members: { connect: [{ documentId: staffAccountId }] } }
  : is(HIDDEN, type) ? { name: unique(type), hash: 'chosen-by-an-admin' }
  : { name: unique(type) };
const ids = (_: TypeName, t: Target) => ({ documentIds: [t.id] });

const CT = (t: Target) => `/content-manager/collection-types/${t.uid}`;
const ST = (t: Target) => `/content-manager/single-types/${t.uid}`;
const ROUTES: Route[] = [
  { name: 'list', method: 'GET', path: CT },
  { name: 'findOne', method: 'GET', path: (t) => `${CT(t)}/${t.id}`, record: true },
  { name: 'findOne (own)', method: 'GET', path: (t) => `${CT(t)}/${t.id}`, record: true, own: true },
  { name: 'bulkFindForValidation', method: 'POST', path: (t) => `${CT(t)}/actions/bulkFindForValidation`, body: ids, record: true },
  { name: 'countDraftRelations', method: 'GET', path: (t) => `${CT(t)}/${t.id}/actions/countDraftRelations`, record: true },
  { name: 'countManyEntriesDraftRelations', method: 'GET', path: (t) => `${CT(t)}/actions/countManyEntriesDraftRelations?documentIds[0]=${t.id}`, record: true },
  { name: 'relations available', method: 'GET', path: (t) => `/content-manager/relations/${t.uid}/${t.field}` },
  { name: 'relations existing', method: 'GET', path: (t) => `/content-manager/relations/${t.uid}/${t.id}/${t.field}`, record: true },
  { name: 'configuration', method: 'GET', path: (t) => `/content-manager/content-types/${t.uid}/configuration` },
  { name: 'single-type find', method: 'GET', path: ST },
  { name: 'single-type countDraftRelations', method: 'GET', path: (t) => `${ST(t)}/actions/countDraftRelations` },
  { name: 'uid generate', method: 'POST', path: () => '/content-manager/uid/generate', body: (_, t) => ({ contentTypeUID: t.uid, field: 'name', data: {} }) },
  { name: 'uid check-availability', method: 'POST', path: () => '/content-manager/uid/check-availability', body: (_, t) => ({ contentTypeUID: t.uid, field: 'name', value: 'x' }) },
  { name: 'create', method: 'POST', path: CT, body: createBody, write: true },
  { name: 'clone', method: 'POST', path: (t) => `${CT(t)}/clone/${t.id}`, body: updateBody, record: true, write: true },
  { name: 'autoClone', method: 'POST', path: (t) => `${CT(t)}/auto-clone/${t.id}`, body: () => ({}), record: true, write: true },
  { name: 'update', method: 'PUT', path: (t) => `${CT(t)}/${t.id}`, body: updateBody, record: true, write: true },
  { name: 'update (own)', method: 'PUT', path: (t) => `${CT(t)}/${t.id}`, body: updateBody, record: true, own: true, write: true },
  { name: 'delete', method: 'DELETE', path: (t) => `${CT(t)}/${t.id}`, record: true, write: true },
  { name: 'delete (own)', method: 'DELETE', path: (t) => `${CT(t)}/${t.id}`, record: true, own: true, write: true },
  { name: 'bulkDelete', method: 'POST', path: (t) => `${CT(t)}/actions/bulkDelete`, body: ids, record: true, write: true },
  { name: 'bulkDelete (own)', method: 'POST', path: (t) => `${CT(t)}/actions/bulkDelete`, body: ids, record: true, own: true, write: true },
  { name: 'publish (create)', method: 'POST', path: (t) => `${CT(t)}/actions/publish`, body: createBody, write: true },
  { name: 'publish', method: 'POST', path: (t) => `${CT(t)}/${t.id}/actions/publish`, body: () => ({}), record: true, write: true },
  { name: 'unpublish', method: 'POST', path: (t) => `${CT(t)}/${t.id}/actions/unpublish`, body: () => ({}), record: true, write: true },
  { name: 'discard', method: 'POST', path: (t) => `${CT(t)}/${t.id}/actions/discard`, body: () => ({}), record: true, write: true },
  { name: 'bulkPublish', method: 'POST', path: (t) => `${CT(t)}/actions/bulkPublish`, body: ids, record: true, write: true },
  { name: 'bulkUnpublish', method: 'POST', path: (t) => `${CT(t)}/actions/bulkUnpublish`, body: ids, record: true, write: true },
  { name: 'single-type createOrUpdate', method: 'PUT', path: ST, body: updateBody, write: true },
  { name: 'single-type delete', method: 'DELETE', path: ST, write: true },
  { name: 'single-type publish', method: 'POST', path: (t) => `${ST(t)}/actions/publish`, body: () => ({}), write: true },
  { name: 'single-type unpublish', method: 'POST', path: (t) => `${ST(t)}/actions/unpublish`, body: () => ({}), write: true },
  { name: 'single-type discard', method: 'POST', path: (t) => `${ST(t)}/actions/discard`, body: () => ({}), write: true },
  { name: 'configuration update', method: 'PUT', path: (t) => `/content-manager/content-types/${t.uid}/configuration`, write: true },
];
const READS = ['list', 'findOne', 'bulkFindForValidation', 'countDraftRelations', 'countManyEntriesDraftRelations', 'relations available', 'relations existing', 'single-type find', 'single-type countDraftRelations'];
/**
 * These types have draftAndPublish off, yet Strapi gives Super Admin (every type) and Editor (the catalog) the publish
 * permission. Its document service has no publish, unpublish or discardDraft for such a type, so for those roles these
 * routes end in a 500 (Strapi's, after nothing was written: the snapshot says so). Publishing with an id or a body saves
 * the document first, which the help desk refuses on its protected types before Strapi gets that far.
 */
const PUBLISHING = ['publish (create)', 'publish', 'unpublish', 'bulkPublish', 'bulkUnpublish', 'single-type publish', 'single-type unpublish', 'discard', 'single-type discard'];
const SAVES_FIRST = ['publish (create)', 'publish', 'single-type publish'];
const AUDITED_AS: Record<string, 'create' | 'update' | 'delete'> = {
  create: 'create', clone: 'create', autoClone: 'create', update: 'update', 'update (own)': 'update', delete: 'delete', 'delete (own)': 'delete', bulkDelete: 'delete', 'bulkDelete (own)': 'delete',
};

/** The rules of DESIGN §6a, and where Strapi's own answer differs without anything leaking or changing, that answer. */
const expected = (route: Route, type: TypeName, role: Role): Expected => {
  const name = route.name;
  // The uid routes name the model in the body, where the hidden-type filter (paths only) does not look; no type has a uid field, so Strapi answers 400 before reading anything.
  if (name.startsWith('uid ')) return 400;
  if (is(HIDDEN, type)) return 404;
  // The view configuration (field layout, no record) is served to every signed-in panel user; changing it needs "configure view".
  if (name === 'configuration') return 200;
  if (name === 'configuration update') return role === 'Super Admin' ? 200 : 403;
  const holdsPermissions = role === 'Super Admin' || (is(CATALOG, type) && role !== 'Help Desk Staff');
  if (!holdsPermissions) {
    // Strapi's relations controller answers a refusal with ctx.forbidden() and then reads the result as request info: a
    // 500 with a generic body (content-manager relations.js, extractAndValidateRequestInfo). Nothing is read.
    return name.startsWith('relations ') ? 500 : 403;
  }
  if (PUBLISHING.includes(name)) {
    if (role === 'Author') return 403; // Strapi gives Author no publish permission, and discard needs the record's creator.
    return is(SUPER_ADMIN_ONLY, type) && SAVES_FIRST.includes(name) ? HELPDESK : 500;
  }
  if (is(SUPER_ADMIN_ONLY, type)) {
    if (READS.includes(name)) return 200;
    // Strapi will not auto-clone a record with to-many relations (a ticket's replies and links); a reply or an audit event reaches the guard.
    if (name === 'autoClone' && type === 'ticket') return 400;
    return HELPDESK;
  }
  // The catalog. Statuses, categories, types, groups and tags have a unique name, so Strapi will not auto-clone them; an item it does.
  if (name === 'autoClone') return type === 'item' ? 200 : 400;
  if (name === 'create') return 201;
  if (role === 'Author') {
    // Author's permissions carry "is creator", which Strapi checks only where it loads the record first (findOne, update,
    // delete, a record's relations and draft counts, a single type's "first record"). The list is filtered to Author's own
    // records; bulkFindForValidation, countManyEntriesDraftRelations, clone and auto-clone read records without the check.
    if (route.own || ['list', 'relations available', 'bulkFindForValidation', 'countManyEntriesDraftRelations', 'clone', 'autoClone'].includes(name)) return 200;
    return 403;
  }
  return 200;
};

interface Row { route: Route; type: TypeName; role: Role; expected: Expected }
const TYPES: readonly TypeName[] = [...SUPER_ADMIN_ONLY, ...CATALOG, ...HIDDEN];
const rows: Row[] = ROUTES.flatMap((route) =>
  TYPES.flatMap((type) =>
    ROLES.filter((role) => {
      if (route.name.startsWith('relations') && !RELATION[type]) return false;
      // "Own" records exist only in the catalog, and only for roles that may create them.
      if (route.own) return is(CATALOG, type) && role !== 'Help Desk Staff';
      // On a collection type the single-type write routes act on its first record (for statuses the seeded default
      // "New"): the same document-service update or delete as the collection routes above, so not repeated where allowed.
      if (is(CATALOG, type) && route.name.startsWith('single-type ') && route.write) return role === 'Author' || role === 'Help Desk Staff';
      return true;
    }).map((role) => ({ route, type, role, expected: expected(route, type, role) })),
  ),
);
const caseName = (r: Row) => `${r.role} × ${r.type} × ${r.route.name}`;

let app: TestApp;
let secrets: string[] = [];
let ticketSubject = '';

const cm = (role: Role, method: string, path: string, body?: unknown) => request(app.baseUrl, method, path, { token: people[role].token, body });

/** A catalog record made in the Content Manager by `role` (audited like any other catalog edit). */
const catalogRecord = async (type: TypeName, role: Role): Promise<string> => {
  const res = await cm(role, 'POST', `/content-manager/collection-types/${uidOf(type)}`, createBody(type));
  if (res.status !== 201) throw new Error(`creating a ${type} as ${role} answered ${res.status}: ${res.text}`);
  return (res.body as { data: { documentId: string } }).data.documentId;
};

/**
 * The rows of `type`'s table and of its relation tables, as stored, every column; audit events by id and version only
 * (their table only grows, see below). Read straight from the tables: what the Content Manager could have changed is
 * there, and one query per table keeps a snapshot before and after each of the thousand writes cheap.
 */
const tableRows = async (type: TypeName): Promise<string> => {
  const meta = app.strapi.db.metadata.get(uidOf(type)) as { tableName: string; attributes: Record<string, { joinTable?: { name: string } }> };
  const knex = app.strapi.db.connection;
  if (type === 'audit-event') return JSON.stringify(await knex(meta.tableName).select('id', 'document_id', 'action', 'outcome', 'updated_at').orderBy('id'));
  const links = Object.values(meta.attributes).flatMap((a) => (a.joinTable ? [a.joinTable.name] : []));
  const dumps = [];
  for (const table of [meta.tableName, ...new Set(links)]) dumps.push(await knex(table).select('*').orderBy('id'));
  return JSON.stringify(dumps);
};

/** The protected tables and `type`'s. */
const snapshot = async (type: TypeName): Promise<Record<string, string>> => {
  const names = [...new Set<TypeName>([...PROTECTED, type])];
  const tables: Record<string, string> = {};
  for (const name of names) tables[name] = await tableRows(name);
  return tables;
};

interface AuditRow { id: number; action: string; actor_name: string; details: { type?: string; id?: string; edited_by?: { email: string } } | null }
const auditSince = async (id: number) =>
  (await app.strapi.db.query('plugin::helpdesk.audit-event').findMany({ where: { id: { $gt: id } }, orderBy: { id: 'asc' } })) as AuditRow[];
const lastAuditId = async () =>
  ((await app.strapi.db.query('plugin::helpdesk.audit-event').findOne({ select: ['id'], orderBy: { id: 'desc' } })) as { id: number } | null)?.id ?? 0;

const fail = (row: Row, message: string, res?: HttpResult): never => {
  throw new Error(`${caseName(row)} → ${message}${res ? `: ${res.text.slice(0, 300)}` : ''}`);
};

beforeAll(async () => {
  app = await startHelpdesk();
  const { strapi } = app;
  const owner = await registerFirstAdmin(app.baseUrl);
  people['Super Admin'] = { token: owner.token, email: owner.email, name: 'Ada Admin' };

  const submitter = await createAccount(strapi, { email: 'sam.submitter@example.com', role: 'user' });
  const staff = await createAccount(strapi, { email: 'stan.staff@example.com', role: 'staff' });
  staffAccountId = staff.documentId;
  // The staff panel user is linked to the staff account of the same email: that link is the panel-link fixture.
  const panel: Array<[Role, string, string]> = [
    ['Editor', 'eddie.editor@example.com', 'Eddie Editor'],
    ['Author', 'ann.author@example.com', 'Ann Author'],
    ['Help Desk Staff', 'stan.staff@example.com', 'Stan Staff'],
  ];
  for (const [role, email, name] of panel) {
    await createPanelUser(strapi, createPanelUserSchema.parse({ email, password: PASSWORD, role, name }));
    const login = await request<{ data: { token: string } }>(app.baseUrl, 'POST', '/admin/login', { body: { email, password: PASSWORD } });
    if (login.status !== 200) throw new Error(`admin login for ${email} answered ${login.status}: ${login.text}`);
    people[role] = { token: login.body.data.token, email, name };
  }

  // The catalog the ticket uses, made in the Content Manager as its admins make it.
  const group = await cm('Super Admin', 'POST', `/content-manager/collection-types/${uidOf('group')}`, { name: 'IT', members: { connect: [{ documentId: staff.documentId }] } });
  const category = await cm('Super Admin', 'POST', `/content-manager/collection-types/${uidOf('category')}`, {
    name: 'Hardware', default_group: { connect: [{ documentId: group.body.data.documentId }] },
  });
  expect([group.status, category.status]).toEqual([201, 201]);

  // The ticket, its public reply and its internal note, an API key and an idempotency record: through the REST API.
  const tokenOf = async (account: { email: string; password: string }) =>
    (await request<{ access_token: string }>(app.baseUrl, 'POST', '/api/auth/token', { form: { grant_type: 'password', username: account.email, password: account.password } })).body.access_token;
  const [submitterToken, staffToken] = [await tokenOf(submitter), await tokenOf(staff)];
  ticketSubject = 'Laptop will not boot after the update';
  const ticket = await request<{ data: { id: string } }>(app.baseUrl, 'POST', '/api/helpdesk/tickets', {
    token: submitterToken, headers: { 'Idempotency-Key': 'cm-table-ticket' },
    body: { subject: ticketSubject, description: 'Black screen.', category_id: category.body.data.documentId },
  });
  const publicReply = await request(app.baseUrl, 'POST', `/api/helpdesk/tickets/${ticket.body.data.id}/replies`, { token: submitterToken, body: { body: 'Still broken today.' } });
  const note = await request<{ data: { reply: { id: string } } }>(app.baseUrl, 'POST', `/api/helpdesk/tickets/${ticket.body.data.id}/replies`, {
    token: staffToken, body: { body: NOTE, is_internal: true },
  });
  const key = await request<{ data: { api_key: { id: string } } }>(app.baseUrl, 'POST', '/api/helpdesk/api-keys', { token: staffToken, body: { name: 'CI runner' } });
  expect([ticket.status, publicReply.status, note.status, key.status]).toEqual([201, 201, 201, 201]);

  const first = async (type: TypeName, select: string[]) => (await strapi.db.query(uidOf(type) as never).findOne({ select: ['documentId', ...select], orderBy: { id: 'asc' } })) as Record<string, string>;
  const [apiKey, idempotency, link, audit] = [await first('api-key', ['hash']), await first('idempotency-record', ['scope_key']), await first('panel-link', []), await first('audit-event', [])];
  Object.assign(fixtures, {
    ticket: ticket.body.data.id, reply: note.body.data.reply.id, 'audit-event': audit.documentId,
    'api-key': key.body.data.api_key.id, 'idempotency-record': idempotency.documentId, 'panel-link': link.documentId,
  });
  expect(apiKey.documentId).toBe(fixtures['api-key']);
  secrets = [apiKey.hash, idempotency.scope_key];
  expect(secrets.every((s) => /^[0-9a-f]{64}$/.test(s))).toBe(true);
}, 180_000);

afterAll(async () => {
  await app?.stop();
});

describe.each(ROLES)('%s: what the admin panel is told it may do', (role) => {
  test('its permissions (GET /admin/users/me/permissions) name the super-admin-only and hidden types for Super Admin only', async () => {
    const res = await cm(role, 'GET', '/admin/users/me/permissions');
    expect(res.status).toBe(200);
    const subjects = new Set((res.body as { data: Array<{ subject: string | null }> }).data.map((p) => p.subject));
    const named = [...SUPER_ADMIN_ONLY, ...HIDDEN].filter((t) => subjects.has(uidOf(t)));
    // A super admin holds every permission Strapi registers; the hidden types are closed to it by the 404 filter instead.
    expect(named).toEqual(role === 'Super Admin' ? [...SUPER_ADMIN_ONLY, ...HIDDEN] : []);
  });

  test('the home page\'s recent documents show no ticket, reply or audit event unless Super Admin', async () => {
    const res = await cm(role, 'GET', '/content-manager/homepage/recent-documents?action=update');
    expect(res.status).toBe(200);
    const shown = new Set((res.body as { data: Array<{ contentTypeUid: string }> }).data.map((d) => d.contentTypeUid));
    for (const type of role === 'Super Admin' ? HIDDEN : PROTECTED) expect(shown.has(uidOf(type))).toBe(false);
    expect(res.text).not.toContain(NOTE);
  });
});

test.each(rows.map((r) => [`${caseName(r)} → ${r.expected}`, r] as const))('%s', async (_, row) => {
  const { route, type, role } = row;
  const uid = uidOf(type);
  const own = route.own ? role : 'Super Admin';
  const id = route.record && is(CATALOG, type) ? await catalogRecord(type, own) : fixtures[type] ?? 'NO-RECORD';
  const target: Target = { uid, id, field: RELATION[type] ?? 'none' };
  let body = route.body?.(type, target);
  if (route.name === 'configuration update' && !is(HIDDEN, type)) {
    // Send back the stored configuration unchanged (the GET decorates list metadata with a main field the PUT refuses).
    const current = (await cm('Super Admin', 'GET', `/content-manager/content-types/${uid}/configuration`)).body as {
      data: { contentType: { settings: unknown; layouts: unknown; metadatas: Record<string, { edit: unknown; list: Record<string, unknown> }> } };
    };
    const { settings, layouts, metadatas } = current.data.contentType;
    const undecorated = Object.fromEntries(Object.entries(metadatas).map(([f, m]) => [f, { edit: m.edit, list: { ...m.list, mainField: undefined } }]));
    body = { settings, layouts, metadatas: undecorated };
  }
  const before = route.write ? await snapshot(type) : null;
  const auditMark = route.write ? await lastAuditId() : 0;

  // Strapi logs each of its own 500s (expected above) with a stack trace; keep the output for what fails.
  app.strapi.log.silent = row.expected === 500;
  const res = await cm(role, route.method, route.path(target), body).finally(() => (app.strapi.log.silent = false));
  const status = row.expected === HELPDESK ? 403 : row.expected;
  if (res.status !== status) fail(row, `expected ${row.expected}, got ${res.status}`, res);
  if (row.expected === HELPDESK && (res.body as { error?: { message?: string } })?.error?.message !== refusalMessage(uid)) fail(row, 'expected the help desk\'s refusal message', res);
  if (secrets.some((s) => res.text.includes(s))) fail(row, 'a hash is in the response');
  if (role !== 'Super Admin' && (res.text.includes(NOTE) || res.text.includes(ticketSubject))) fail(row, 'the note or the ticket is in the response');
  // The positive control for the check above: the super admin's list of replies does show the note, by design.
  if (role === 'Super Admin' && type === 'reply' && route.name === 'list' && !res.text.includes(NOTE)) fail(row, 'expected the note in the super admin\'s list');

  if (!before) return;
  const after = await snapshot(type);
  const allowed = res.status < 300;
  // Audit events are append-only: every one there before is still there, unchanged, in the same order. The log may
  // grow: a refused write is recorded (as `record.write`, once the refused request's transaction has ended).
  if (!after['audit-event'].startsWith(before['audit-event'].slice(0, -1))) fail(row, 'an existing audit event changed');
  const changed = Object.keys(before).filter((t) => t !== 'audit-event' && before[t] !== after[t]);
  const mayChange = allowed && is(CATALOG, type) ? [type] : [];
  if (changed.some((t) => !mayChange.includes(t))) fail(row, `changed ${changed.join(', ')}`);

  const added = (await auditSince(auditMark)).filter((a) => a.action !== 'record.write');
  const operation = AUDITED_AS[route.name];
  if (!allowed || !is(CATALOG, type) || !operation) {
    if (added.length > 0) fail(row, `unexpected audit events ${added.map((a) => a.action).join(', ')}`);
    return;
  }
  const who = people[role];
  const actions = [`catalog.${operation}`, ...(type === 'group' && operation === 'update' ? ['group.members'] : [])];
  for (const action of actions) {
    const event = added.find((a) => a.action === action);
    if (!event) fail(row, `no ${action} audit event (got ${added.map((a) => a.action).join(', ') || 'none'})`);
    expect({ action, actor_name: event?.actor_name, type: event?.details?.type, panel_user: event?.details?.edited_by?.email }).toEqual({
      action, actor_name: who.name, type, panel_user: who.email,
    });
    if (operation !== 'create' && event?.details?.id !== id) fail(row, `${action} names ${event?.details?.id}, not ${id}`);
  }
});

test('Content Manager permissions on tickets given back to Editor in Settings → Roles are taken away again', async () => {
  const roles = (await cm('Super Admin', 'GET', '/admin/roles')).body as { data: Array<{ id: number; code: string }> };
  const editor = roles.data.find((r) => r.code === 'strapi-editor');
  const current = (await cm('Super Admin', 'GET', `/admin/roles/${editor?.id}/permissions`)).body as {
    data: Array<{ action: string; subject: string | null; properties: unknown; conditions: string[] }>;
  };
  const permissions = [
    ...current.data.map(({ action, subject, properties, conditions }) => ({ action, subject, properties, conditions })),
    ...['read', 'update'].map((a) => ({ action: `plugin::content-manager.explorer.${a}`, subject: uidOf('ticket'), properties: { fields: ['subject', 'description'] }, conditions: [] })),
  ];
  expect((await cm('Super Admin', 'PUT', `/admin/roles/${editor?.id}/permissions`, { permissions })).status).toBe(200);

  const list = await cm('Editor', 'GET', `/content-manager/collection-types/${uidOf('ticket')}`);
  expect(list.status).toBe(403);
  expect(list.text).not.toContain(ticketSubject);
  const mine = (await cm('Editor', 'GET', '/admin/users/me/permissions')).body as { data: Array<{ subject: string | null }> };
  expect(mine.data.filter((p) => p.subject === uidOf('ticket'))).toEqual([]);
});
