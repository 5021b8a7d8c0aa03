import type { Context } from 'koa';
import { baseUrl, type McpSettings } from './settings';

/**
 * RFC 9728 protected-resource metadata for the MCP endpoint: what the resource is, who issues its tokens (the
 * token endpoint's server, POST /api/auth/token) and that tokens go in the Authorization header only.
 */
export const protectedResourceMetadata = (settings: McpSettings) => async (ctx: Context) => {
  const base = baseUrl(settings, ctx.origin);
  ctx.set('Cache-Control', 'public, max-age=3600');
  ctx.body = {
    resource: `${base}${settings.path}`,
    authorization_servers: [base],
    bearer_methods_supported: ['header'],
    resource_name: 'Open Help Desk',
  };
};
