import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { unavailable } from '../errors';
import { renderRestError } from './rest-errors';

/** A health probe that waits longer than this is itself a failure: load balancers time out in a few seconds. */
const HEALTH_TIMEOUT_MS = 2_000;

/** Strapi's router matches /_health case-insensitively and with a trailing slash; so does this check. */
const isHealthPath = (path: string): boolean => path.toLowerCase().replace(/\/+$/, '') === '/_health';

/**
 * Whether the database answers a one-row read in time. A read of a table, not `select 1`: SQLite answers `select 1`
 * without touching the file, so a database locked by another process would still look healthy.
 */
const databaseAnswers = async (strapi: Core.Strapi): Promise<boolean> => {
  let timer: NodeJS.Timeout | undefined;
  const read = strapi.db.query('strapi::core-store').findOne({ select: ['id'] });
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), HEALTH_TIMEOUT_MS);
  });
  try {
    return (await Promise.race([read, late])) !== 'late';
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
    // A read that lost the race still settles later (the pool's acquire timeout); it must not be an unhandled rejection.
    read.catch(() => undefined);
  }
};

/**
 * Wraps Strapi's own `/_health` (204, no body): when the database does not answer, 503 `unavailable` with Retry-After
 * instead, so a load balancer or orchestrator stops sending traffic until it is back. Mounted ahead of the router.
 */
export const checkDatabaseOnHealth = (strapi: Core.Strapi) => async (ctx: Context, next: Next) => {
  if (!isHealthPath(ctx.path)) return next();
  if (await databaseAnswers(strapi)) return next();
  ctx.set('Cache-Control', 'no-store');
  renderRestError(ctx, unavailable());
};
