import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import { encodeTime } from 'ulid';
import { createBulkWriter, type Row } from './bulk-writer';
import { ensureTicketTextIndex } from '../src/plugins/helpdesk/server/src/database/ticket-text-index';
import { ensureTicketWordIndex } from '../src/plugins/helpdesk/server/src/database/ticket-word-index';
import { WALL_CLOCK } from '../src/plugins/helpdesk/server/src/service-levels/business-time';
import {
  afterFirstResponse,
  afterStatusChange,
  indexedOf,
  startClocks,
  SLA_INDEXED_COLUMNS,
  SLA_TIME_COLUMNS,
  type SlaTimes,
} from '../src/plugins/helpdesk/server/src/service-levels/clocks';
import { DEFAULT_SERVICE_LEVELS, type Priority } from '../src/plugins/helpdesk/server/src/service-levels/policy';

/**
 * A help desk of any size, written in bulk (prepared statements / multi-row inserts, one transaction per batch)
 * rather than one document-service call per row, yet exactly what the app would have written: ULID document ids,
 * published_at set, every relation in Strapi's join table with its order columns, statuses and groups that exist,
 * and an audit row for every ticket's creation. Table and column names come from Strapi's metadata.
 */

export const DATASET_VERSION = 4;

export interface SeedOptions {
  tickets: number;
  users?: number;
  staff?: number;
  groups?: number;
  /** Seed of the pseudo-random generator, so two datasets of one size are the same shape. */
  seed?: number;
  log?: (message: string) => void;
}

export interface Dataset {
  version: number;
  tickets: number;
  replies: number;
  users: number;
  staff: number;
  groups: number;
  seededAt: string;
  seconds: number;
  /** Internal ids (row ids) of the bench's actors. */
  actors: { user: number; staff: number; admin: number };
  /** A ticket with exactly 20 replies, in the staff actor's group, submitted by the user actor. */
  threadTicket: { id: number; documentId: string };
  /** An open ticket in the same scope, the target of reply_to_ticket. */
  replyTicket: { id: number; documentId: string };
  /** A category for create_ticket (its default group is the staff actor's). */
  category: { id: number; documentId: string; name: string };
  /** A word that occurs in about 1% of subjects, for the `q` search. */
  searchWord: string;
  /** The tags, from common to rare, each with its row id and the share of tickets carrying it. */
  tags: Array<{ id: number; name: string; share: number }>;
}

const STORE = { type: 'plugin', name: 'helpdesk-bench' } as const;
const STORE_KEY = 'dataset';

export const readDatasetMarker = async (strapi: Core.Strapi): Promise<Dataset | null> => {
  const value = (await strapi.store(STORE).get({ key: STORE_KEY })) as Dataset | null;
  return value && value.version === DATASET_VERSION ? value : null;
};

const writeDatasetMarker = (strapi: Core.Strapi, dataset: Dataset) => strapi.store(STORE).set({ key: STORE_KEY, value: dataset });

// ---- deterministic randomness -------------------------------------------------------------------------------

const mulberry32 = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
let entropy = Buffer.alloc(0);
let entropyAt = 0;
/** A ULID for the given time: 48-bit time, 80 bits from the CSPRNG (drawn in large blocks: millions are needed). */
const ulidAt = (time: number): string => {
  if (entropyAt + 16 > entropy.length) {
    entropy = crypto.randomBytes(1 << 16);
    entropyAt = 0;
  }
  let random = '';
  for (let i = 0; i < 16; i += 1) random += CROCKFORD[(entropy[entropyAt + i] as number) & 31];
  entropyAt += 16;
  return encodeTime(time, 10) + random;
};

// ---- metadata ---------------------------------------------------------------------------------------------------

interface JoinTableMeta {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
  orderColumnName?: string;
  inverseOrderColumnName?: string;
}
interface ModelMeta {
  tableName: string;
  attributes: Record<string, { columnName?: string; joinTable?: JoinTableMeta }>;
}

const modelOf = (strapi: Core.Strapi, uid: string): ModelMeta => strapi.db.metadata.get(uid) as unknown as ModelMeta;

/** Column names of a model's scalar attributes (attribute name → column). */
const columnsOf = (model: ModelMeta, attributes: string[]): string[] =>
  attributes.map((name) => {
    const column = model.attributes[name]?.columnName;
    if (!column) throw new Error(`bench seed: no column for attribute ${name} of ${model.tableName}`);
    return column;
  });

/** A relation's join table: rows are [ownerId, relatedId] plus its order columns when it has them. */
class Link {
  readonly table: string;
  readonly columns: string[];
  private readonly inverseCounters = new Map<number, number>();
  private readonly hasOrder: boolean;
  private readonly hasInverseOrder: boolean;
  readonly rows: Row[] = [];

  constructor(model: ModelMeta, attribute: string) {
    const joinTable = model.attributes[attribute]?.joinTable;
    if (!joinTable) throw new Error(`bench seed: ${model.tableName}.${attribute} has no join table`);
    this.table = joinTable.name;
    this.hasOrder = Boolean(joinTable.orderColumnName);
    this.hasInverseOrder = Boolean(joinTable.inverseOrderColumnName);
    this.columns = [joinTable.joinColumn.name, joinTable.inverseJoinColumn.name];
    if (joinTable.orderColumnName) this.columns.push(joinTable.orderColumnName);
    if (joinTable.inverseOrderColumnName) this.columns.push(joinTable.inverseOrderColumnName);
  }

  /** `order`: the related record's position in the owner's list (1-based); the inverse position is counted here. */
  add(ownerId: number, relatedId: number, order = 1): void {
    const row: Row = [ownerId, relatedId];
    if (this.hasOrder) row.push(order);
    if (this.hasInverseOrder) {
      const next = (this.inverseCounters.get(relatedId) ?? 0) + 1;
      this.inverseCounters.set(relatedId, next);
      row.push(next);
    }
    this.rows.push(row);
  }

  async flush(insert: (table: string, columns: string[], rows: Row[]) => Promise<void>): Promise<void> {
    if (this.rows.length > 0) await insert(this.table, this.columns, this.rows);
    this.rows.length = 0;
  }
}

// ---- content ----------------------------------------------------------------------------------------------------

const GROUPS = ['IT Service Desk', 'Network Team', 'Facilities', 'People Team', 'Payroll', 'Security', 'Applications', 'Field Support', 'Procurement', 'Data Team'];
const CATEGORIES: Array<[name: string, items: string[]]> = [
  ['Hardware', ['Laptop', 'Monitor', 'Docking station']],
  ['Network', ['Wi-Fi', 'VPN', 'Office LAN']],
  ['Building', ['Heating', 'Lighting', 'Access badge']],
  ['HR', ['Onboarding', 'Leave', 'Benefits']],
  ['Pay', ['Payslip', 'Expenses', 'Bonus']],
  ['Security', ['Phishing', 'Lost device', 'Access review']],
  ['Software', ['Email', 'Office suite', 'CRM']],
  ['Desk moves', ['New desk', 'Phone', 'Printer']],
  ['Purchasing', ['Quote', 'Order', 'Invoice']],
  ['Reports', ['Dashboard', 'Export', 'Data access']],
];
const TYPES = ['Question', 'Incident', 'Problem', 'Task'];
const PRIORITIES = ['Critical', 'High', 'Medium', 'Low'];
const PRIORITY_WEIGHTS = [0.05, 0.2, 0.5, 0.25];
/** Status name → share of tickets. About a third of tickets are open work. */
const STATUS_WEIGHTS: Array<[string, number]> = [
  ['New', 0.1],
  ['In Progress', 0.15],
  ['Waiting on Customer', 0.1],
  ['Resolved', 0.25],
  ['Closed', 0.4],
];
const SEARCH_WORD = 'kerberos';
/** Tag name → share of tickets carrying it: one on many tickets, a few on some, one on very few. */
const TAG_SHARES: Array<[string, number]> = [
  ['Follow-up (bench)', 0.2],
  ['VIP (bench)', 0.05],
  ['Hardware fault (bench)', 0.03],
  ['Legal hold (bench)', 0.002],
];
const VERBS = ['fails', 'is slow', 'stopped working', 'shows an error', 'needs a change', 'keeps restarting', 'will not start', 'asks for a password'];
const WORDS = 'after the update this morning nothing happens when I click the button and the screen stays blank please help colleagues see the same problem since monday we tried restarting it twice already'.split(' ');

const pick = <T>(rand: () => number, list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
const weighted = <T>(rand: () => number, list: readonly T[], weights: readonly number[]): T => {
  let r = rand();
  for (let i = 0; i < list.length; i += 1) {
    r -= weights[i] as number;
    if (r < 0) return list[i] as T;
  }
  return list[list.length - 1] as T;
};
const sentence = (rand: () => number, words: number): string =>
  Array.from({ length: words }, () => pick(rand, WORDS)).join(' ');

const DAY = 86_400_000;

/**
 * A ticket's service-level clocks as the app would have left them (default policy, wall clock): started at creation,
 * met by the first staff reply, held from the status change that paused or stopped them, and every breach that came
 * due already on record (so a sweep at start has nothing to catch up).
 */
const seededClocks = (priority: Priority, kind: string, created: number, firstStaffReply: number | null, lastActivity: number, now: number): Row => {
  let times: SlaTimes = startClocks(DEFAULT_SERVICE_LEVELS, WALL_CLOCK, priority, new Date(created));
  if (firstStaffReply !== null) times = afterFirstResponse(times, new Date(firstStaffReply));
  if (kind !== 'new' && kind !== 'open') times = afterStatusChange(times, kind as 'pending' | 'resolved' | 'closed', new Date(lastActivity), WALL_CLOCK);
  const recordedBy = (due: Date | null, metAt: Date | null) =>
    due && due.getTime() <= Math.min(now, metAt?.getTime() ?? now) ? due : null;
  times.first_response_breach_recorded_at = recordedBy(times.first_response_due_at, times.first_responded_at ?? times.first_response_held_at);
  times.resolution_breach_recorded_at = recordedBy(times.resolution_due_at, times.resolution_held_at);
  const indexed = indexedOf(times);
  return [...SLA_TIME_COLUMNS.map((c) => times[c]), ...SLA_INDEXED_COLUMNS.map((c) => indexed[c])];
};

// ---- the seed ---------------------------------------------------------------------------------------------------

const nextId = async (strapi: Core.Strapi, table: string): Promise<number> => {
  const row = (await strapi.db.connection(table).max({ max: 'id' }).first()) as { max: number | string | null } | undefined;
  return Number(row?.max ?? 0) + 1;
};

/** PostgreSQL: explicit ids leave the sequences behind; move them past the rows written. */
const syncSequences = async (strapi: Core.Strapi, tables: string[]): Promise<void> => {
  if (strapi.db.dialect.client !== 'postgres') return;
  for (const table of tables) {
    await strapi.db.connection.raw(
      `SELECT setval(pg_get_serial_sequence(?, 'id'), GREATEST((SELECT COALESCE(MAX(id), 0) FROM ??), 1))`,
      [table, table],
    );
  }
};

export const seedDataset = async (strapi: Core.Strapi, options: SeedOptions): Promise<Dataset> => {
  const started = Date.now();
  const log = options.log ?? (() => undefined);
  const rand = mulberry32(options.seed ?? 7);
  const userCount = options.users ?? 1000;
  const staffCount = options.staff ?? 30;
  const groupCount = Math.min(options.groups ?? 10, GROUPS.length);
  const ticketCount = options.tickets;
  if (ticketCount < 10) throw new Error('bench seed: at least 10 tickets');

  const knex = strapi.db.connection;
  const M = {
    user: modelOf(strapi, 'plugin::users-permissions.user'),
    group: modelOf(strapi, 'plugin::helpdesk.group'),
    category: modelOf(strapi, 'plugin::helpdesk.category'),
    item: modelOf(strapi, 'plugin::helpdesk.item'),
    type: modelOf(strapi, 'plugin::helpdesk.type'),
    tag: modelOf(strapi, 'plugin::helpdesk.tag'),
    ticket: modelOf(strapi, 'plugin::helpdesk.ticket'),
    reply: modelOf(strapi, 'plugin::helpdesk.reply'),
    audit: modelOf(strapi, 'plugin::helpdesk.audit-event'),
  };
  const now = Date.now();
  // Row ids are chosen here (writes use explicit ids, so join rows need no read-back); on SQLite the writer then
  // holds the one connection until it is closed, so every read comes first.
  const ids = {
    user: await nextId(strapi, M.user.tableName),
    group: await nextId(strapi, M.group.tableName),
    category: await nextId(strapi, M.category.tableName),
    item: await nextId(strapi, M.item.tableName),
    type: await nextId(strapi, M.type.tableName),
    tag: await nextId(strapi, M.tag.tableName),
    ticket: await nextId(strapi, M.ticket.tableName),
    reply: await nextId(strapi, M.reply.tableName),
  };
  {
    // Statuses are the app's own (bootstrap seeds them); roles too.
    const statuses = (await knex(modelOf(strapi, 'plugin::helpdesk.status').tableName).select('id', 'document_id', 'name', 'kind')) as Array<{
      id: number;
      document_id: string;
      name: string;
      kind: string;
    }>;
    const statusByName = new Map(statuses.map((s) => [s.name, s]));
    for (const [name] of STATUS_WEIGHTS) if (!statusByName.has(name)) throw new Error(`bench seed: status "${name}" is missing`);
    const roles = (await knex(modelOf(strapi, 'plugin::users-permissions.role').tableName).select('id', 'type')) as Array<{ id: number; type: string }>;
    const roleId = (type: string) => {
      const role = roles.find((r) => r.type === type);
      if (!role) throw new Error(`bench seed: users-permissions role "${type}" is missing`);
      return role.id;
    };

    // One bcrypt hash for every account (hashing 1,000 passwords would take longer than the rest of the seed).
    const bcrypt = require('bcryptjs') as { hashSync(password: string, rounds: number): string };
    const passwordHash = bcrypt.hashSync('bench-password', 10);
    const writer = await createBulkWriter(strapi);
    let closed = false;
    const closeWriter = async () => {
      if (!closed) await writer.close();
      closed = true;
    };
    try {

    // ---- people, groups, catalog ----
    const people = { users: [] as number[], staff: [] as number[], admin: 0 };
    const userDocIds = new Map<number, string>();
    let userId = ids.user;
    const roleLink = new Link(M.user, 'role');
    const userRows: Row[] = [];
    const addUser = (name: string, role: string): number => {
      const id = userId++;
      const documentId = ulidAt(now - 400 * DAY);
      userDocIds.set(id, documentId);
      const at = new Date(now - 400 * DAY);
      userRows.push([id, documentId, name, `${name}@bench.local`, 'local', passwordHash, true, false, at, at, at]);
      roleLink.add(id, roleId(role));
      return id;
    };
    for (let i = 1; i <= userCount; i += 1) people.users.push(addUser(`bench-user-${String(i).padStart(4, '0')}`, 'authenticated'));
    for (let i = 1; i <= staffCount; i += 1) people.staff.push(addUser(`bench-staff-${String(i).padStart(2, '0')}`, 'staff'));
    people.admin = addUser('bench-admin', 'admin');

    const groupIds: number[] = [];
    const groupMembers = new Map<number, number[]>();
    const categoryRows: Row[] = [];
    const categories: Array<{ id: number; documentId: string; name: string; group: number; items: number[] }> = [];
    const typeIds: number[] = [];
    const tags: Dataset['tags'] = [];
    // Tags draw from their own sequence, so the rest of the dataset is what it was before tags existed.
    const tagRand = mulberry32((options.seed ?? 7) + 1);
    await writer.batch(async (insert) => {
      await insert(
        M.user.tableName,
        columnsOf(M.user, ['id', 'documentId', 'username', 'email', 'provider', 'password', 'confirmed', 'blocked', 'createdAt', 'updatedAt', 'publishedAt']),
        userRows,
      );
      await roleLink.flush(insert);

      const at = new Date(now - 400 * DAY);
      let groupId = ids.group;
      const members = new Link(M.group, 'members');
      const groupRows: Row[] = [];
      for (let g = 0; g < groupCount; g += 1) {
        const id = groupId++;
        groupIds.push(id);
        groupRows.push([id, ulidAt(at.getTime()), `${GROUPS[g]} (bench)`, at, at, at]);
        const staff = people.staff.filter((_, i) => i % groupCount === g);
        groupMembers.set(id, staff);
        staff.forEach((member, position) => members.add(id, member, position + 1));
      }
      await insert(M.group.tableName, columnsOf(M.group, ['id', 'documentId', 'name', 'createdAt', 'updatedAt', 'publishedAt']), groupRows);
      await members.flush(insert);

      let categoryId = ids.category;
      let itemId = ids.item;
      const defaultGroup = new Link(M.category, 'default_group');
      const itemCategory = new Link(M.item, 'category');
      const itemRows: Row[] = [];
      CATEGORIES.forEach(([name, items], c) => {
        const id = categoryId++;
        const group = groupIds[c % groupIds.length] as number;
        const documentId = ulidAt(at.getTime());
        categoryRows.push([id, documentId, `${name} (bench)`, `Requests about ${name.toLowerCase()}`, at, at, at]);
        defaultGroup.add(id, group);
        const ids: number[] = [];
        for (const item of items) {
          const iid = itemId++;
          ids.push(iid);
          itemRows.push([iid, ulidAt(at.getTime()), item, `${item} (${name})`, at, at, at]);
          itemCategory.add(iid, id);
        }
        categories.push({ id, documentId, name: `${name} (bench)`, group, items: ids });
      });
      await insert(M.category.tableName, columnsOf(M.category, ['id', 'documentId', 'name', 'description', 'createdAt', 'updatedAt', 'publishedAt']), categoryRows);
      await defaultGroup.flush(insert);
      await insert(M.item.tableName, columnsOf(M.item, ['id', 'documentId', 'name', 'description', 'createdAt', 'updatedAt', 'publishedAt']), itemRows);
      await itemCategory.flush(insert);

      let typeId = ids.type;
      const typeRows: Row[] = TYPES.map((name) => {
        const id = typeId++;
        typeIds.push(id);
        return [id, ulidAt(at.getTime()), `${name} (bench)`, `${name} requests`, at, at, at];
      });
      await insert(M.type.tableName, columnsOf(M.type, ['id', 'documentId', 'name', 'description', 'createdAt', 'updatedAt', 'publishedAt']), typeRows);

      const tagRows: Row[] = TAG_SHARES.map(([name, share], t) => {
        const id = ids.tag + t;
        tags.push({ id, name, share });
        return [id, ulidAt(at.getTime()), name, `On about ${share * 100}% of the bench tickets`, at, at, at];
      });
      await insert(M.tag.tableName, columnsOf(M.tag, ['id', 'documentId', 'name', 'description', 'createdAt', 'updatedAt', 'publishedAt']), tagRows);
    });
    log(`  ${userRows.length} accounts, ${groupIds.length} groups, ${categories.length} categories, ${TYPES.length} types`);

    // ---- tickets, replies, audit ----
    const ticketCols = columnsOf(M.ticket, [
      'id', 'documentId', 'subject', 'description', 'priority', 'resolved_at', 'last_activity_at', 'createdAt', 'updatedAt', 'publishedAt',
      ...SLA_TIME_COLUMNS, ...SLA_INDEXED_COLUMNS,
    ]);
    const replyCols = columnsOf(M.reply, ['id', 'documentId', 'body', 'is_internal', 'createdAt', 'updatedAt', 'publishedAt']);
    const auditCols = columnsOf(M.audit, [
      'documentId', 'action', 'outcome', 'channel', 'actor_id', 'actor_role', 'credential_kind', 'credential_name', 'ticket_id', 'details',
      'createdAt', 'updatedAt', 'publishedAt',
    ]);
    const links = {
      status: new Link(M.ticket, 'ticket_status'),
      category: new Link(M.ticket, 'category'),
      type: new Link(M.ticket, 'type'),
      item: new Link(M.ticket, 'item'),
      submitter: new Link(M.ticket, 'submitter'),
      assignee: new Link(M.ticket, 'assignee'),
      group: new Link(M.ticket, 'group'),
      tags: new Link(M.ticket, 'tags'),
      replyTicket: new Link(M.reply, 'ticket'),
      replyAuthor: new Link(M.reply, 'author'),
    };

    const firstTicketId = ids.ticket;
    let replyId = ids.reply;
    const span = 365 * DAY;
    const firstCreated = now - span;
    const staffActor = people.staff[0] as number;
    const userActor = people.users[0] as number;
    const staffGroup = groupIds[0] as number;
    const staffCategory = categories.find((c) => c.group === staffGroup) as (typeof categories)[number];
    let threadTicket = { id: 0, documentId: '' };
    let replyTicket = { id: 0, documentId: '' };
    let replyTotal = 0;
    const BATCH = 5_000;

    for (let start = 0; start < ticketCount; start += BATCH) {
      const end = Math.min(ticketCount, start + BATCH);
      const ticketRows: Row[] = [];
      const replyRows: Row[] = [];
      const auditRows: Row[] = [];
      for (let i = start; i < end; i += 1) {
        const id = firstTicketId + i;
        // Tickets arrive evenly over a year, in id order; the last two are the bench's fixed targets.
        const special = i === ticketCount - 1 ? 'thread' : i === ticketCount - 2 ? 'reply' : null;
        const created = firstCreated + Math.floor(((i + rand()) / ticketCount) * span * 0.999);
        let status = statusByName.get(weighted(rand, STATUS_WEIGHTS.map(([n]) => n), STATUS_WEIGHTS.map(([, w]) => w)))!;
        let category = pick(rand, categories);
        let submitter = pick(rand, people.users);
        if (special) {
          status = statusByName.get('In Progress')!;
          category = staffCategory;
          submitter = userActor;
        }
        // Most tickets stay with their category's group; a few are handed to another.
        const group = special ? staffGroup : rand() < 0.9 ? category.group : pick(rand, groupIds);
        const members = groupMembers.get(group) ?? [];
        const assignee = special ? staffActor : members.length > 0 && rand() < 0.6 ? pick(rand, members) : null;
        const replyCount = special === 'thread' ? 20 : special === 'reply' ? 2 : Math.floor(21 * rand() ** 3);
        // Work goes on for up to 20 days after a ticket arrives (never past now).
        const lastActivity = created + Math.floor(rand() * Math.max(1, Math.min(20 * DAY, now - created - 1000)));
        const resolved = status.kind === 'resolved' || status.kind === 'closed' ? new Date(lastActivity) : null;
        const documentId = ulidAt(created);
        const mention = rand() < 0.01 ? ` ${SEARCH_WORD}` : '';
        const subject = `${(category.name.split(' (')[0] as string)} ${pick(rand, ['printer', 'laptop', 'account', 'request', 'badge', 'report', 'login'])} ${pick(rand, VERBS)}${mention} #${i + 1}`;
        const description = `${sentence(rand, 25)}.\n\n${sentence(rand, 15)}${rand() < 0.005 ? ` ${SEARCH_WORD} ticket` : ''}.`;
        const createdAt = new Date(created);
        const priority = weighted(rand, PRIORITIES, PRIORITY_WEIGHTS) as Priority;
        // Replies alternate submitter, staff: the second is the first staff answer.
        const firstStaffReply = replyCount >= 2 ? created + Math.floor((2 / (replyCount + 1)) * (lastActivity - created)) : null;
        ticketRows.push([
          id, documentId, subject, description, priority, resolved, new Date(lastActivity), createdAt,
          new Date(lastActivity), createdAt, ...seededClocks(priority, status.kind, created, firstStaffReply, lastActivity, now),
        ]);
        links.status.add(id, status.id);
        links.category.add(id, category.id);
        if (rand() < 0.8) links.type.add(id, pick(rand, typeIds));
        if (rand() < 0.5) links.item.add(id, pick(rand, category.items));
        links.submitter.add(id, submitter);
        if (assignee !== null) links.assignee.add(id, assignee);
        links.group.add(id, group);
        let tagOrder = 0;
        for (const tag of tags) if (tagRand() < tag.share) links.tags.add(id, tag.id, ++tagOrder);
        auditRows.push([
          ulidAt(created), 'ticket.create', 'allowed', 'rest', userDocIds.get(submitter), 'user', 'api_key', 'bench seed', documentId,
          { to: 'New' }, createdAt, createdAt, createdAt,
        ]);

        const staffSide = assignee ?? (members.length > 0 ? pick(rand, members) : staffActor);
        for (let r = 0; r < replyCount; r += 1) {
          const rid = replyId++;
          const at = new Date(created + Math.floor(((r + 1) / (replyCount + 1)) * (lastActivity - created)));
          const fromStaff = r % 2 === 1;
          const internal = fromStaff && rand() < 0.25;
          replyRows.push([rid, ulidAt(at.getTime()), `${internal ? 'Note: ' : ''}${sentence(rand, 12)}.`, internal, at, at, at]);
          links.replyTicket.add(rid, id, r + 1);
          links.replyAuthor.add(rid, fromStaff ? staffSide : submitter);
        }
        replyTotal += replyCount;
        if (special === 'thread') threadTicket = { id, documentId };
        if (special === 'reply') replyTicket = { id, documentId };
      }
      await writer.batch(async (insert) => {
        await insert(M.ticket.tableName, ticketCols, ticketRows);
        for (const key of ['status', 'category', 'type', 'item', 'submitter', 'assignee', 'group', 'tags'] as const) await links[key].flush(insert);
        await insert(M.reply.tableName, replyCols, replyRows);
        await links.replyTicket.flush(insert);
        await links.replyAuthor.flush(insert);
        await insert(M.audit.tableName, auditCols, auditRows);
      });
      if (end % 100_000 === 0 || end === ticketCount) log(`  ${end} tickets, ${replyTotal} replies (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }

    await closeWriter();
    // The text indexes were not kept row by row (SQLite: the writer dropped their triggers; PostgreSQL: the seed's
    // writes skip triggers): the plugin's own start-up step writes the triggers again and, finding the indexes out of
    // step, fills them from the tables in one pass, here rather than in the first server start, which would have to
    // do it within its health check's time (the trigram indexes of `q` on PostgreSQL are ordinary indexes, kept).
    if (strapi.db.dialect.client !== 'postgres') await ensureTicketTextIndex(strapi);
    await ensureTicketWordIndex(strapi);
    await syncSequences(strapi, [M.user.tableName, M.group.tableName, M.category.tableName, M.item.tableName, M.type.tableName, M.tag.tableName, M.ticket.tableName, M.reply.tableName]);
    // PostgreSQL's autovacuum would gather statistics soon; gather them now so the first plans are the steady ones.
    // VACUUM too: it merges the GIN indexes' pending lists and records their size, without which the planner priced
    // the trigram indexes of `q` far above a scan.
    if (strapi.db.dialect.client === 'postgres') await knex.raw('VACUUM ANALYZE');

    const dataset: Dataset = {
      version: DATASET_VERSION,
      tickets: ticketCount,
      replies: replyTotal,
      users: userCount,
      staff: staffCount,
      groups: groupIds.length,
      seededAt: new Date().toISOString(),
      seconds: (Date.now() - started) / 1000,
      actors: { user: userActor, staff: staffActor, admin: people.admin },
      threadTicket,
      replyTicket,
      category: { id: staffCategory.id, documentId: staffCategory.documentId, name: staffCategory.name },
      searchWord: SEARCH_WORD,
      tags,
    };
    await writeDatasetMarker(strapi, dataset);
    return dataset;
    } finally {
      await closeWriter();
    }
  }
};
