import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/** The part of a better-sqlite3 connection and statement this file uses. */
interface SqliteStatement {
  all(bindings: unknown[]): unknown[];
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}

/**
 * Prepared statements kept per SQLite connection, by SQL text. knex prepares every query afresh, and on the
 * ticket reads preparing cost as much as running the query. The list query's text varies with its filters and
 * the caller's group count, so the cache is bounded; the oldest statement is dropped first.
 */
const STATEMENTS_PER_CONNECTION = 256;
const preparedByConnection = new WeakMap<object, Map<string, SqliteStatement>>();

const preparedStatement = (connection: SqliteConnection, sql: string): SqliteStatement => {
  let statements = preparedByConnection.get(connection);
  if (!statements) {
    statements = new Map();
    preparedByConnection.set(connection, statements);
  }
  let statement = statements.get(sql);
  if (statement) return statement;
  statement = connection.prepare(sql);
  if (statements.size >= STATEMENTS_PER_CONNECTION) statements.delete(statements.keys().next().value as string);
  statements.set(sql, statement);
  return statement;
};

/** Values as knex would hand them to better-sqlite3, which binds neither dates nor booleans. */
const sqliteValue = (value: unknown): unknown => {
  if (value instanceof Date) return value.valueOf();
  if (typeof value === 'boolean') return Number(value);
  return value;
};

const readOnSqlite = async <T>(builder: Knex.QueryBuilder): Promise<T> => {
  const { sql, bindings } = builder.toSQL();
  // Inside a transaction this client hands out the transaction's own connection and releases nothing.
  const client = builder.client as Knex.Client;
  const connection = (await client.acquireConnection()) as SqliteConnection;
  try {
    return preparedStatement(connection, sql).all(bindings.map(sqliteValue)) as T;
  } finally {
    await client.releaseConnection(connection);
  }
};

/**
 * Runs a hand-written read (a SELECT) on the transaction in progress when there is one (Strapi keeps it in an
 * async context), else on the pool. SQLite has a single connection: a query beside an open transaction would wait
 * for ever. On SQLite the statement is prepared once per connection.
 */
export const runSql = async <T>(strapi: Core.Strapi, query: (knex: Knex) => Knex.QueryBuilder): Promise<T> => {
  const read = async (knex: Knex): Promise<T> => {
    const builder = query(knex);
    // The statement cache holds better-sqlite3 statements; any other driver runs the query through knex.
    return (knex.client as { driverName?: string }).driverName === 'better-sqlite3' ? readOnSqlite<T>(builder) : ((await builder) as T);
  };
  if (strapi.db.inTransaction()) {
    return strapi.db.transaction(async ({ trx }) => read(trx));
  }
  return read(strapi.db.connection);
};
