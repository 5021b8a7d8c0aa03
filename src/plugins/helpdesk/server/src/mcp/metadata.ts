import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { serverUrl } from '../http/server-url';
import type { McpSettings } from './settings';
import { RESOURCE_SCOPES } from '../oauth/scopes';

/**
 * RFC 9728 protected-resource metadata for the MCP endpoint: what the resource is, who issues its tokens (this
 * server: its authorization server for the consent flow, and POST /api/auth/token for keys and passwords), the
 * scopes an assistant may ask for, and that tokens go in the Authorization header only.
 */
export const protectedResourceMetadata = (strapi: Core.Strapi, settings: McpSettings) => async (ctx: Context) => {
  const { base, configured } = serverUrl(strapi);
  // Shared caches may keep only what configuration decided; a URL from the bound address stays per client.
  ctx.set('Cache-Control', configured ? 'public, max-age=3600' : 'no-store');
  ctx.body = {
    resource: `${base}${settings.path}`,
    authorization_servers: [base],
    scopes_supported: RESOURCE_SCOPES,
    bearer_methods_supported: ['header'],
    resource_name: 'Open Help Desk',
  };
};
