/**
 * The one classification of "the database cannot be reached or did not answer in time" (DESIGN §5 `unavailable`):
 * a fault of the connection or of the server's availability, which a retry shortly after may not meet. Anything about
 * the statement itself (a constraint, a type, a syntax, a serialization conflict) is not one of these: retrying the
 * same request would fail the same way, so those stay `internal` (or whatever the service made of them).
 */

/** Node's socket errors on the way to the database server. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'EAI_AGAIN']);

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception); 57P01–57P03 (admin shutdown, crash shutdown, cannot connect
 * now: the server is stopping or starting); 53300 (too many connections: the server is full, not the request wrong).
 */
const POSTGRES_CODES = new Set(['57P01', '57P02', '57P03', '53300']);
const POSTGRES_CONNECTION_CLASS = /^08[0-9A-Z]{3}$/;

/**
 * SQLite result codes, extended codes included (SQLITE_BUSY_SNAPSHOT, SQLITE_IOERR_READ, …): another connection holds
 * the lock past the busy timeout, or the file cannot be opened or read. SQLITE_CONSTRAINT and the like are not here.
 */
const SQLITE_PREFIXES = ['SQLITE_BUSY', 'SQLITE_LOCKED', 'SQLITE_CANTOPEN', 'SQLITE_IOERR'];

/**
 * pg throws these without a code when the socket under a client goes away or never answers; knex puts the failed
 * statement in front ("<sql> - Connection terminated unexpectedly"), so they are matched at the end.
 */
const PG_CONNECTION_MESSAGES = [
  'Connection terminated',
  'Connection terminated unexpectedly',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
  'timeout expired',
  'Query read timeout',
];

const isUnavailableFault = (error: { code?: unknown; name?: unknown; message?: unknown }): boolean => {
  const code = typeof error.code === 'string' ? error.code : '';
  if (NETWORK_CODES.has(code) || POSTGRES_CODES.has(code) || POSTGRES_CONNECTION_CLASS.test(code)) return true;
  if (SQLITE_PREFIXES.some((prefix) => code === prefix || code.startsWith(`${prefix}_`))) return true;
  // knex's pool gave up waiting for a connection (DATABASE_CONNECTION_TIMEOUT).
  if (error.name === 'KnexTimeoutError') return true;
  const message = typeof error.message === 'string' ? error.message : '';
  return PG_CONNECTION_MESSAGES.some((known) => message === known || message.endsWith(` - ${known}`));
};

/** Whether `error` (or what it wraps: `cause`, or an AggregateError's `errors`) says the database is unavailable. */
export const isDatabaseUnavailable = (error: unknown, depth = 0): boolean => {
  if (depth > 5 || typeof error !== 'object' || error === null) return false;
  const candidate = error as { code?: unknown; name?: unknown; message?: unknown; cause?: unknown; errors?: unknown };
  if (isUnavailableFault(candidate)) return true;
  if (isDatabaseUnavailable(candidate.cause, depth + 1)) return true;
  return Array.isArray(candidate.errors) && candidate.errors.some((inner) => isDatabaseUnavailable(inner, depth + 1));
};

/**
 * What `Retry-After` says while the database is away. The pool reconnects on the first request after the database
 * is back (measured: within a second of PostgreSQL's return), so a short wait is the honest estimate.
 */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

/** For logs: the fault's code or name (never its message, which may hold SQL or a connection string). */
export const describeFault = (error: unknown): string => {
  if (typeof error !== 'object' || error === null) return 'unknown';
  const { code, name } = error as { code?: unknown; name?: unknown };
  return typeof code === 'string' && code !== '' ? code : typeof name === 'string' ? name : 'unknown';
};
