import type { Knex } from 'knex';
import type { Actor } from '../auth/actor';
import { applyTicketScope, existsInLink, inLink } from '../authz/scope';
import type { LinkTable, TicketTables } from './ticket-tables';
import { whereTextContains } from './ticket-text-index';
import { driverOf } from './run-sql';
import { SLA_TIME_COLUMNS, type SlaState } from '../service-levels/clocks';

export interface ListFilters {
  statusIds: number[];
  priority?: string;
  assignee?: { none: true } | { userId: number };
  categoryId?: number;
  /** Tickets carrying every one of these tags (row ids); see database/ticket-tag-filter.ts for `driving`. */
  tags?: { ids: number[]; driving?: number };
  q?: string;
  /** `q` matches so many tickets that the ordered walk fills a page sooner than the text index (isCommonTerm). */
  qIsCommon?: boolean;
  after?: { activity: Date; id: number };
  /** Oldest activity first (the staff queue's sort toggle); newest first otherwise. The same index serves both. */
  oldestFirst?: boolean;
  /** Only tickets in this service-level state at `now` (service-levels/clocks.ts stateOf, as SQL). */
  sla?: { state: SlaState; now: Date };
  /** `due`: nearest due time first (tickets with no running clock are left out), by the (sla_due_at, id) index. */
  sortBy?: 'activity' | 'due';
  limit: number;
}


/** One joined column per related record: the page comes back in one round trip, not one query per relation. */
const RELATED: Array<[alias: string, link: keyof TicketTables, table: keyof TicketTables, columns: string[]]> = [
  ['st', 'status', 'statuses', ['id', 'document_id', 'name', 'kind', 'sort_order', 'is_default']],
  ['ca', 'category', 'categories', ['id', 'document_id', 'name']],
  ['ty', 'type', 'types', ['id', 'document_id', 'name']],
  ['it', 'item', 'items', ['id', 'document_id', 'name']],
  ['su', 'submitter', 'users', ['id', 'document_id', 'username']],
  ['asg', 'assignee', 'users', ['id', 'document_id', 'username']],
  ['gr', 'group', 'groups', ['id', 'document_id', 'name']],
];

export interface TicketSummaryRow {
  id: number;
  document_id: string;
  subject: string;
  priority: string;
  resolved_at: unknown;
  last_activity_at: unknown;
  created_at: unknown;
  updated_at: unknown;
  description?: string;
  /** The ticket's tags as `[[document_id, name], …]` by name: JSON text on SQLite, parsed on PostgreSQL. */
  tags?: unknown;
  [joined: string]: unknown;
}

const TICKET_COLUMNS = ['id', 'document_id', 'subject', 'priority', 'resolved_at', 'last_activity_at', 'created_at', 'updated_at', 'sla_due_at', ...SLA_TIME_COLUMNS];

/** The column a page is ordered by, and its cursor carries. */
export const orderColumnOf = (filters: Pick<ListFilters, 'sortBy'>): 'last_activity_at' | 'sla_due_at' =>
  filters.sortBy === 'due' ? 'sla_due_at' : 'last_activity_at';

/**
 * A ticket's tags as one column: a ticket has any number, and a join would repeat the ticket once per tag. The
 * subquery is a keyed probe of the link per page row, aggregated to JSON by name, case-insensitively.
 */
const tagsColumn = (knex: Knex, tables: TicketTables): Knex.Raw => {
  const link = tables.tags;
  const from = `FROM ?? AS tl JOIN ?? AS tg ON tg.id = tl.?? WHERE tl.?? = ??.id`;
  const bindings = [link.table, tables.tagRecords, link.other, link.ticket, tables.tickets];
  if (driverOf(knex) === 'pg') {
    return knex.raw(`(SELECT COALESCE(json_agg(json_build_array(tg.document_id, tg.name) ORDER BY LOWER(tg.name) COLLATE "C", tg.id), '[]'::json) ${from}) AS tags`, bindings);
  }
  return knex.raw(`(SELECT json_group_array(json_array(tg.document_id, tg.name) ORDER BY LOWER(tg.name), tg.id) ${from}) AS tags`, bindings);
};

/**
 * Tickets with their related records, joined to the rows of `page` only (a query selecting tickets' id and
 * last_activity_at), in the page's order: one round trip for a list page, a single ticket or its linked tickets.
 */
export const selectTicketRows = (
  knex: Knex,
  tables: TicketTables,
  page: Knex.QueryBuilder,
  options: { order?: 'asc' | 'desc'; description?: boolean; orderColumn?: 'last_activity_at' | 'sla_due_at' } = {},
): Knex.QueryBuilder => {
  const t = tables.tickets;
  const order = options.order ?? 'desc';
  const orderColumn = options.orderColumn ?? 'last_activity_at';
  const columns = options.description ? [...TICKET_COLUMNS, 'description'] : TICKET_COLUMNS;
  const query = knex
    .from(page.as('page'))
    .join(t, `${t}.id`, 'page.id')
    .select(columns.map((c) => `${t}.${c}`))
    .select(tagsColumn(knex, tables));
  for (const [alias, linkName, tableName, columns] of RELATED) {
    const link = tables[linkName] as LinkTable;
    const linkAlias = `${alias}_lnk`;
    query
      .leftJoin(`${link.table} as ${linkAlias}`, `${linkAlias}.${link.ticket}`, `${t}.id`)
      .leftJoin(`${tables[tableName] as string} as ${alias}`, `${alias}.id`, `${linkAlias}.${link.other}`)
      .select(columns.map((c) => `${alias}.${c} as ${alias}_${c}`));
  }
  return query.orderBy([
    { column: `page.${orderColumn}`, order },
    { column: 'page.id', order },
  ]);
};

/**
 * The ticket list as one query in two steps. First the page: the scope rule of authz/rules.ts and every filter on
 * the tickets and Strapi's join tables (keyed probes, or keyed id lists for selective ones), rows in
 * (last_activity_at, id) index order so LIMIT stops early. Then the related names, joined to that page only.
 * Each row carries the ticket and its related names.
 */
export const buildTicketListQuery = (knex: Knex, tables: TicketTables, actor: Actor, filters: ListFilters): Knex.QueryBuilder =>
  selectTicketRows(knex, tables, buildTicketPageQuery(knex, tables, actor, filters), { order: pageOrder(filters), orderColumn: orderColumnOf(filters) });

const pageOrder = (filters: ListFilters): 'asc' | 'desc' => (filters.oldestFirst || filters.sortBy === 'due' ? 'asc' : 'desc');

/**
 * The state filter on the derived columns (services/service-levels.ts keeps them): breached when the nearest running
 * due time has passed, due soon when a warning time has, ok otherwise. Each is also a range on sla_due_at, so a walk
 * of the due index starts where the state does. No running clock: no state, in no filter.
 */
const whereSlaState = (query: Knex.QueryBuilder, t: string, { state, now }: NonNullable<ListFilters['sla']>): void => {
  if (state === 'breached') query.where(`${t}.sla_due_at`, '<=', now);
  else if (state === 'due_soon') query.where(`${t}.sla_due_at`, '>', now).where(`${t}.sla_warn_at`, '<=', now);
  else query.where(`${t}.sla_due_at`, '>', now).where(`${t}.sla_warn_at`, '>', now);
};

/** The filters every ticket listing shares (list_tickets, search_tickets), without text, order or paging. */
export type TicketFilters = Omit<ListFilters, 'q' | 'qIsCommon' | 'after' | 'oldestFirst' | 'sortBy' | 'limit'>;

/**
 * The caller's scope (authz/scope.ts) and the list filters as conditions on the tickets table of `query`: the one
 * place they are turned into SQL, for the list and for search alike.
 */
export const applyTicketFilters = (
  query: Knex.QueryBuilder,
  knex: Knex,
  tables: TicketTables,
  actor: Actor,
  filters: TicketFilters,
): Knex.QueryBuilder => {
  const t = tables.tickets;
  const exists = (link: LinkTable, values: number | number[]) => existsInLink(knex, t, link, values);
  applyTicketScope(query, knex, tables, actor);
  query.whereExists(exists(tables.status, filters.statusIds));
  if (filters.priority) query.where(`${t}.priority`, filters.priority);
  if (filters.categoryId !== undefined) query.whereExists(exists(tables.category, filters.categoryId));
  // Every tag, each a keyed probe per walked ticket; a rare one instead gives the set the page is taken from.
  for (const tagId of filters.tags?.ids ?? []) {
    if (tagId === filters.tags?.driving) query.whereIn(`${t}.id`, inLink(knex, tables.tags, tagId));
    else query.whereExists(exists(tables.tags, tagId));
  }
  if (filters.assignee && 'none' in filters.assignee) {
    query.whereNotExists(existsInLink(knex, t, tables.assignee));
  } else if (filters.assignee) {
    query.whereIn(`${t}.id`, inLink(knex, tables.assignee, filters.assignee.userId));
  }
  if (filters.sla) whereSlaState(query, t, filters.sla);
  return query;
};

/** The first step alone: the ids (and ordering values) of one page. */
export const buildTicketPageQuery = (
  knex: Knex,
  tables: TicketTables,
  actor: Actor,
  filters: ListFilters,
): Knex.QueryBuilder => {
  const t = tables.tickets;
  const orderColumn = orderColumnOf(filters);
  const query = applyTicketFilters(knex(t).select(`${t}.id`, `${t}.${orderColumn}`), knex, tables, actor, filters);
  if (filters.q) whereTextContains(knex, query, t, filters.q, { commonTerm: filters.qIsCommon });
  if (filters.sortBy === 'due') query.whereNotNull(`${t}.sla_due_at`);
  const order = pageOrder(filters);
  const beyond = order === 'asc' ? '>' : '<';
  if (filters.after) {
    const { activity, id } = filters.after;
    query.where((page) => {
      page
        .where(`${t}.${orderColumn}`, beyond, activity)
        .orWhere((tie) => tie.where(`${t}.${orderColumn}`, '=', activity).andWhere(`${t}.id`, beyond, id));
    });
  }
  return query
    .orderBy([
      { column: `${t}.${orderColumn}`, order },
      { column: `${t}.id`, order },
    ])
    .limit(filters.limit + 1);
};
