import type { Core } from '@strapi/strapi';
import type Provider from 'oidc-provider';
import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type { PluginConfig } from '../config';
import { helpdeskSecrets } from '../auth/secrets';
import { serverUrl } from '../http/server-url';
import { readMcpSettings } from '../mcp/settings';
import { service } from '../services/registry';
import { UID } from '../uids';
import { clientMetadataFetch } from './client-metadata-fetch';
import { authorizationServerKeys } from './keys';
import { ALL_RESOURCE_SCOPES } from './scopes';
import { deleteGrantRecords, storageAdapter } from './storage';
import { renderErrorPage } from './pages';
import { clientHostAllowed } from './client-hosts';

export const OAUTH_PREFIX = '/oauth';
export const INTERACTION_PATH = `${OAUTH_PREFIX}/interaction`;

export const TOKEN_TTL_SECONDS = 3600;
const DAY = 24 * 3600;

/** The two resources a token can be for (RFC 8707): the MCP endpoint and the REST API. */
export interface ProtectedResources {
  mcp: string;
  rest: string;
}

export const protectedResources = (strapi: Core.Strapi): ProtectedResources => {
  const { base } = serverUrl(strapi);
  return { mcp: `${base}${readMcpSettings(strapi).path}`, rest: `${base}/api/helpdesk` };
};

/** A resource as a client may spell it: with or without the trailing slash. */
export const sameResource = (a: string, b: string): boolean => a.replace(/\/+$/, '') === b.replace(/\/+$/, '');

/** Why oidc-provider ended a grant, from the request that made it do so. */
const grantEndedReason = (ctx: KoaContextWithOIDC): string => {
  if (ctx.oidc.route === 'revocation') return 'revoked_by_app';
  const grantType = (ctx.oidc.params as { grant_type?: unknown } | undefined)?.grant_type;
  if (grantType === 'refresh_token') return 'refresh_token_reused';
  if (grantType === 'authorization_code') return 'authorization_code_reused';
  return ctx.oidc.route;
};

const pluginConfig = (strapi: Core.Strapi): PluginConfig => strapi.config.get('plugin::helpdesk') as PluginConfig;

/**
 * The help desk's OAuth 2.1 authorization server (DESIGN §7a), on panva's certified oidc-provider: authorization
 * code with PKCE S256 only, refresh rotation with reuse detection, resource indicators, revocation, dynamic
 * registration and client metadata documents. Opaque access tokens, stored with everything else in the help
 * desk's database, so a revoked connection ends its tokens on every instance at the next request.
 */
export const createAuthorizationServer = (strapi: Core.Strapi): Provider => {
  // Loaded on first use, not with the plugin: the CLI and a server nobody connects through OAuth never load it.
  const { default: OidcProvider, errors } = require('oidc-provider') as typeof import('oidc-provider');
  const issuer = serverUrl(strapi).base;
  const resources = protectedResources(strapi);
  const keys = authorizationServerKeys(helpdeskSecrets(strapi).tokenSecret);
  const settings = () => service(strapi, 'settings').get();

  const configuration: Configuration = {
    adapter: storageAdapter(strapi, async (model, grantId) => {
      const reuse = model === 'RefreshToken' ? 'refresh_token_reused' : 'authorization_code_reused';
      if (grantId) {
        await deleteGrantRecords(strapi, grantId);
        await service(strapi, 'connections').endedByServer(grantId, reuse);
      }
      return new errors.InvalidGrant(model === 'RefreshToken' ? 'refresh token already used' : 'authorization code already consumed');
    }),
    clients: [],
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      id_token_signed_response_alg: 'EdDSA',
    },
    jwks: { keys: [keys.signing] },
    enabledJWA: { idTokenSigningAlgValues: ['EdDSA'] },
    cookies: {
      keys: keys.cookies,
      names: { session: 'helpdesk_oauth_session', interaction: 'helpdesk_oauth_interaction', resume: 'helpdesk_oauth_resume' },
      long: { httpOnly: true, sameSite: 'lax', signed: true },
      short: { httpOnly: true, sameSite: 'lax', signed: true, path: '/' },
    },
    // OpenID scopes only: the help desk's own scopes belong to its resources (getResourceServerInfo below).
    scopes: ['openid', 'offline_access'],
    claims: { openid: ['sub'] },
    // The MCP SDK registers (DCR) with `scope` set to the resource's scopes_supported, as RFC 7591 allows, and a
    // client metadata document may say the same. oidc-provider reads a client's scope as an allow-list of the
    // OpenID scopes above and refused any other, so such a client could not register at all. The help desk's own
    // scopes are its resources' and are granted on the consent page: they are taken out of the client's list here
    // (before the provider checks it); any other scope it does not know is still refused.
    extraClientMetadata: {
      properties: ['scope'],
      validator: (_ctx, key, value, metadata) => {
        if (key !== 'scope' || typeof value !== 'string') return;
        const kept = value.split(' ').filter((scope) => scope && !ALL_RESOURCE_SCOPES.includes(scope));
        if (kept.length) metadata.scope = kept.join(' ');
        else delete metadata.scope;
      },
    },
    responseTypes: ['code'],
    pkce: { required: () => true },
    allowOmittingSingleRegisteredRedirectUri: false,
    // An assistant keeps working after its person closes the browser: tokens outlive the sign-in session.
    expiresWithSession: async () => false,
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    // oidc-provider's default keeps the grant when an app revokes an access token (RFC 7009), yet it still revokes
    // every token and code of that grant, so the connection is dead with nothing left to refresh; it would stay listed
    // as active. Ending the grant every time makes the provider say so (grant.revoked), and the connection ends too.
    revokeGrantPolicy: async () => true,
    ttl: {
      AccessToken: TOKEN_TTL_SECONDS,
      AuthorizationCode: 60,
      Grant: 365 * DAY,
      IdToken: TOKEN_TTL_SECONDS,
      Interaction: 3600,
      RefreshToken: 30 * DAY,
      Session: 14 * DAY,
    },
    routes: {
      authorization: `${OAUTH_PREFIX}/authorize`,
      token: `${OAUTH_PREFIX}/token`,
      registration: `${OAUTH_PREFIX}/register`,
      revocation: `${OAUTH_PREFIX}/revoke`,
      jwks: `${OAUTH_PREFIX}/jwks`,
      end_session: `${OAUTH_PREFIX}/session/end`,
      userinfo: `${OAUTH_PREFIX}/userinfo`,
      introspection: `${OAUTH_PREFIX}/introspect`,
      pushed_authorization_request: `${OAUTH_PREFIX}/par`,
    },
    features: {
      devInteractions: { enabled: false },
      registration: { enabled: true, initialAccessToken: false },
      revocation: { enabled: true },
      userinfo: { enabled: false },
      rpInitiatedLogout: { enabled: false },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => resources.mcp,
        useGrantedResource: async () => true,
        getResourceServerInfo: async (_ctx, resource) => {
          if (!sameResource(resource, resources.mcp) && !sameResource(resource, resources.rest)) {
            throw new errors.InvalidTarget(`resource must be ${resources.mcp} or ${resources.rest}`);
          }
          return { scope: ALL_RESOURCE_SCOPES.join(' '), audience: resource, accessTokenTTL: TOKEN_TTL_SECONDS, accessTokenFormat: 'opaque' };
        },
      },
      clientIdMetadataDocument: {
        enabled: true,
        ack: 'draft-02',
        allowFetch: async (_ctx: KoaContextWithOIDC, clientId: string) => {
          const current = await settings();
          return current.oauthClientMetadataDocuments && clientHostAllowed(current.oauthClientHosts, new URL(clientId).hostname);
        },
      },
    } as Configuration['features'],
    fetch: clientMetadataFetch(pluginConfig(strapi).oauthLoopbackClientMetadata) as Configuration['fetch'],
    interactions: { url: async (_ctx, interaction) => `${INTERACTION_PATH}/${interaction.uid}` },
    findAccount: async (_ctx, sub) => {
      const account = (await strapi.db.query(UID.user).findOne({ where: { documentId: sub }, select: ['documentId', 'blocked'] })) as {
        documentId: string;
        blocked: boolean | null;
      } | null;
      if (!account || account.blocked) return undefined;
      return { accountId: account.documentId, claims: async () => ({ sub: account.documentId }) };
    },
    renderError: async (ctx, out) => {
      ctx.type = 'html';
      ctx.body = renderErrorPage(String(out.error), String(out.error_description ?? ''));
    },
  };

  const provider = new OidcProvider(issuer, configuration);
  provider.proxy = Boolean(strapi.config.get('server.proxy', false));
  // oidc-provider ends a grant when a refresh token or a code is presented twice (it was copied) or when the app
  // revokes one of its tokens; the connection ends with it, and the audit log says which of these it was.
  provider.on('grant.revoked', (ctx: KoaContextWithOIDC, grantId: string) => {
    service(strapi, 'connections')
      .endedByServer(grantId, grantEndedReason(ctx))
      .catch((error: unknown) => strapi.log.error(`helpdesk.oauth: could not mark a revoked grant's connection: ${String(error)}`));
  });
  provider.on('server_error', (_ctx: unknown, error: Error) => strapi.log.error(`helpdesk.oauth: ${error.stack ?? error.message}`));
  return provider;
};
