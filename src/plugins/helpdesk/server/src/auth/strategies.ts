import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import type { Actor } from './actor';
import { looksLikeApiKey } from './api-key-format';
import { looksLikeJwt } from './access-token';
import { service } from '../services/registry';
import { looksLikeOAuthToken } from '../services/authorization-server';

export const API_KEY_STRATEGY = 'helpdesk-api-key';
export const ACCESS_TOKEN_STRATEGY = 'helpdesk-access-token';
export const OAUTH_TOKEN_STRATEGY = 'helpdesk-oauth-token';

const bearer = (ctx: Context): string | null => /^Bearer\s+(\S+)\s*$/i.exec(ctx.request.header.authorization ?? '')?.[1] ?? null;

/** Strapi's route permission step: these credentials open the help desk's routes and nothing else in the app. */
const verify = (_auth: unknown, config: { scope?: string | string[] } = {}) => {
  const scopes = Array.isArray(config.scope) ? config.scope : config.scope ? [config.scope] : [];
  if (!scopes.every((scope) => scope.startsWith('plugin::helpdesk.'))) {
    throw new errors.ForbiddenError('Help-desk credentials only open the help desk API.');
  }
};

const authenticated = (ctx: Context, actor: Actor) => {
  // Strapi leaves ctx.state.user to the strategy; it never holds the password hash.
  ctx.state.user = { id: actor.internalId, documentId: actor.userId };
  return { authenticated: true, credentials: actor };
};

const strategy = (
  strapi: Core.Strapi,
  name: string,
  accepts: (credential: string) => boolean,
  resolve: (credential: string) => Promise<Actor | null>,
) => ({
  name,
  async authenticate(ctx: Context) {
    const credential = bearer(ctx);
    if (!credential || !accepts(credential)) return { authenticated: false };
    const actor = await resolve(credential);
    if (!actor) {
      await service(strapi, 'failed-authentication').record(ctx.request.ip, 'rest');
      return { error: 'The credential is not valid: it may be mistyped, expired or revoked.' };
    }
    return authenticated(ctx, actor);
  },
  verify,
});

/** The content-API strategies: a Bearer API key, a token from POST /api/auth/token, and one from the consent flow. */
export const registerAuthStrategies = (strapi: Core.Strapi): void => {
  const credentials = () => service(strapi, 'credentials');
  const auth = strapi.get('auth') as { register(type: string, strategy: object): void };
  auth.register(
    'content-api',
    strategy(strapi, API_KEY_STRATEGY, looksLikeApiKey, (key) => credentials().actorForApiKey(key, 'rest')),
  );
  auth.register(
    'content-api',
    strategy(strapi, ACCESS_TOKEN_STRATEGY, looksLikeJwt, (token) => credentials().actorForAccessToken(token, 'rest')),
  );
  auth.register(
    'content-api',
    strategy(strapi, OAUTH_TOKEN_STRATEGY, looksLikeOAuthToken, (token) =>
      service(strapi, 'authorization-server').actorForAccessToken(token, 'rest'),
    ),
  );
};

/** The Actor a help-desk route was authenticated as. */
export const actorOf = (ctx: Context): Actor => (ctx.state.auth as { credentials: Actor }).credentials;
