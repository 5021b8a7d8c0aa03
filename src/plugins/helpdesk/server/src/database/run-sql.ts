import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/**
 * Runs hand-written SQL on the transaction in progress when there is one (Strapi keeps it in an async context),
 * else on the pool. SQLite has a single connection: a query beside an open transaction would wait for ever.
 */
export const runSql = async <T>(strapi: Core.Strapi, query: (knex: Knex) => Knex.QueryBuilder): Promise<T> => {
  if (strapi.db.inTransaction()) {
    return strapi.db.transaction(async ({ trx }) => (await query(trx)) as T);
  }
  return (await query(strapi.db.connection)) as T;
};
