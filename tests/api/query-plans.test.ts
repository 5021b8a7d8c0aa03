import path from 'path';
import type { Knex } from 'knex';
import { startHelpdesk, type TestApp } from '../helpers/strapi';
import { seedDataset, type Dataset } from '../../bench/seed';
import type { Actor } from '../../src/plugins/helpdesk/server/src/auth/actor';
import { buildTicketListQuery, buildTicketPageQuery, type ListFilters } from '../../src/plugins/helpdesk/server/src/database/ticket-list-query';
import { ticketTables, type TicketTables } from '../../src/plugins/helpdesk/server/src/database/ticket-tables';
import { TICKET_TEXT_TABLE } from '../../src/plugins/helpdesk/server/src/database/ticket-text-index';
import { buildReplyMatchesQuery, buildTicketMatchesQuery, type SearchFilters } from '../../src/plugins/helpdesk/server/src/database/ticket-search-query';
import { REPLY_WORDS_TABLE, TICKET_WORDS_TABLE } from '../../src/plugins/helpdesk/server/src/database/ticket-word-index';

/** The configuration the running app chose at bootstrap, held by the compiled module Strapi runs (not this source). */
const { pgWordsConfig } = require(path.join(__dirname, '..', '..', 'dist', 'src', 'plugins', 'helpdesk', 'server', 'src', 'database', 'ticket-word-index.js')) as {
  pgWordsConfig: typeof import('../../src/plugins/helpdesk/server/src/database/ticket-word-index').pgWordsConfig;
};
import { buildNextDueQuery } from '../../src/plugins/helpdesk/server/src/database/next-ticket-query';

/**
 * Every list filter and every scope rule is served by an index, on SQLite and on PostgreSQL, so a page costs about
 * the same at 10k and 1M tickets. For `ORDER BY last_activity_at DESC, id DESC LIMIT n` with EXISTS probes on
 * Strapi's join tables, "served by an index" means three things, each checked on the real query the list uses:
 *  1. no table is read end to end (SQLite: no SCAN without an index; PostgreSQL with enable_seqscan off: no Seq Scan);
 *  2. every scope rule and filter is a keyed index lookup on its join table: a probe by (ticket_id, value) or a
 *     range by value, never an unkeyed pass over the index;
 *  3. rows come in the list's order from an index (the (last_activity_at, id) or (priority, last_activity_at)
 *     index), so LIMIT stops the walk early; or they come from a keyed lookup of a bounded set (e.g. one user's own
 *     tickets), and only that set is sorted.
 * The text search `q` (LIKE '%word%') cannot use a B-tree index; it has a text index (database/ticket-text-index.ts).
 * On SQLite a term of three characters or more comes from the FTS5 table, and only its candidates are sorted, unless
 * it is very common; on PostgreSQL the planner takes the pg_trgm indexes for a rare term (checked) and may walk for
 * a frequent one. A term of one or two characters is always a residual filter on the ordered walk.
 */

interface Case {
  name: string;
  actor: 'user' | 'staff' | 'admin';
  filters: (d: Fixture) => Partial<ListFilters>;
  /** Join tables the scope rule and filters must probe through an index. */
  probes: Array<keyof TicketTables>;
  /**
   * A substring search. `indexed`: the text index finds the candidates (a keyed set, sorted). `scan`: a term too short
   * for a trigram index, checked on the rows of the ordered walk.
   */
  textSearch?: 'indexed' | 'scan' | 'either';
  /** An index the plan must read, beyond the rules above (the one this filter's set is found with). */
  index?: string;
}

interface Fixture {
  dataset: Dataset;
  /** Tag row ids: on 20%, 5% and 0.2% of tickets. */
  tags: { common: number; some: number; rare: number };
  openStatusIds: number[];
  pendingStatusId: number;
  otherStaffId: number;
}

const SCOPE_PROBES: Record<Case['actor'], Array<keyof TicketTables>> = {
  user: ['submitter'],
  staff: ['submitter', 'assignee', 'group'],
  admin: [],
};

const FILTERS: Array<Omit<Case, 'actor'>> = [
  { name: 'open work (no filter)', filters: () => ({}), probes: ['status'] },
  { name: 'status', filters: (f) => ({ statusIds: [f.pendingStatusId] }), probes: ['status'] },
  { name: 'priority', filters: () => ({ priority: 'High' }), probes: ['status'] },
  { name: 'category', filters: (f) => ({ categoryId: f.dataset.category.id }), probes: ['status', 'category'] },
  { name: 'assignee "me"', filters: (f) => ({ assignee: { userId: f.dataset.actors.staff } }), probes: ['status', 'assignee'] },
  { name: 'assignee (another user)', filters: (f) => ({ assignee: { userId: f.otherStaffId } }), probes: ['status', 'assignee'] },
  { name: 'assignee "none"', filters: () => ({ assignee: { none: true } }), probes: ['status', 'assignee'] },
  // On PostgreSQL the planner chooses between the trigram indexes and the walk from how many tickets the term
  // matches: checked to take the index for a term in one ticket; for "kerberos" (1.6%) either plan is right.
  { name: 'q (text)', filters: () => ({ q: 'kerberos' }), probes: ['status'], textSearch: process.env.DATABASE_CLIENT === 'postgres' ? 'either' : 'indexed' },
  { name: 'q (a rare term)', filters: () => ({ q: '#1234 ' }), probes: ['status'], textSearch: 'indexed' },
  { name: 'q (two characters)', filters: () => ({ q: 'kb' }), probes: ['status'], textSearch: 'scan' },
  // SQLite walks for a term in very many tickets (isCommonTerm); on PostgreSQL the planner chooses.
  {
    name: 'q (a very common term)',
    filters: () => ({ q: 'printer', qIsCommon: true }),
    probes: ['status'],
    textSearch: process.env.DATABASE_CLIENT === 'postgres' ? 'either' : 'scan',
  },
  // A tag is a probe of the (tag, ticket) index per walked ticket; a rare one (database/ticket-tag-filter.ts) is the
  // set the page is taken from instead. Several tags: every one of them.
  { name: 'tag (walked)', filters: (f) => ({ tags: { ids: [f.tags.common] } }), probes: ['status', 'tags'] },
  {
    name: 'tag (a rare one, from its tickets)',
    filters: (f) => ({ tags: { ids: [f.tags.rare], driving: f.tags.rare } }),
    probes: ['status', 'tags'],
    index: 'helpdesk_tags_lnk_tag_ticket_idx',
  },
  { name: 'two tags (walked)', filters: (f) => ({ tags: { ids: [f.tags.common, f.tags.some] } }), probes: ['status', 'tags'] },
  {
    name: 'two tags, one rare',
    filters: (f) => ({ tags: { ids: [f.tags.common, f.tags.rare], driving: f.tags.rare } }),
    probes: ['status', 'tags'],
    index: 'helpdesk_tags_lnk_tag_ticket_idx',
  },
  { name: 'cursor (next page)', filters: () => ({ after: { activity: new Date(Date.now() - 30 * 86_400_000), id: 1_000_000 } }), probes: ['status'] },
  // Service levels: the state is a range on the due index (plus the warning time), the due order a walk of it.
  { name: 'sla breached', filters: () => ({ sla: { state: 'breached', now: new Date() } }), probes: ['status'] },
  { name: 'sla due soon', filters: () => ({ sla: { state: 'due_soon', now: new Date() } }), probes: ['status'] },
  { name: 'sla ok', filters: () => ({ sla: { state: 'ok', now: new Date() } }), probes: ['status'] },
  { name: 'sort by due', filters: () => ({ sortBy: 'due' }), probes: ['status'] },
  { name: 'sort by due, breached', filters: () => ({ sortBy: 'due', sla: { state: 'breached', now: new Date() } }), probes: ['status'] },
  { name: 'sort by due, cursor', filters: () => ({ sortBy: 'due', after: { activity: new Date(), id: 1_000_000 } }), probes: ['status'] },
];

const CASES: Case[] = [
  ...(['user', 'staff', 'admin'] as const).map((actor) => ({ ...FILTERS[0]!, name: `${actor} scope, ${FILTERS[0]!.name}`, actor })),
  ...(['staff', 'admin'] as const).flatMap((actor) => FILTERS.slice(1).map((f) => ({ ...f, name: `${actor} scope, ${f.name}`, actor }))),
];

const ORDERED_INDEXES = ['helpdesk_tickets_activity_idx', 'helpdesk_tickets_priority_idx', 'helpdesk_tickets_sla_due_idx'];
const TRIGRAM_INDEXES = ['helpdesk_tickets_subject_trgm_idx', 'helpdesk_tickets_description_trgm_idx'];

/**
 * Plans known today not to meet rule 2 or 3 (`<client>:<case name>` → why). Each is listed as skipped, with its reason
 * in the test's name: the one left sits on the planner's cost boundary in this small world, so it went either way
 * from run to run (as `test.failing` it failed whenever the planner chose the good plan).
 */
const KNOWN_GAPS: Record<string, string> = {
  // The service-level columns make each ticket row about 100 bytes wider. On this 2,000-ticket world PostgreSQL then
  // prices fetching the 74 matching rows by primary key above reading the whole 2,000-entry (last_activity_at, id)
  // index without a condition and sorting: cheap here, but a read in proportion to the tickets. Without the columns'
  // values (all NULL) it keeps the keyed plan. Not measured at 100k on PostgreSQL yet.
  'postgres:admin scope, category': 'a full pass over the activity index on a small, wide table',
};

describe('the ticket list query is served by indexes', () => {
  let app: TestApp;
  let knex: Knex;
  let tables: TicketTables;
  let fixture: Fixture;
  const actors = {} as Record<Case['actor'], Actor>;
  const client = process.env.DATABASE_CLIENT === 'postgres' ? 'postgres' : 'sqlite';
  /** PostgreSQL's plan for a query, its lines, with sequential scans priced out so any that is left had no index. */
  const pgPlan = async (sql: string, bindings: readonly unknown[]): Promise<string[]> => {
    const result = await knex.transaction(async (trx) => {
      await trx.raw('SET LOCAL enable_seqscan = off');
      return trx.raw(`EXPLAIN ${sql}`, bindings as Knex.RawBinding[]);
    });
    return (result as { rows: Array<{ 'QUERY PLAN': string }> }).rows.map((r) => r['QUERY PLAN']);
  };

  beforeAll(async () => {
    app = await startHelpdesk();
    const { strapi } = app;
    // Small, but shaped like the real thing: many users, staff in groups, most tickets closed.
    const dataset = await seedDataset(strapi, { tickets: 2_000, users: 100, staff: 12, groups: 4 });
    knex = strapi.db.connection;
    tables = ticketTables(strapi);
    for (const role of ['user', 'staff', 'admin'] as const) {
      actors[role] = (await strapi
        .plugin('helpdesk')
        .service('actors')
        .actorFor({ id: dataset.actors[role] }, { credential: { kind: 'cli', id: null, name: 'plans' }, channel: 'cli', readOnly: false })) as Actor;
    }
    const statuses = (await strapi.db.query('plugin::helpdesk.status').findMany({ select: ['id', 'kind'] })) as Array<{ id: number; kind: string }>;
    const staff = (await strapi.db.query('plugin::users-permissions.user').findMany({
      where: { role: { type: 'staff' } },
      select: ['id'],
    })) as Array<{ id: number }>;
    const tagId = (prefix: string) => dataset.tags.find((t) => t.name.startsWith(prefix))!.id;
    fixture = {
      dataset,
      tags: { common: tagId('Follow-up'), some: tagId('VIP'), rare: tagId('Legal hold') },
      openStatusIds: statuses.filter((s) => ['new', 'open', 'pending'].includes(s.kind)).map((s) => s.id),
      pendingStatusId: statuses.find((s) => s.kind === 'pending')!.id,
      otherStaffId: staff.find((s) => s.id !== dataset.actors.staff)!.id,
    };
  }, 180_000);

  afterAll(async () => {
    await app?.stop();
  });

  const queryFor = (c: Case) => {
    const filters: ListFilters = { statusIds: fixture.openStatusIds, limit: 20, ...c.filters(fixture) };
    return buildTicketPageQuery(knex, tables, actors[c.actor], filters).toSQL();
  };
  /** The whole list query: the page above, then the related names joined to its ≤ limit+1 rows by key. */
  const fullQueryFor = (c: Case) => {
    const filters: ListFilters = { statusIds: fixture.openStatusIds, limit: 20, ...c.filters(fixture) };
    return buildTicketListQuery(knex, tables, actors[c.actor], filters).toSQL();
  };

  const probeTables = (c: Case): string[] => [...new Set([...SCOPE_PROBES[c.actor], ...c.probes])].map((k) => (tables[k] as { table: string }).table);

  if (client === 'sqlite') {
    const sqlitePlan = async (c: Case): Promise<string[]> => {
      const { sql, bindings } = queryFor(c);
      const rows = (await knex.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings as Knex.RawBinding[])) as Array<{ detail: string }>;
      return rows.map((r) => r.detail);
    };

    const check = async (c: Case) => {
      const plan = await sqlitePlan(c);
      const shown = plan.join('\n');
      // 1. No table read end to end. An FTS5 MATCH (idxStr `M…`) is a lookup in the text index, not a scan.
      const textLookup = new RegExp(`^SCAN ${TICKET_TEXT_TABLE} VIRTUAL TABLE INDEX \\d+:M`);
      const fullScans = plan.filter((line) => /^SCAN /.test(line) && !/USING (COVERING )?INDEX/.test(line) && !textLookup.test(line));
      expect({ fullScans, plan: shown }).toEqual({ fullScans: [], plan: shown });
      // 1b. `q` of three characters or more is looked up in the text index; a shorter one is not.
      const usesTextIndex = plan.some((line) => textLookup.test(line));
      expect({ usesTextIndex, plan: shown }).toEqual({ usesTextIndex: c.textSearch === 'indexed', plan: shown });
      // 2. Each scope rule and filter: a keyed SEARCH on its join table's index.
      for (const table of probeTables(c)) {
        const keyed = plan.some((line) => line.startsWith(`SEARCH ${table} `) && /USING (COVERING )?INDEX \S+ \(.*=\?/.test(line));
        expect({ table, keyed, plan: shown }).toEqual({ table, keyed: true, plan: shown });
      }
      // 3. Order from an index, or a sort of a set found by key.
      const ticketsAccess = plan.find((line) => new RegExp(`^(SCAN|SEARCH) ${tables.tickets}( |$)`).test(line)) ?? '';
      const ordered = ORDERED_INDEXES.some((index) => ticketsAccess.includes(index)) && !plan.some((l) => l === 'USE TEMP B-TREE FOR ORDER BY');
      const keyedSet = ticketsAccess.startsWith(`SEARCH ${tables.tickets}`) && /\(rowid=\?\)|=\?/.test(ticketsAccess);
      expect({ ticketsAccess, orderedOrKeyed: ordered || keyedSet, plan: shown }).toEqual({ ticketsAccess, orderedOrKeyed: true, plan: shown });
      if (c.textSearch === 'indexed') expect({ ticketsAccess, keyedSet, plan: shown }).toEqual({ ticketsAccess, keyedSet: true, plan: shown });
      if (c.index) expect({ index: c.index, read: plan.some((line) => line.includes(`USING COVERING INDEX ${c.index} (`)), plan: shown }).toEqual({ index: c.index, read: true, plan: shown });
    };

    for (const c of CASES) {
      const gap = KNOWN_GAPS[`sqlite:${c.name}`];
      (gap ? test.skip : test)(`SQLite: ${c.name}${gap ? ` (known gap: ${gap})` : ''}`, () => check(c));
    }
  } else {
    interface PlanNode {
      'Node Type': string;
      'Relation Name'?: string;
      'Index Name'?: string;
      'Index Cond'?: string;
      'Scan Direction'?: string;
      'Subplan Name'?: string;
      'Parent Relationship'?: string;
      Plans?: PlanNode[];
    }
    const flatten = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(flatten)];

    const postgresPlan = async (c: Case): Promise<PlanNode[]> => {
      const { sql, bindings } = queryFor(c);
      // With sequential scans priced out, the planner shows whether an index can serve each part at all; a small
      // table's seq scan would otherwise hide a missing index that a large table would need.
      const trx = await knex.transaction();
      let result: unknown;
      try {
        await trx.raw('SET LOCAL enable_seqscan = off');
        result = await trx.raw(`EXPLAIN (FORMAT JSON) ${sql}`, bindings as Knex.RawBinding[]);
      } finally {
        await trx.rollback();
      }
      const [top] = (result as { rows: Array<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }> }).rows[0]!['QUERY PLAN'];
      return flatten(top!.Plan);
    };

    const show = (n: PlanNode) => `${n['Node Type']} on ${n['Relation Name'] ?? '?'}${n['Index Name'] ? ` using ${n['Index Name']}` : ''}${n['Index Cond'] ? ` (${n['Index Cond']})` : ''}`;

    const check = async (c: Case) => {
      const nodes = await postgresPlan(c);
      const shown = nodes.filter((n) => n['Relation Name'] || n['Index Name'] || /Sort/.test(n['Node Type'])).map(show).join('\n');
      // 1. No table read end to end.
      const seqScans = nodes.filter((n) => n['Node Type'] === 'Seq Scan').map(show);
      expect({ seqScans, plan: shown }).toEqual({ seqScans: [], plan: shown });
      // 1b. The scope rule is one probe per walked ticket. PostgreSQL may hash any of several EXISTS joined by OR
      // (at 1M tickets it did: it read every ticket of the staff member's groups before the walk began); a single
      // EXISTS over a UNION ALL of the probes is a subplan it cannot hash.
      const subplans = nodes.filter((n) => n['Parent Relationship'] === 'SubPlan').map((n) => `${n['Subplan Name']}: ${show(n)}`);
      expect({ subplans: subplans.length <= 1 && !subplans.some((p) => /^hashed /.test(p)), plan: shown, all: subplans }).toEqual({
        subplans: true,
        plan: shown,
        all: subplans,
      });
      // 2. Every access to the tickets or a join table is keyed (an Index Cond), except the ordered walk itself.
      const helpdeskTables = new Set([tables.tickets, ...probeTables(c), tables.status.table, tables.category.table, tables.assignee.table, tables.tags.table]);
      // The due index is the walk of the due order; for the activity order a range on it is a keyed lookup.
      const walkIndexes = c.filters(fixture).sortBy === 'due' ? ['helpdesk_tickets_sla_due_idx'] : ORDERED_INDEXES.filter((i) => i !== 'helpdesk_tickets_sla_due_idx');
      const walk = (n: PlanNode) =>
        n['Relation Name'] === tables.tickets && walkIndexes.includes(n['Index Name'] ?? '') && /Index/.test(n['Node Type']);
      const unkeyed = nodes
        .filter((n) => /Index Scan|Index Only Scan|Bitmap Index Scan/.test(n['Node Type']))
        .filter((n) => (n['Relation Name'] ? helpdeskTables.has(n['Relation Name']) : true))
        .filter((n) => !n['Index Cond'] && !walk(n))
        .filter((n) => !(c.textSearch && n['Relation Name'] === tables.tickets))
        .map(show);
      expect({ unkeyed, plan: shown }).toEqual({ unkeyed: [], plan: shown });
      for (const table of probeTables(c)) {
        const keyed = nodes.some(
          (n) =>
            n['Relation Name'] === table &&
            (Boolean(n['Index Cond']) || (n.Plans ?? []).some((child) => child['Node Type'] === 'Bitmap Index Scan' && Boolean(child['Index Cond']))),
        );
        expect({ table, keyed, plan: shown }).toEqual({ table, keyed: true, plan: shown });
      }
      // 3. Order from an index walk (then nothing sorts the whole set: an Incremental Sort of ties is fine), or only
      // rows found by key are sorted (rule 2 holds for every access).
      const ordered = nodes.some(walk);
      const fullSort = nodes.some((n) => n['Node Type'] === 'Sort');
      const ticketsRead = nodes.some((n) => n['Relation Name'] === tables.tickets);
      expect({ ticketsRead, sortAfterWalk: ordered && fullSort && c.textSearch !== 'indexed', plan: shown }).toEqual({
        ticketsRead: true,
        sortAfterWalk: false,
        plan: shown,
      });
      // 4. `q` of three characters or more is found through both trigram indexes (subject and description); a shorter
      // one, which no trigram can serve, is checked on the walk.
      const trigramScans = nodes.filter((n) => n['Node Type'] === 'Bitmap Index Scan' && TRIGRAM_INDEXES.includes(n['Index Name'] ?? '')).map(show);
      if (c.textSearch !== 'either') {
        const expected = c.textSearch === 'indexed' ? TRIGRAM_INDEXES.length : 0;
        expect({ trigramScans: trigramScans.length, plan: shown }).toEqual({ trigramScans: expected, plan: shown });
      }
      if (c.index) expect({ index: c.index, read: nodes.some((n) => n['Index Name'] === c.index && Boolean(n['Index Cond'])), plan: shown }).toEqual({ index: c.index, read: true, plan: shown });
    };

    for (const c of CASES) {
      const gap = KNOWN_GAPS[`postgres:${c.name}`];
      (gap ? test.skip : test)(`PostgreSQL: ${c.name}${gap ? ` (known gap: ${gap})` : ''}`, () => check(c));
    }
  }

  test('creating a ticket reads nothing in proportion to the tickets already in its group, status or category', async () => {
    // Strapi keeps an order column on the inverse side of a bidirectional relation and reads max(order) over the
    // related record's whole list on every connect: on a group with 100k tickets that was 35 ms per create.
    const ticketLinks = [tables.status, tables.category, tables.group, tables.submitter, tables.assignee, tables.type, tables.item].map((l) => l.table);
    const sql: string[] = [];
    const capture = (query: { sql: string }) => sql.push(query.sql);
    knex.on('query', capture);
    try {
      await app.strapi
        .plugin('helpdesk')
        .service('tickets')
        .create(actors.user, { subject: 'Plan check', description: 'Created by the query-plan test.', category_id: fixture.dataset.category.documentId, priority: 'Low' });
    } finally {
      knex.removeListener('query', capture);
    }
    const aggregates = sql.filter((q) => /\b(max|count|sum)\s*\(/i.test(q) && ticketLinks.some((table) => q.includes(table)));
    // PostgreSQL names the schema too: insert into "public"."helpdesk_tickets".
    const ticketInsert = new RegExp(`^insert into (["\`]\\w+["\`]\\.)?["\`]${tables.tickets}["\`]`, 'i');
    expect(sql.filter((q) => ticketInsert.test(q))).toHaveLength(1);
    expect(aggregates).toEqual([]);
  });

  test.each(['user', 'staff', 'admin'] as const)('the whole %s list query joins names to the page rows by key only', async (role) => {
    const c = CASES.find((x) => x.actor === role)!;
    const { sql, bindings } = fullQueryFor(c);
    if (client === 'sqlite') {
      const rows = (await knex.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings as Knex.RawBinding[])) as Array<{ detail: string }>;
      const plan = rows.map((r) => r.detail);
      // The page itself (≤ limit+1 rows) is the only thing read in full.
      const fullScans = plan.filter((line) => /^SCAN /.test(line) && !/USING (COVERING )?INDEX/.test(line) && line !== 'SCAN page');
      expect({ fullScans, plan }).toEqual({ fullScans: [], plan });
    } else {
      const plan = await pgPlan(sql, bindings);
      expect({ seqScans: plan.filter((l) => /Seq Scan/.test(l)), plan }).toEqual({ seqScans: [], plan });
    }
  });

  /**
   * search_tickets (database/ticket-search-query.ts) reads its matches from the word index only, newest first, and
   * stops at its bound. SQLite: each query is one MATCH lookup on its FTS5 table walked in rowid order (no sort of
   * the matches, so bm25 runs for the rows kept only), the tickets read by row id. PostgreSQL: each word table is read
   * through its GIN index or its primary key, never end to end. The scope probes stay keyed.
   */
  describe('search_tickets is served by the word index', () => {
    const searchFor = (actor: Case['actor'], terms: string[][], part: 'tickets' | 'replies', walk = true) => {
      const filters: SearchFilters = { statusIds: fixture.openStatusIds, terms, notes: actor !== 'user', pgConfig: pgWordsConfig(app.strapi), ranked: 1000 };
      return (part === 'tickets' ? buildTicketMatchesQuery : buildReplyMatchesQuery)(knex, tables, actors[actor], filters, { walk }).toSQL();
    };
    const CASES_SEARCH: Array<[Case['actor'], string[][], 'tickets' | 'replies']> = (
      [
        ['user', [['kerberos']]],
        ['staff', [['kerberos']]],
        ['admin', [['kerberos']]],
        ['staff', [['the', 'screen'], ['monday']]],
      ] as Array<[Case['actor'], string[][]]>
    ).flatMap(([actor, terms]) => (['tickets', 'replies'] as const).map((part) => [actor, terms, part] as [Case['actor'], string[][], 'tickets' | 'replies']));

    if (client === 'sqlite') {
      test.each(CASES_SEARCH)('SQLite: %s searching %j, the %s', async (actor, terms, part) => {
        const { sql, bindings } = searchFor(actor, terms, part);
        const plan = ((await knex.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings as Knex.RawBinding[])) as Array<{ detail: string }>).map((r) => r.detail);
        const shown = plan.join('\n');
        const words = part === 'tickets' ? TICKET_WORDS_TABLE : REPLY_WORDS_TABLE;
        const walk = plan.findIndex((line) => new RegExp(`^SCAN ${words} VIRTUAL TABLE INDEX \\d+:M`).test(line));
        const ticketsByRowid = plan.findIndex((l) => new RegExp(`^SEARCH ${tables.tickets} USING INTEGER PRIMARY KEY \\(rowid=\\?\\)`).test(l));
        // The walk is the outer loop, and its order is the result's: nothing is sorted.
        expect({ walk: walk >= 0, ticketsAfterWalk: ticketsByRowid > walk, sorted: plan.some((l) => /TEMP B-TREE/.test(l)), plan: shown }).toEqual({
          walk: true,
          ticketsAfterWalk: true,
          sorted: false,
          plan: shown,
        });
        const fullScans = plan.filter((line) => /^SCAN /.test(line) && !/USING (COVERING )?INDEX/.test(line) && !/VIRTUAL TABLE INDEX \d+:/.test(line));
        expect({ fullScans, plan: shown }).toEqual({ fullScans: [], plan: shown });
        for (const probe of SCOPE_PROBES[actor].map((k) => (tables[k] as { table: string }).table)) {
          expect({ probe, keyed: plan.some((l) => l.startsWith(`SEARCH ${probe} `)), plan: shown }).toEqual({ probe, keyed: true, plan: shown });
        }
      });
    } else {
      test.each(CASES_SEARCH)('PostgreSQL: %s searching %j, the %s', async (actor, terms, part) => {
        const { sql, bindings } = searchFor(actor, terms, part);
        const plan = await pgPlan(sql, bindings);
        const shown = plan.join('\n');
        const words = part === 'tickets' ? TICKET_WORDS_TABLE : REPLY_WORDS_TABLE;
        expect({ seqScans: plan.filter((l) => /Seq Scan/.test(l)), plan: shown }).toEqual({ seqScans: [], plan: shown });
        // Which index depends on the statistics (a rare term through GIN, a common one down the primary key, a narrow
        // scope from the scope's own links into the primary key): never the whole table.
        const throughIndex = plan.some((l) => l.includes(`Bitmap Index Scan on ${words}_document_idx`) || new RegExp(`Index Scan (Backward )?using ${words}_pkey on ${words}`).test(l));
        expect({ throughIndex, plan: shown }).toEqual({ throughIndex: true, plan: shown });
      });

      // A term too rare to walk for (ticket-search-query.ts walksOnPostgres): the matches are read, not walked for.
      test.each(CASES_SEARCH)('PostgreSQL, read from the GIN index: %s searching %j, the %s', async (actor, terms, part) => {
        const { sql, bindings } = searchFor(actor, terms, part, false);
        const plan = await pgPlan(sql, bindings);
        const shown = plan.join('\n');
        const words = part === 'tickets' ? TICKET_WORDS_TABLE : REPLY_WORDS_TABLE;
        // From the GIN index, or keyed from a small scope's own links (a user's tickets); never walked down the key.
        expect({ seqScans: plan.filter((l) => /Seq Scan/.test(l)), walked: plan.some((l) => l.includes(`Index Scan Backward using ${words}_pkey`)), plan: shown }).toEqual({
          seqScans: [],
          walked: false,
          plan: shown,
        });
      });
    }
  });

  test.each(['staff', 'admin'] as const)('next_ticket for %s walks the due index, reading no table end to end', async (role) => {
    const { sql, bindings } = buildNextDueQuery(knex, tables, actors[role], fixture.openStatusIds).toSQL();
    if (client === 'sqlite') {
      const rows = (await knex.raw(`EXPLAIN QUERY PLAN ${sql}`, bindings as Knex.RawBinding[])) as Array<{ detail: string }>;
      const plan = rows.map((r) => r.detail);
      const fullScans = plan.filter((line) => /^SCAN /.test(line) && !/USING (COVERING )?INDEX/.test(line));
      const ticketsAccess = plan.find((line) => new RegExp(`^(SCAN|SEARCH) ${tables.tickets}( |$)`).test(line)) ?? '';
      expect({ fullScans, due: ticketsAccess.includes('helpdesk_tickets_sla_due_idx'), plan }).toEqual({ fullScans: [], due: true, plan });
    } else {
      const plan = await pgPlan(sql, bindings);
      const due = plan.some((l) => l.includes('helpdesk_tickets_sla_due_idx'));
      expect({ seqScans: plan.filter((l) => /Seq Scan/.test(l)), due, plan }).toEqual({ seqScans: [], due: true, plan });
    }
  });
});
