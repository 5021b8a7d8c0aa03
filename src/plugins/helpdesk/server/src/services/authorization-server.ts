import type { Core } from '@strapi/strapi';
import type Provider from 'oidc-provider';
import type { Actor, Channel } from '../auth/actor';
import { createAuthorizationServer, protectedResources, sameResource } from '../oauth/provider';
import { isReadOnly, SCOPE } from '../oauth/scopes';
import { service } from './registry';

/** oidc-provider's opaque access tokens: 256 random bits in base64url. */
export const looksLikeOAuthToken = (value: string): boolean => /^[A-Za-z0-9_-]{43}$/.test(value);

/**
 * The authorization server, made on first use rather than at start-up: its issuer is this server's URL, which
 * without PUBLIC_URL is known only once the server listens.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let provider: Provider | null = null;

  return {
    provider(): Provider {
      provider ??= createAuthorizationServer(strapi);
      return provider;
    },

    /**
     * The Actor behind an access token from the consent flow, or null. The token must be for the resource it is
     * presented to (RFC 8707: a REST token does not open /mcp/), and its connection must still stand.
     */
    async actorForAccessToken(token: string, channel: Channel): Promise<Actor | null> {
      const found = await this.provider().AccessToken.find(token);
      if (!found || found.isExpired || !found.grantId || !found.accountId) return null;
      const resources = protectedResources(strapi);
      const expected = channel === 'mcp' ? resources.mcp : resources.rest;
      const audiences = ([] as unknown[]).concat(found.aud ?? []).map(String);
      if (!audiences.some((audience) => sameResource(audience, expected))) return null;
      const scopes = new Set(String(found.scope ?? '').split(' ').filter(Boolean));
      if (!scopes.has(SCOPE.read)) return null;
      const connections = service(strapi, 'connections');
      const connection = await connections.activeForGrant(found.grantId);
      if (!connection) return null;
      const actor = await service(strapi, 'actors').actorFor(
        { documentId: found.accountId },
        { credential: { kind: 'oauth', id: connection.id, name: connection.clientName }, channel, readOnly: isReadOnly(scopes) },
      );
      if (actor) await connections.touch(connection);
      return actor;
    },
  };
};
