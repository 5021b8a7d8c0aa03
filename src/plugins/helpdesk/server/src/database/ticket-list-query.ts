import type { Knex } from 'knex';
import type { Actor } from '../auth/actor';
import { applyTicketScope, existsInLink } from '../authz/scope';
import type { LinkTable, TicketTables } from './ticket-tables';

export interface ListFilters {
  statusIds: number[];
  priority?: string;
  assignee?: { none: true } | { userId: number };
  categoryId?: number;
  q?: string;
  after?: { activity: unknown; id: number };
  /** Oldest activity first (the staff queue's sort toggle); newest first otherwise. The same index serves both. */
  oldestFirst?: boolean;
  limit: number;
}

/** `%`, `_` and the escape character itself are matched literally (same ESCAPE on SQLite and PostgreSQL). */
export const likePattern = (text: string): string => `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** One joined column per related record: the page comes back in one round trip, not one query per relation. */
const RELATED: Array<[alias: string, link: keyof TicketTables, table: keyof TicketTables, columns: string[]]> = [
  ['st', 'status', 'statuses', ['document_id', 'name', 'kind']],
  ['ca', 'category', 'categories', ['document_id', 'name']],
  ['ty', 'type', 'types', ['document_id', 'name']],
  ['it', 'item', 'items', ['document_id', 'name']],
  ['su', 'submitter', 'users', ['document_id', 'username']],
  ['asg', 'assignee', 'users', ['document_id', 'username']],
  ['gr', 'group', 'groups', ['document_id', 'name']],
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
  [joined: string]: unknown;
}

const selectSummaries = (knex: Knex, tables: TicketTables): Knex.QueryBuilder => {
  const t = tables.tickets;
  const query = knex(t).select(
    ['id', 'document_id', 'subject', 'priority', 'resolved_at', 'last_activity_at', 'created_at', 'updated_at'].map((c) => `${t}.${c}`),
  );
  for (const [alias, linkName, tableName, columns] of RELATED) {
    const link = tables[linkName] as LinkTable;
    const linkAlias = `${alias}_lnk`;
    query
      .leftJoin(`${link.table} as ${linkAlias}`, `${linkAlias}.${link.ticket}`, `${t}.id`)
      .leftJoin(`${tables[tableName] as string} as ${alias}`, `${alias}.id`, `${linkAlias}.${link.other}`)
      .select(columns.map((c) => `${alias}.${c} as ${alias}_${c}`));
  }
  return query;
};

/**
 * The ticket list as one indexed query: the scope rule of authz/rules.ts and every filter become EXISTS probes on
 * Strapi's join tables, and rows come newest activity first from the (last_activity_at, id) index, so a page
 * costs about the same at 10k and 1M tickets. Each row carries the ticket and its related names.
 */
export const buildTicketListQuery = (
  knex: Knex,
  tables: TicketTables,
  actor: Actor,
  filters: ListFilters,
): Knex.QueryBuilder => {
  const t = tables.tickets;
  const exists = (link: LinkTable, values: number | number[]) => existsInLink(knex, t, link, values);
  const query = applyTicketScope(selectSummaries(knex, tables), knex, tables, actor);

  query.whereExists(exists(tables.status, filters.statusIds));
  if (filters.priority) query.where(`${t}.priority`, filters.priority);
  if (filters.categoryId !== undefined) query.whereExists(exists(tables.category, filters.categoryId));
  if (filters.assignee && 'none' in filters.assignee) {
    query.whereNotExists(
      knex(tables.assignee.table).select(knex.raw('1')).whereRaw('??.?? = ??.??', [tables.assignee.table, tables.assignee.ticket, t, 'id']),
    );
  } else if (filters.assignee) {
    query.whereExists(exists(tables.assignee, filters.assignee.userId));
  }
  if (filters.q) {
    const pattern = likePattern(filters.q);
    query.where((text) => {
      text
        .whereRaw(`LOWER(??.??) LIKE ? ESCAPE '\\'`, [t, 'subject', pattern])
        .orWhereRaw(`LOWER(??.??) LIKE ? ESCAPE '\\'`, [t, 'description', pattern]);
    });
  }
  const [beyond, order] = filters.oldestFirst ? (['>', 'asc'] as const) : (['<', 'desc'] as const);
  if (filters.after) {
    const { activity, id } = filters.after;
    query.where((page) => {
      page
        .where(`${t}.last_activity_at`, beyond, activity as Knex.Value)
        .orWhere((tie) => tie.where(`${t}.last_activity_at`, '=', activity as Knex.Value).andWhere(`${t}.id`, beyond, id));
    });
  }
  return query.orderBy([
    { column: `${t}.last_activity_at`, order },
    { column: `${t}.id`, order },
  ]).limit(filters.limit + 1);
};
