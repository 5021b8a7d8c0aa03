import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';
import type { Actor } from '../src/plugins/helpdesk/server/src/auth/actor';
import { buildTicketListQuery, type ListFilters } from '../src/plugins/helpdesk/server/src/database/ticket-list-query';
import { ticketTables, type LinkTable } from '../src/plugins/helpdesk/server/src/database/ticket-tables';

/**
 * The database floor: the help desk's own page query (buildTicketListQuery, the staff actor's scope, open
 * statuses, 20 rows) and one plain SQL read of those rows with every relation the summary shows, run on the
 * app's knex connection with nothing else around it. What a request costs above this is framework and code.
 */
export const pageQueryFloor = (strapi: Core.Strapi, actor: Actor, statusIds: number[]): (() => Promise<unknown>) => {
  const knex = strapi.db.connection;
  const tables = ticketTables(strapi);
  const meta = (uid: string) => strapi.db.metadata.get(uid) as unknown as { tableName: string };
  const related: Array<[alias: string, link: LinkTable, table: string, columns: string[]]> = [
    ['st', tables.status, meta('plugin::helpdesk.status').tableName, ['document_id', 'name', 'kind']],
    ['ca', tables.category, meta('plugin::helpdesk.category').tableName, ['document_id', 'name']],
    ['su', tables.submitter, meta('plugin::users-permissions.user').tableName, ['document_id', 'username']],
    ['asg', tables.assignee, meta('plugin::users-permissions.user').tableName, ['document_id', 'username']],
    ['gr', tables.group, meta('plugin::helpdesk.group').tableName, ['document_id', 'name']],
  ];
  const typeLink = linkOf(strapi, 'type');
  const itemLink = linkOf(strapi, 'item');
  related.push(['ty', typeLink, meta('plugin::helpdesk.type').tableName, ['document_id', 'name']]);
  related.push(['it', itemLink, meta('plugin::helpdesk.item').tableName, ['document_id', 'name']]);
  const filters: ListFilters = { statusIds, limit: 20 };

  const summaries = (ids: number[]): Knex.QueryBuilder => {
    const t = tables.tickets;
    const query = knex(t).select(
      `${t}.id`,
      `${t}.document_id`,
      `${t}.subject`,
      `${t}.priority`,
      `${t}.resolved_at`,
      `${t}.last_activity_at`,
      `${t}.created_at`,
      `${t}.updated_at`,
    );
    for (const [alias, link, table, columns] of related) {
      query.leftJoin(`${link.table} as ${alias}_l`, `${alias}_l.${link.ticket}`, `${t}.id`);
      query.leftJoin(`${table} as ${alias}`, `${alias}.id`, `${alias}_l.${link.other}`);
      for (const column of columns) query.select(`${alias}.${column} as ${alias}_${column}`);
    }
    return query.whereIn(`${t}.id`, ids);
  };

  return async () => {
    const rows = (await buildTicketListQuery(knex, tables, actor, filters)) as Array<{ id: number }>;
    const page = rows.slice(0, filters.limit);
    if (page.length === 0) throw new Error('floor: the page is empty');
    return summaries(page.map((r) => r.id));
  };
};

const linkOf = (strapi: Core.Strapi, attribute: string): LinkTable => {
  const meta = strapi.db.metadata.get('plugin::helpdesk.ticket') as unknown as {
    attributes: Record<string, { joinTable?: { name: string; joinColumn: { name: string }; inverseJoinColumn: { name: string } } }>;
  };
  const joinTable = meta.attributes[attribute]?.joinTable;
  if (!joinTable) throw new Error(`floor: ticket.${attribute} has no join table`);
  return { table: joinTable.name, ticket: joinTable.joinColumn.name, other: joinTable.inverseJoinColumn.name };
};
