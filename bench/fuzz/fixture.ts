import type { Core } from '@strapi/strapi';
import type { RoleKeys } from '../fresh-help-desk';
import { mintApiKey } from '../prepare';
import type { Dataset } from '../seed';
import { fingerprintSpec, type FingerprintSpec } from './fingerprint';

/** Everything the seeds need to write valid requests, read from the freshly seeded help desk. */
export interface FuzzFixture {
  keys: RoleKeys & {
    /** A read-only key of the staff member. */
    readOnly: string;
    /** A key that was revoked: well formed, refused. */
    revoked: string;
  };
  /** Keys made only to be revoked by `DELETE /api-keys/:id` (the fuzzer's own keys are never offered). */
  victimKeyIds: Record<keyof RoleKeys, string[]>;
  tickets: {
    /** Submitted by the user (also in the staff member's group). */
    own: string[];
    /** In the staff member's group, submitted by others. */
    staffScope: string[];
    /** Outside both scopes. */
    elsewhere: string[];
  };
  /** Canned responses: shared with everyone and with the staff member's group, and private to the staff member and the admin. */
  cannedResponses: string[];
  /** Canned responses made only to be deleted by `DELETE /canned-responses/:id` (the staff member's, shared with everyone). */
  cannedVictims: string[];
  statuses: Array<{ id: string; name: string }>;
  categories: Array<{ id: string; name: string; items: string[] }>;
  types: string[];
  /** Tag names, as tag_ticket and the `tag` filter take them. */
  tags: string[];
  groups: string[];
  staffUsers: string[];
  users: string[];
  /** A password-grant login (every seeded account has the same password). */
  login: { username: string; password: string };
  /** Every REST route of the help desk, to check each has a seed. */
  restRoutes: string[];
  fingerprint: FingerprintSpec;
}

type Row = { id: number; documentId: string };

const ticketIds = async (strapi: Core.Strapi, where: Record<string, unknown>, limit: number): Promise<string[]> =>
  ((await strapi.db.query('plugin::helpdesk.ticket').findMany({ where, select: ['documentId'], limit, orderBy: { id: 'desc' } })) as Row[]).map(
    (r) => r.documentId,
  );

export const prepareFuzzFixture = async (strapi: Core.Strapi, { dataset, keys }: { dataset: Dataset; keys: RoleKeys }): Promise<FuzzFixture> => {
  const { actors } = dataset;
  const readOnly = (await mintApiKey(strapi, actors.staff, { name: 'fuzz staff read-only', readOnly: true })).key;
  const revokedKey = await mintApiKey(strapi, actors.user, { name: 'fuzz revoked' });
  const admin = await strapi
    .plugin('helpdesk')
    .service('actors')
    .actorFor({ id: actors.admin }, { credential: { kind: 'cli', id: null, name: 'fuzz' }, channel: 'cli', readOnly: false });
  await strapi.plugin('helpdesk').service('credentials').revokeKey(admin, revokedKey.id);

  const actorOf = (id: number) =>
    strapi.plugin('helpdesk').service('actors').actorFor({ id }, { credential: { kind: 'cli', id: null, name: 'fuzz' }, channel: 'cli', readOnly: false });
  const canned = async (id: number, input: Record<string, unknown>): Promise<string> =>
    (await strapi.plugin('helpdesk').service('canned-responses').create(await actorOf(id), { body: 'Hello {{submitter.name}}, about {{ticket.subject}}.', group_id: null, ...input })).id;

  const victims = async (internalId: number, role: string) => {
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) ids.push((await mintApiKey(strapi, internalId, { name: `fuzz victim ${role} ${i}` })).id);
    return ids;
  };

  const staffGroups = (await strapi.db.query('plugin::helpdesk.group').findMany({
    where: { members: { id: actors.staff } },
    select: ['id'],
  })) as Row[];
  const groupIds = staffGroups.map((g) => g.id);
  const users = (await strapi.db.query('plugin::users-permissions.user').findMany({
    select: ['id', 'documentId', 'email'],
    populate: { role: { select: ['type'] } },
  })) as Array<Row & { email: string; role: { type: string } | null }>;
  const userAccount = users.find((u) => u.id === actors.user);
  if (!userAccount) throw new Error('fuzz fixture: the seeded user is missing');

  const staffGroupIds = (await strapi.db.query('plugin::helpdesk.group').findMany({ where: { id: { $in: groupIds } }, select: ['documentId'] })) as Row[];
  const cannedResponses = [
    await canned(actors.staff, { title: 'Fuzz: everyone', visibility: 'everyone' }),
    ...(staffGroupIds[0] ? [await canned(actors.staff, { title: 'Fuzz: group', visibility: 'group', group_id: staffGroupIds[0].documentId })] : []),
    await canned(actors.staff, { title: 'Fuzz: staff private', visibility: 'private' }),
    await canned(actors.admin, { title: 'Fuzz: admin private', visibility: 'private' }),
  ];
  const cannedVictims: string[] = [];
  for (let i = 0; i < 6; i += 1) cannedVictims.push(await canned(actors.staff, { title: `Fuzz victim ${i}`, visibility: 'everyone' }));

  const statuses = (await strapi.db.query('plugin::helpdesk.status').findMany({ select: ['documentId', 'name'], orderBy: { sort_order: 'asc' } })) as Array<
    Row & { name: string }
  >;
  const categories = (await strapi.db.query('plugin::helpdesk.category').findMany({
    select: ['documentId', 'name'],
    populate: { items: { select: ['documentId'] } },
  })) as Array<Row & { name: string; items: Row[] }>;
  const documentIds = async (uid: string) => ((await strapi.db.query(uid as 'plugin::helpdesk.type').findMany({ select: ['documentId'] })) as Row[]).map((r) => r.documentId);

  const routes = (strapi.plugin('helpdesk').routes as Record<string, { routes: Array<{ method: string; path: string }> }>)['content-api']?.routes ?? [];
  return {
    keys: { ...keys, readOnly, revoked: revokedKey.key },
    victimKeyIds: { user: await victims(actors.user, 'user'), staff: await victims(actors.staff, 'staff'), admin: await victims(actors.admin, 'admin') },
    tickets: {
      own: await ticketIds(strapi, { submitter: { id: actors.user } }, 8),
      staffScope: await ticketIds(strapi, { group: { id: { $in: groupIds } }, submitter: { id: { $ne: actors.user } } }, 8),
      elsewhere: await ticketIds(strapi, { group: { id: { $notIn: groupIds } }, submitter: { id: { $ne: actors.user } } }, 8),
    },
    cannedResponses,
    cannedVictims,
    statuses: statuses.map((s) => ({ id: s.documentId, name: s.name })),
    categories: categories.map((c) => ({ id: c.documentId, name: c.name, items: c.items.map((i) => i.documentId) })),
    types: await documentIds('plugin::helpdesk.type'),
    tags: dataset.tags.map((t) => t.name),
    groups: await documentIds('plugin::helpdesk.group'),
    staffUsers: users.filter((u) => u.role?.type === 'staff' || u.role?.type === 'admin').map((u) => u.documentId),
    users: users.filter((u) => u.role?.type === 'authenticated').map((u) => u.documentId),
    login: { username: userAccount.email, password: 'bench-password' },
    restRoutes: routes.map((r) => `${r.method} ${r.path}`),
    fingerprint: fingerprintSpec(strapi),
  };
};
