import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { rateLimited } from '../errors';
import { refuse } from '../mcp/http-responses';
import type { McpSettings } from '../mcp/settings';
import { service } from '../services/registry';
import { OAUTH_PREFIX } from '../oauth/provider';
import { restErrorBody } from './rest-errors';

/**
 * Koa middleware mounted in register(), ahead of Strapi's router and of the MCP gate: every request to the content
 * API (/api/*: users-permissions' routes, the help desk's and the token endpoint) and to the MCP endpoint spends the
 * client's per-IP budget before any auth strategy or credential lookup runs. Over it, 429 with Retry-After, in the
 * shape each caller parses: Strapi's error body, the token endpoint's RFC 6749 body, or MCP's JSON-RPC error.
 */
export const limitRequestsPerIp = (strapi: Core.Strapi, mcp: McpSettings) => {
  // Strapi's router ignores case, so the match does too.
  const api = strapi.config.get<string>('api.rest.prefix', '/api').replace(/\/+$/, '').toLowerCase();
  const tokenEndpoint = `${api}/auth/token`;

  return async (ctx: Context, next: Next) => {
    const path = ctx.path.toLowerCase();
    const isMcp = mcp.matches(path);
    const isOAuth = path.startsWith(`${OAUTH_PREFIX}/`);
    if (!isMcp && !isOAuth && path !== api && !path.startsWith(`${api}/`)) return next();
    const wait = await service(strapi, 'ip-budget').spend(ctx.request.ip);
    if (wait === 0) return next();

    const error = rateLimited(wait);
    const retryAfter = String(wait);
    if (isMcp) return refuse(ctx, 429, error, { headers: { 'Retry-After': retryAfter } });
    ctx.status = 429;
    ctx.set('Retry-After', retryAfter);
    if (isOAuth || path === tokenEndpoint || path === `${tokenEndpoint}/`) {
      // OAuth clients read RFC 6749 errors here; slow_down is the code the endpoint's own throttle answers with.
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { error: 'slow_down', error_description: error.message };
      return undefined;
    }
    ctx.body = restErrorBody(429, error.name, error.code, error.message, error.details);
    return undefined;
  };
};
