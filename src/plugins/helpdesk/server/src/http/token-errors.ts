import type { Context, Next } from 'koa';
import type { OAuthErrorCode } from '../auth/oauth-error';

type Body = Record<string, unknown>;
const isObject = (value: unknown): value is Body => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The token endpoint speaks RFC 6749 (`{error, error_description}`, `error` a code), and its controller answers so.
 * What is refused before the controller runs would be in Strapi's error shape, which OAuth clients cannot read: a
 * body the parser refuses (400, 413, 415) becomes `invalid_request` with the same status, and a method other than
 * POST (the router's 404, 405 or 501) a 405 `invalid_request` with `Allow: POST`. CORS preflights are left alone.
 */
export const normalizeTokenErrors = (path: string) => async (ctx: Context, next: Next) => {
  await next();
  if (ctx.path !== path && ctx.path !== `${path}/`) return;
  if (ctx.method !== 'POST' && ctx.method !== 'OPTIONS') {
    ctx.status = 405;
    ctx.set('Allow', 'POST');
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { error: 'invalid_request' satisfies OAuthErrorCode, error_description: 'The token endpoint accepts only POST.' };
    return;
  }
  if (ctx.status < 400 || ctx.status >= 500) return;
  const body: unknown = ctx.body;
  if (isObject(body) && typeof body.error === 'string') return;
  const strapiError = isObject(body) && isObject(body.error) ? body.error : null;
  const description = typeof strapiError?.message === 'string' ? strapiError.message : ctx.message;
  ctx.set('Cache-Control', 'no-store');
  ctx.body = { error: (ctx.status === 429 ? 'slow_down' : 'invalid_request') satisfies OAuthErrorCode, error_description: description };
};
