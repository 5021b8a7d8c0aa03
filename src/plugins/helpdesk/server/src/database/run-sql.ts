import { createHash } from 'crypto';
import type { Core } from '@strapi/strapi';
import type { Knex } from 'knex';

/** The parts of the two drivers' connections this file uses. */
interface SqliteStatement {
  all(bindings: unknown[]): unknown[];
}
interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}
interface PgConnection {
  query(config: { text: string; values: unknown[]; name?: string }): Promise<{ rows: unknown[] }>;
}

type Driver = 'better-sqlite3' | 'pg' | 'other';
export const driverOf = (knex: Knex): Driver => {
  const name = (knex.client as { driverName?: string }).driverName;
  return name === 'better-sqlite3' || name === 'pg' ? name : 'other';
};

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

/**
 * Runs SQL in the driver's own placeholder style on a connection of `knex` (inside a transaction its client hands
 * out the transaction's connection and releases nothing). A `name` makes it a PostgreSQL prepared statement, parsed
 * and planned once per connection: planning the ticket query's joins cost more than running it.
 */
const readOnDriver = async <Row>(
  knex: Knex,
  driver: Exclude<Driver, 'other'>,
  sql: string,
  bindings: readonly unknown[],
  name?: string,
): Promise<Row[]> => {
  const client = knex.client as Knex.Client;
  const connection: unknown = await client.acquireConnection();
  try {
    if (driver === 'better-sqlite3') {
      return preparedStatement(connection as SqliteConnection, sql).all(bindings.map(sqliteValue)) as Row[];
    }
    const query = { text: sql, values: [...bindings], ...(name ? { name } : {}) };
    return (await (connection as PgConnection).query(query)).rows as Row[];
  } finally {
    await client.releaseConnection(connection);
  }
};

/** Strapi keeps the transaction in progress in an async context; a read inside one must use its connection. */
const withConnection = async <T>(strapi: Core.Strapi, read: (knex: Knex) => Promise<T>): Promise<T> => {
  // SQLite has a single connection: a query beside an open transaction would wait for ever.
  if (strapi.db.inTransaction()) return strapi.db.transaction(async ({ trx }) => read(trx));
  return read(strapi.db.connection);
};

/** The same text always gets the same name, as PostgreSQL requires of a connection's prepared statements. */
const statementName = (sql: string): string => `helpdesk_${createHash('sha1').update(sql).digest('hex').slice(0, 20)}`;

/**
 * Runs a hand-written read (a SELECT) whose shape changes from call to call, on the transaction in progress when
 * there is one, else on the pool. On SQLite the statement is prepared once per connection.
 */
export const runSql = async <Row>(strapi: Core.Strapi, query: (knex: Knex) => Knex.QueryBuilder): Promise<Row[]> =>
  withConnection(strapi, async (knex) => {
    const builder = query(knex);
    // Not a PostgreSQL prepared statement: after five runs PostgreSQL may settle on a generic plan, and the list's
    // generic plan (LIMIT and scope as parameters) sorted the whole scope: 340 ms instead of 7 ms at 1M tickets.
    if (driverOf(knex) !== 'better-sqlite3') return (await builder) as Row[];
    const { sql, bindings } = builder.toSQL();
    return readOnDriver<Row>(knex, 'better-sqlite3', sql, bindings);
  });

type Params = Record<string, string | number>;
type Binding = { param: string } | { value: unknown };

/** Stands in for a parameter while knex builds the SQL once; no real value looks like it. */
const placeholderFor = (name: string): string => `\u0000helpdesk-param:${name}\u0000`;
const PLACEHOLDER = /^\u0000helpdesk-param:(.*)\u0000$/;

/**
 * A hand-written read whose SQL is the same on every call but for its values. knex builds it once per database
 * with a placeholder for each parameter; each call then only binds values and runs it on the driver: on SQLite a
 * statement prepared once, on PostgreSQL a named prepared statement. On the ticket reads, building and planning the
 * SQL cost more than running it; these are lookups by key, whose generic plan is the custom one. `build` must use
 * each parameter as one plain value: never in a list, nor to choose the query's shape. Drivers other than
 * better-sqlite3 and pg have the query built by knex on every call.
 */
export const compiledRead = <P extends Params, Row>(build: (knex: Knex, params: P, strapi: Core.Strapi) => Knex.QueryBuilder) => {
  const compiled = new WeakMap<Knex, { sql: string; bindings: Binding[]; name: string }>();
  const compile = (strapi: Core.Strapi, driver: Exclude<Driver, 'other'>, names: string[]) => {
    const placeholders = Object.fromEntries(names.map((name) => [name, placeholderFor(name)])) as P;
    const query = build(strapi.db.connection, placeholders, strapi).toSQL();
    const { sql, bindings } = driver === 'pg' ? query.toNative() : query;
    return {
      sql,
      name: statementName(sql),
      bindings: bindings.map((value): Binding => {
        const name = typeof value === 'string' ? PLACEHOLDER.exec(value)?.[1] : undefined;
        return name !== undefined ? { param: name } : { value };
      }),
    };
  };
  return (strapi: Core.Strapi, params: P): Promise<Row[]> =>
    withConnection(strapi, async (knex) => {
      const driver = driverOf(knex);
      if (driver === 'other') return (await build(knex, params, strapi)) as Row[];
      // Compiled against the app's own connection, so a transaction's SQL is reused too.
      const root = strapi.db.connection;
      let query = compiled.get(root);
      if (!query) {
        query = compile(strapi, driver, Object.keys(params));
        compiled.set(root, query);
      }
      const values = query.bindings.map((b) => ('param' in b ? params[b.param] : b.value));
      return readOnDriver<Row>(knex, driver, query.sql, values, query.name);
    });
};
