import path from 'path';
import { createStrapi, type Core } from '@strapi/strapi';
import { APP_DIR } from './database';
import { readDatasetMarker, seedDataset, type Dataset } from './seed';

/** Everything the load runs need: the dataset's fixed targets and a credential per caller. */
export interface Fixture {
  dataset: Dataset;
  /** Help-desk API keys (`ohd_sk_…`) of the bench's user, staff member and admin. */
  keys: { user: string; staff: string; admin: string };
  /** What the stock content API and Strapi's own MCP server need to list the same tickets as the staff member. */
  staffScope: { userDocumentId: string; groupDocumentIds: string[] };
  /** Status ids of open work (not resolved or closed), and of one status for the filter rows. */
  openStatusDocumentIds: string[];
  statusFilter: { name: string; documentId: string };
  /** A Strapi content-API token (read-only) and an admin token (Strapi's MCP server), made per run. */
  strapiTokens: { contentApi: string; admin: string };
  /** Row ids above which everything was written by this run, so cleanup can remove it. */
  highWater: Record<string, number>;
  threadTicketActivity: unknown;
  replyTicketActivity: unknown;
}

const BENCH_KEY_PREFIX = 'bench ';
const ADMIN_EMAIL = 'bench-admin@bench.local';

/**
 * Creates the app in this process (no HTTP server) on the database of `env`, not loaded yet. Strapi's SIGINT and
 * SIGTERM handler (destroy, then exit) is in place from here on.
 */
export const createApp = (env: Record<string, string>): Core.Strapi => {
  Object.assign(process.env, env);
  process.env.ENV_PATH ??= path.join(APP_DIR, '.env');
  const strapi = createStrapi({ appDir: APP_DIR, distDir: path.join(APP_DIR, 'dist') });
  strapi.log.level = 'error';
  return strapi;
};

/** Loads the app in this process (no HTTP server) on the bench database. */
export const loadApp = async (env: Record<string, string>): Promise<Core.Strapi> => {
  const strapi = createApp(env);
  await strapi.load();
  return strapi;
};

/** An API key (`ohd_sk_…`) for the account with this row id, made through the help desk's own service. */
export const mintApiKey = async (
  strapi: Core.Strapi,
  internalId: number,
  options: { name: string; readOnly?: boolean },
): Promise<{ key: string; id: string }> => {
  const helpdesk = strapi.plugin('helpdesk');
  const actor = await helpdesk
    .service('actors')
    .actorFor({ id: internalId }, { credential: { kind: 'cli', id: null, name: 'bench' }, channel: 'cli', readOnly: false });
  if (!actor) throw new Error(`no account with row id ${internalId}`);
  const created = (await helpdesk
    .service('credentials')
    .createKey(actor, { name: options.name, read_only: options.readOnly ?? false, expires_at: null })) as { key: string; api_key: { id: string } };
  return { key: created.key, id: created.api_key.id };
};

/** Seeds the dataset unless this database already holds one of the same size and version. */
export const ensureDataset = async (
  strapi: Core.Strapi,
  tickets: number,
  log: (message: string) => void,
): Promise<{ dataset: Dataset; seeded: boolean }> => {
  const existing = await readDatasetMarker(strapi);
  if (existing && existing.tickets === tickets) return { dataset: existing, seeded: false };
  const present = await strapi.db.query('plugin::helpdesk.ticket').count({});
  if (present > 0) {
    throw new Error(`the bench database already holds ${present} tickets but no complete bench dataset; run again with --reseed`);
  }
  return { dataset: await seedDataset(strapi, { tickets, log }), seeded: true };
};

const TABLES_WRITTEN = ['helpdesk_tickets', 'helpdesk_replies', 'helpdesk_audit_events', 'helpdesk_idempotency_records'];

/** Fresh credentials for this run (old bench credentials are removed first), and the ids the rows need. */
export const prepareFixture = async (strapi: Core.Strapi, dataset: Dataset): Promise<Fixture> => {
  // Keys have no delete in the help desk (only revoke), and its write path refuses any other writer: the bench, like
  // its seed, clears its own fixtures below Strapi, in SQL.
  const keysTable = strapi.db.metadata.get('plugin::helpdesk.api-key').tableName;
  const oldKeys = (await strapi.db.connection(keysTable).where('name', 'like', `${BENCH_KEY_PREFIX}%`).select('id')) as Array<{ id: number }>;
  const ownerLink = (strapi.db.metadata.get('plugin::helpdesk.api-key').attributes.owner as { joinTable?: { name: string; joinColumn: { name: string } } }).joinTable;
  if (oldKeys.length > 0) {
    const ids = oldKeys.map((k) => k.id);
    if (ownerLink) await strapi.db.connection(ownerLink.name).whereIn(ownerLink.joinColumn.name, ids).delete();
    await strapi.db.connection(keysTable).whereIn('id', ids).delete();
  }
  const keyFor = async (internalId: number, role: string): Promise<string> => (await mintApiKey(strapi, internalId, { name: `${BENCH_KEY_PREFIX}${role}` })).key;
  const keys = {
    user: await keyFor(dataset.actors.user, 'user'),
    staff: await keyFor(dataset.actors.staff, 'staff'),
    admin: await keyFor(dataset.actors.admin, 'admin'),
  };

  const staff = (await strapi.db.query('plugin::users-permissions.user').findOne({ where: { id: dataset.actors.staff }, select: ['documentId'] })) as {
    documentId: string;
  };
  const groups = (await strapi.db.query('plugin::helpdesk.group').findMany({
    where: { members: { id: dataset.actors.staff } },
    select: ['documentId'],
  })) as Array<{ documentId: string }>;
  const statuses = (await strapi.db.query('plugin::helpdesk.status').findMany({ select: ['documentId', 'name', 'kind'] })) as Array<{
    documentId: string;
    name: string;
    kind: string;
  }>;
  const waiting = statuses.find((s) => s.kind === 'pending') ?? statuses[0];
  if (!waiting) throw new Error('no statuses');

  const highWater: Record<string, number> = {};
  for (const table of TABLES_WRITTEN) {
    const row = (await strapi.db.connection(table).max({ max: 'id' }).first()) as { max: number | string | null } | undefined;
    highWater[table] = Number(row?.max ?? 0);
  }
  const activity = async (id: number) =>
    ((await strapi.db.connection('helpdesk_tickets').where({ id }).first('last_activity_at')) as { last_activity_at: unknown }).last_activity_at;

  return {
    dataset,
    keys,
    staffScope: { userDocumentId: staff.documentId, groupDocumentIds: groups.map((g) => g.documentId) },
    openStatusDocumentIds: statuses.filter((s) => ['new', 'open', 'pending'].includes(s.kind)).map((s) => s.documentId),
    statusFilter: { name: waiting.name, documentId: waiting.documentId },
    strapiTokens: await strapiTokens(strapi),
    highWater,
    threadTicketActivity: await activity(dataset.threadTicket.id),
    replyTicketActivity: await activity(dataset.replyTicket.id),
  };
};

/**
 * The peers' credentials, made the way an administrator would in the panel: a read-only content-API token, and an
 * admin token (Strapi's MCP server takes only those) owned by a super admin and allowed to read the ticket and
 * every type the ticket relates to.
 */
const strapiTokens = async (strapi: Core.Strapi): Promise<{ contentApi: string; admin: string }> => {
  const services = (strapi as unknown as { admin: { services: Record<string, any> } }).admin.services;
  const contentTokens = services['api-token-content-api'] ?? services['api-token'];
  const adminTokens = services['api-token-admin'];
  const old = (await strapi.db.query('admin::api-token').findMany({
    where: { name: { $startsWith: BENCH_KEY_PREFIX } },
    select: ['id', 'kind'],
  })) as Array<{ id: number; kind: string | null }>;
  for (const token of old) await (token.kind === 'admin' ? adminTokens : contentTokens).revoke(token.id);
  const superAdmin = await services.role.getSuperAdmin();
  let admin = await strapi.db.query('admin::user').findOne({ where: { email: ADMIN_EMAIL }, populate: ['roles'] });
  if (!admin) {
    admin = await services.user.create({
      email: ADMIN_EMAIL,
      firstname: 'Bench',
      lastname: 'Admin',
      password: 'Bench-password-1',
      isActive: true,
      registrationToken: null,
      roles: [superAdmin.id],
    });
    admin = await strapi.db.query('admin::user').findOne({ where: { id: admin.id }, populate: ['roles'] });
  }
  const contentApi = await contentTokens.create({ name: `${BENCH_KEY_PREFIX}content api`, type: 'read-only', lifespan: null, kind: 'content-api' });
  const readable = [
    'plugin::helpdesk.ticket',
    'plugin::helpdesk.status',
    'plugin::helpdesk.category',
    'plugin::helpdesk.type',
    'plugin::helpdesk.item',
    'plugin::helpdesk.group',
    'plugin::users-permissions.user',
  ];
  const adminToken = await adminTokens.create(
    {
      name: `${BENCH_KEY_PREFIX}mcp`,
      description: 'Strapi MCP peer of the help-desk benchmark',
      lifespan: null,
      adminPermissions: readable.map((subject) => ({ action: 'plugin::content-manager.explorer.read', subject, properties: {}, conditions: [] })),
    },
    admin,
  );
  return { contentApi: contentApi.accessKey as string, admin: adminToken.accessKey as string };
};

/** Removes what the run wrote (created tickets, replies, audit rows), so the next run starts from the same data. */
export const cleanupRun = async (strapi: Core.Strapi, fixture: Fixture): Promise<number> => {
  const knex = strapi.db.connection;
  const meta = (uid: string) => strapi.db.metadata.get(uid) as unknown as { attributes: Record<string, { joinTable?: { name: string; joinColumn: { name: string } } }> };
  let removed = 0;
  await knex.transaction(async (trx) => {
    const joinTablesOf = (uid: string) =>
      Object.values(meta(uid).attributes)
        .map((a) => a.joinTable)
        .filter((j): j is { name: string; joinColumn: { name: string } } => Boolean(j));
    for (const [uid, table] of [
      ['plugin::helpdesk.reply', 'helpdesk_replies'],
      ['plugin::helpdesk.ticket', 'helpdesk_tickets'],
    ] as const) {
      const mark = fixture.highWater[table] ?? 0;
      for (const join of joinTablesOf(uid)) await trx(join.name).where(join.joinColumn.name, '>', mark).delete();
      removed += await trx(table).where('id', '>', mark).delete();
    }
    // Replies created on old tickets are linked through the reply side; both sides are covered above. Linked tickets'
    // inverse side holds ticket ids too.
    const linked = (meta('plugin::helpdesk.ticket').attributes.linked_tickets?.joinTable as unknown as { name: string; inverseJoinColumn: { name: string } } | undefined);
    if (linked) await trx(linked.name).where(linked.inverseJoinColumn.name, '>', fixture.highWater.helpdesk_tickets ?? 0).delete();
    for (const table of ['helpdesk_audit_events', 'helpdesk_idempotency_records']) {
      removed += await trx(table).where('id', '>', fixture.highWater[table] ?? 0).delete();
    }
    await trx('helpdesk_tickets').where({ id: fixture.dataset.threadTicket.id }).update({ last_activity_at: fixture.threadTicketActivity });
    await trx('helpdesk_tickets').where({ id: fixture.dataset.replyTicket.id }).update({ last_activity_at: fixture.replyTicketActivity });
  });
  return removed;
};
