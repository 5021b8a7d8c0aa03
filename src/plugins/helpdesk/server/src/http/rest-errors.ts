import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { HelpdeskError, asHelpdeskError, type ErrorCode } from '../errors';
import { describeFault } from '../database/unavailable';

/** Strapi's error body, with the help desk's error code added (DESIGN §5). */
export const restErrorBody = (status: number, name: string, code: ErrorCode, message: string, details: unknown) => ({
  data: null,
  error: { status, name, code, message, details: details ?? {} },
});

/** A HelpdeskError as its status, its headers (Retry-After, the Bearer challenge) and the one error shape. */
export const renderRestError = (ctx: Context, error: HelpdeskError): void => {
  ctx.status = error.status;
  if (error.details?.retry_after_seconds) ctx.set('Retry-After', String(error.details.retry_after_seconds));
  if (error.code === 'unauthenticated') ctx.set('WWW-Authenticate', 'Bearer');
  ctx.body = restErrorBody(error.status, error.name, error.code, error.message, error.details);
};

/**
 * Route middleware on every help-desk route: a HelpdeskError, or a database that cannot be reached, becomes its
 * status and the one error shape. Any other error is left to Strapi's error middleware, which logs it and answers a
 * 500 without details.
 */
export const renderHelpdeskErrors = () => async (ctx: Context, next: Next) => {
  try {
    await next();
  } catch (error) {
    const helpdeskError = asHelpdeskError(error);
    if (!(error instanceof HelpdeskError) && helpdeskError.code !== 'unavailable') throw error;
    renderRestError(ctx, helpdeskError);
  }
};

/**
 * App middleware, right after strapi::errors in config/middlewares.ts: a database that cannot be reached answers 503
 * `unavailable` on every route. Route middlewares run after authentication, so without this a credential lookup that
 * fails (the help desk's strategies, Strapi's own API tokens, users-permissions) would be a 500.
 */
export const renderDatabaseUnavailable = (_config: unknown, { strapi }: { strapi: Core.Strapi }) => async (ctx: Context, next: Next) => {
  try {
    await next();
  } catch (error) {
    if (!answeredUnavailable(strapi, ctx, error)) throw error;
  }
};

/** For middlewares that run ahead of Strapi's: answers 503 `unavailable` if that is what `error` is. */
export const answeredUnavailable = (strapi: Core.Strapi, ctx: Context, error: unknown): boolean => {
  const helpdeskError = asHelpdeskError(error);
  if (helpdeskError.code !== 'unavailable') return false;
  // One line, no stack: during an outage every request lands here, and the cause is the database, not this code.
  strapi.log.warn(`helpdesk: database unavailable (${describeFault(error)}) on ${ctx.method} ${ctx.path}: answered 503`);
  renderRestError(ctx, helpdeskError);
  return true;
};

const CODE_BY_STATUS: Record<number, ErrorCode> = {
  400: 'validation_error',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  405: 'validation_error',
  409: 'conflict',
  413: 'validation_error',
  429: 'rate_limited',
  503: 'unavailable',
};

const isErrorBody = (body: unknown): body is { error: { code?: string; status?: number } } =>
  Boolean(body) && typeof body === 'object' && Boolean((body as { error?: unknown }).error) && typeof (body as { error: unknown }).error === 'object';

/**
 * Errors Strapi itself answers on the help desk's REST paths (a refused credential, an unknown route, a body
 * too large) get the same `code` field as ours, and a 401 carries the Bearer challenge. The router answers a method
 * a route does not take in plain text, 405 (501 for a method it does not know at all, such as TRACE): both get the
 * one error shape, and both are the same refusal, 405 with the router's Allow header, since a 5xx says the server
 * failed.
 */
export const normalizeRestErrors = (prefixes: string[]) => async (ctx: Context, next: Next) => {
  await next();
  if (ctx.status < 400 || !prefixes.some((p) => ctx.path.startsWith(p))) return;
  if (ctx.status === 501 && ctx.response.get('Allow')) ctx.status = 405;
  if (!isErrorBody(ctx.body)) {
    const allowed = ctx.response.get('Allow');
    const message = ctx.status === 405 && allowed ? `${ctx.method} is not accepted here; this route accepts ${allowed}.` : ctx.message;
    ctx.body = restErrorBody(ctx.status, ctx.status === 405 ? 'MethodNotAllowedError' : 'HttpError', CODE_BY_STATUS[ctx.status] ?? 'internal', message, {});
  }
  const body = ctx.body as { error: { code?: string } };
  if (!body.error.code) body.error.code = CODE_BY_STATUS[ctx.status] ?? 'internal';
  if (ctx.status === 401 && !ctx.response.get('WWW-Authenticate')) ctx.set('WWW-Authenticate', 'Bearer');
};
