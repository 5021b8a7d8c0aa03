import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import type Provider from 'oidc-provider';
import { isDatabaseUnavailable, UNAVAILABLE_RETRY_AFTER_SECONDS } from '../database/unavailable';
import { service } from '../services/registry';
import { createConsentPages } from './consent';
import { INTERACTION_PATH, OAUTH_PREFIX } from './provider';
import { PAGE_SECURITY_HEADERS, page } from './pages';
import { ALL_RESOURCE_SCOPES, RESOURCE_SCOPES } from './scopes';

const DISCOVERY = '/.well-known/openid-configuration';
// RFC 8414 §3: the same document at its OAuth name; Strapi's own fallback would answer "OAuth is not supported".
const DISCOVERY_PATHS = new Set([DISCOVERY, '/.well-known/oauth-authorization-server']);
const REGISTRATION = `${OAUTH_PREFIX}/register`;
const REGISTRATIONS_PER_HOUR = 30;
const UNAVAILABLE = Symbol('helpdesk.oauth.unavailable');

type OAuthState = Record<symbol, boolean | undefined>;

const oauthError = (ctx: Context, status: number, error: string, description: string, retryAfter?: number): void => {
  ctx.status = status;
  ctx.set('Cache-Control', 'no-store');
  if (retryAfter) ctx.set('Retry-After', String(retryAfter));
  ctx.body = { error, error_description: description };
};

/**
 * What the help desk adds around oidc-provider, inside its Koa app: the admin's switches in the discovery
 * document, and a database that cannot be reached answered as RFC 6749's `temporarily_unavailable` (503 with
 * Retry-After) rather than a bare server_error.
 */
const wrapProvider = (strapi: Core.Strapi, provider: Provider): Provider => {
  provider.on('server_error', (ctx: { state: OAuthState }, error: unknown) => {
    if (isDatabaseUnavailable(error)) ctx.state[UNAVAILABLE] = true;
  });
  provider.use(async (ctx, next) => {
    await next();
    if ((ctx.state as OAuthState)[UNAVAILABLE]) {
      ctx.set('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
      ctx.status = 503;
      const description = "The help desk's database cannot be reached right now; try again shortly.";
      if (ctx.accepts('json', 'html') === 'html' && ctx.method === 'GET') {
        ctx.type = 'html';
        ctx.body = page('Try again shortly', `<h1>The help desk is not answering right now</h1><p>${description}</p>`);
      } else {
        ctx.body = { error: 'temporarily_unavailable', error_description: description };
      }
      return;
    }
    if (ctx.path === DISCOVERY && ctx.status === 200 && ctx.body && typeof ctx.body === 'object') {
      const settings = await service(strapi, 'settings').get();
      const metadata = ctx.body as Record<string, unknown>;
      metadata.scopes_supported = [...new Set([...((metadata.scopes_supported as string[] | undefined) ?? []), ...ALL_RESOURCE_SCOPES])];
      if (!settings.oauthDynamicRegistration) delete metadata.registration_endpoint;
      if (!settings.oauthClientMetadataDocuments) delete metadata.client_id_metadata_document_supported;
    }
  });
  return provider;
};

/**
 * Koa middleware mounted in register(), ahead of Strapi's body parser (oidc-provider reads its own bodies): the
 * discovery documents, /oauth/* (oidc-provider) and the consent pages. Everything else passes through.
 */
export const serveAuthorizationServer = (strapi: Core.Strapi) => {
  let provider: Provider | null = null;
  let handler: ReturnType<Provider['callback']> | null = null;
  const current = (): Provider => (provider ??= wrapProvider(strapi, service(strapi, 'authorization-server').provider()));
  const consent = createConsentPages(strapi, current);
  const registrations = () => service(strapi, 'coordination').rateLimiter('oauth-registrations', { limit: () => REGISTRATIONS_PER_HOUR, windowMs: 3_600_000 });

  const delegate = async (ctx: Context, url: string): Promise<void> => {
    ctx.respond = false;
    ctx.req.url = url;
    handler ??= current().callback();
    await handler(ctx.req, ctx.res);
  };

  return async (ctx: Context, next: Next) => {
    const path = ctx.path;
    if (DISCOVERY_PATHS.has(path)) return delegate(ctx, `${DISCOVERY}${ctx.querystring ? `?${ctx.querystring}` : ''}`);
    if (path !== OAUTH_PREFIX && !path.startsWith(`${OAUTH_PREFIX}/`)) return next();

    if (path.startsWith(`${INTERACTION_PATH}/`)) {
      try {
        return await consent(ctx);
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        ctx.status = 503;
        ctx.set('Retry-After', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
        ctx.type = 'html';
        ctx.set(PAGE_SECURITY_HEADERS);
        ctx.body = page('Try again shortly', "<h1>The help desk is not answering right now</h1><p>Its database cannot be reached. Reload this page in a moment.</p>");
        return undefined;
      }
    }

    if (path === REGISTRATION && ctx.method === 'POST') {
      if (!(await service(strapi, 'settings').get()).oauthDynamicRegistration) {
        return oauthError(ctx, 403, 'access_denied', 'Dynamic client registration is turned off on this help desk; ask its admin.');
      }
      const wait = await registrations().hit(`ip:${ctx.request.ip}`);
      if (wait > 0) return oauthError(ctx, 429, 'slow_down', 'Too many client registrations from this address; try again later.', wait);
    }

    if (path === `${OAUTH_PREFIX}/authorize` && ctx.method === 'GET' && !ctx.query.scope) {
      // No scope asked for: what the help desk offers, which the person narrows on the consent page.
      const query = new URLSearchParams(ctx.querystring);
      query.set('scope', RESOURCE_SCOPES.join(' '));
      return delegate(ctx, `${path}?${query.toString()}`);
    }
    return delegate(ctx, ctx.originalUrl);
  };
};
