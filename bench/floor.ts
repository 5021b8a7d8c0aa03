import type { Core } from '@strapi/strapi';
import type { Actor } from '../src/plugins/helpdesk/server/src/auth/actor';
import { buildTicketListQuery, type ListFilters } from '../src/plugins/helpdesk/server/src/database/ticket-list-query';
import { ticketTables } from '../src/plugins/helpdesk/server/src/database/ticket-tables';

/**
 * The database floor: the help desk's own page query (buildTicketListQuery: the staff actor's scope, open
 * statuses, 20 rows with every related name the summary shows) run on the app's knex connection with nothing else
 * around it. What a request costs above this is framework and code.
 */
export const pageQueryFloor = (strapi: Core.Strapi, actor: Actor, statusIds: number[]): (() => Promise<unknown>) => {
  const knex = strapi.db.connection;
  const tables = ticketTables(strapi);
  const filters: ListFilters = { statusIds, limit: 20 };
  return async () => {
    const rows = (await buildTicketListQuery(knex, tables, actor, filters)) as unknown[];
    if (rows.length === 0) throw new Error('floor: the page is empty');
    return rows;
  };
};
