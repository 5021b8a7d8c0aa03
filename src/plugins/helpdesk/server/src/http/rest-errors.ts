import type { Context, Next } from 'koa';
import { HelpdeskError, type ErrorCode } from '../errors';

/** Strapi's error body, with the help desk's error code added (DESIGN §5). */
export const restErrorBody = (status: number, name: string, code: ErrorCode, message: string, details: unknown) => ({
  data: null,
  error: { status, name, code, message, details: details ?? {} },
});

/** Route middleware on every help-desk route: a HelpdeskError becomes its status and the one error shape. */
export const renderHelpdeskErrors = () => async (ctx: Context, next: Next) => {
  try {
    await next();
  } catch (error) {
    if (!(error instanceof HelpdeskError)) throw error;
    ctx.status = error.status;
    if (error.code === 'rate_limited' && error.details?.retry_after_seconds) {
      ctx.set('Retry-After', String(error.details.retry_after_seconds));
    }
    if (error.code === 'unauthenticated') ctx.set('WWW-Authenticate', 'Bearer');
    ctx.body = restErrorBody(error.status, error.name, error.code, error.message, error.details);
  }
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

/**
 * Errors Strapi itself answers on the help desk's REST paths (a refused credential, an unknown route, a body
 * too large) get the same `code` field as ours, and a 401 carries the Bearer challenge.
 */
export const normalizeRestErrors = (prefixes: string[]) => async (ctx: Context, next: Next) => {
  await next();
  if (ctx.status < 400 || !prefixes.some((p) => ctx.path.startsWith(p))) return;
  const body = ctx.body as { error?: { code?: string; status?: number } } | undefined;
  if (body && typeof body === 'object' && body.error && typeof body.error === 'object' && !body.error.code) {
    body.error.code = CODE_BY_STATUS[ctx.status] ?? 'internal';
  }
  if (ctx.status === 401 && !ctx.response.get('WWW-Authenticate')) ctx.set('WWW-Authenticate', 'Bearer');
};
