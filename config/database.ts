import path from 'path';
import type { Core } from '@strapi/strapi';

type ClientKind = 'sqlite' | 'postgres';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Database => {
  const client = env('DATABASE_CLIENT', 'sqlite');
  if (client !== 'sqlite' && client !== 'postgres') {
    throw new Error(`Unsupported DATABASE_CLIENT "${client}": use "sqlite" (the default) or "postgres".`);
  }
  const kind: ClientKind = client;
  // How long a request waits for the database (a pooled connection; SQLite: another writer's lock) before it is
  // answered 503 `unavailable` with Retry-After. knex's default, 60 s, is longer than any client waits: while the
  // database is down every request would hang a minute and then fail. 5 s rides out a busy moment and a quick
  // restart, and is SQLite's own default busy timeout.
  const connectionTimeout = env.int('DATABASE_CONNECTION_TIMEOUT', 5000);

  if (kind === 'postgres') {
    return {
      connection: {
        client: 'postgres',
        connection: {
          // pg gives a connection string precedence over the separate fields.
          connectionString: env('DATABASE_URL', undefined),
          host: env('DATABASE_HOST', '127.0.0.1'),
          port: env.int('DATABASE_PORT', 5432),
          database: env('DATABASE_NAME', 'helpdesk'),
          user: env('DATABASE_USERNAME', 'postgres'),
          password: env('DATABASE_PASSWORD', ''),
          ssl: env.bool('DATABASE_SSL', false) && {
            rejectUnauthorized: env.bool('DATABASE_SSL_REJECT_UNAUTHORIZED', true),
          },
          schema: env('DATABASE_SCHEMA', 'public'),
          // Short OLTP queries: PostgreSQL's JIT can spend a second compiling a query that runs in a millisecond
          // when its row estimates are off (fresh or small tables). Set DATABASE_PG_OPTIONS to override.
          options: env('DATABASE_PG_OPTIONS', '-c jit=off'),
        },
        pool: { min: env.int('DATABASE_POOL_MIN', 0), max: env.int('DATABASE_POOL_MAX', 10) },
        acquireConnectionTimeout: connectionTimeout,
      },
    };
  }

  // At run time this file is dist/config/database.js: the app root is two levels up.
  const filename = env('DATABASE_FILENAME', '') || '.tmp/data.db';
  return {
    connection: {
      client: 'sqlite',
      connection: { filename: path.isAbsolute(filename) ? filename : path.join(__dirname, '..', '..', filename) },
      useNullAsDefault: true,
      acquireConnectionTimeout: connectionTimeout,
      pool: {
        // The connection is better-sqlite3's Database.
        afterCreate: (connection: unknown, done: (error?: Error, connection?: unknown) => void) => {
          (connection as { pragma(sql: string): unknown }).pragma(`busy_timeout = ${connectionTimeout}`);
          done(undefined, connection);
        },
      },
    },
  };
};

export default config;
