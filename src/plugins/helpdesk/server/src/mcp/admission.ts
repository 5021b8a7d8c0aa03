import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { Actor } from '../auth/actor';
import { HelpdeskError, forbidden, rateLimited, unauthenticated } from '../errors';
import type { RateLimiter } from '../rate-limiter';
import { service } from '../services/registry';
import { serverUrl } from '../http/server-url';
import { refuse } from './http-responses';
import { originAllowed, type McpSettings } from './settings';

export type Admission = (ctx: Context) => Promise<Actor | null>;

/**
 * A browser page's Origin must be the server's own or on the allow list; no Origin (a server-side client) is fine.
 * Answers the 403. The list is the run-time setting (cached by the settings service), so an admin's change needs
 * no restart.
 */
export const originRefused = async (strapi: Core.Strapi, ctx: Context): Promise<boolean> => {
  const origin = ctx.get('Origin');
  if (!origin || serverUrl(strapi).origins.includes(origin)) return false;
  if (originAllowed((await service(strapi, 'settings').get()).allowedOrigins, origin)) return false;
  refuse(ctx, 403, forbidden(`Requests from the web origin ${origin} are not allowed here.`));
  return true;
};

/**
 * The checks every MCP request passes, in the order DESIGN §7 fixes: Origin, then credentials (Authorization
 * header only), then the per-credential rate limit. Returns the Actor, or null after answering the refusal.
 */
export const createAdmission = (strapi: Core.Strapi, settings: McpSettings): Admission => {
  // The limit is a run-time setting: each request reads it (cached) just before counting its hit.
  let perMinute = 0;
  // Made on first use rather than in register(): shared counts (Redis) are wired up with the services.
  let limiter: RateLimiter | null = null;
  const perRoot = () => (limiter ??= service(strapi, 'coordination').rateLimiter('mcp', { limit: () => perMinute, windowMs: 60_000 }));

  const challenge = (ctx: Context, error: HelpdeskError, credentialPresented: boolean): null => {
    const metadata = `${serverUrl(strapi).base}${settings.metadataPath}`;
    // RFC 6750 §3.1: an error code only when a credential was presented; RFC 9728 §5.1: where to learn more.
    const params = credentialPresented ? `error="invalid_token", resource_metadata="${metadata}"` : `resource_metadata="${metadata}"`;
    refuse(ctx, 401, error, { headers: { 'WWW-Authenticate': `Bearer ${params}` } });
    return null;
  };

  return async (ctx) => {
    if (await originRefused(strapi, ctx)) return null;

    const authorization = ctx.get('Authorization');
    if (!authorization) {
      const message = ctx.get('Cookie')
        ? `Session cookies are not accepted at ${settings.path}/: send an API key or access token as "Authorization: Bearer <credential>".`
        : 'Send an API key or an access token as "Authorization: Bearer <credential>".';
      return challenge(ctx, unauthenticated(message), false);
    }
    let actor: Actor;
    try {
      actor = await service(strapi, 'credentials').authenticateBearer(authorization, 'mcp');
    } catch (error) {
      if (!(error instanceof HelpdeskError) || error.code !== 'unauthenticated') throw error;
      await service(strapi, 'failed-authentication').record(ctx.request.ip, 'mcp');
      return challenge(ctx, error, true);
    }

    perMinute = (await service(strapi, 'settings').get()).rateLimitPerMinute;
    // The budget is the credential's root, not the token: minting fresh tokens from a key or a password buys nothing.
    const root = actor.credential.keyId ? `key:${actor.credential.keyId}` : `account:${actor.userId}`;
    const wait = await perRoot().hit(root);
    if (wait > 0) {
      refuse(ctx, 429, rateLimited(wait), { headers: { 'Retry-After': String(wait) } });
      return null;
    }
    return actor;
  };
};
