import type { Core } from '@strapi/strapi';
import type { PluginConfig } from '../config';

/**
 * The MCP endpoint's fixed settings, read once at start-up from the plugin config. The allowed origins and the
 * rate limit are not here: an admin can change them at run time, so they come from the settings service.
 */
export interface McpSettings {
  /** The endpoint path without a trailing slash, e.g. "/mcp". */
  path: string;
  bodyLimitBytes: number;
  /** Whether a request path is the endpoint: "/mcp" and "/mcp/", case-insensitive like Strapi's router. */
  matches(requestPath: string): boolean;
  /** RFC 9728 §3.1: the metadata path is the well-known prefix followed by the resource's path. */
  metadataPath: string;
}

const trimSlashes = (value: string): string => value.replace(/\/+$/, '');

const pluginConfig = <K extends keyof PluginConfig>(strapi: Core.Strapi, key: K): PluginConfig[K] =>
  strapi.plugin('helpdesk').config(key) as PluginConfig[K];

export const readMcpSettings = (strapi: Core.Strapi): McpSettings => {
  const path = trimSlashes(pluginConfig(strapi, 'mcpPath'));
  if (path === '') {
    throw new Error('helpdesk: mcpPath cannot be "/" (it would shadow every other route); use e.g. "/mcp".');
  }
  // Strapi's own admin-token MCP server always mounts at /mcp; two servers on one path would shadow each other.
  if (path.toLowerCase() === '/mcp' && strapi.config.get<boolean>('server.mcp.enabled', false) === true) {
    throw new Error(
      'helpdesk: Strapi\'s own MCP server (server.mcp.enabled in config/server.ts) also wants /mcp. ' +
        'Set `mcp: { enabled: false }` in config/server.ts, or move the help desk\'s endpoint with HELPDESK_MCP_PATH (e.g. /helpdesk/mcp).',
    );
  }
  const lowered = path.toLowerCase();
  return {
    path,
    bodyLimitBytes: pluginConfig(strapi, 'mcpBodyLimitBytes'),
    matches: (requestPath) => {
      const p = requestPath.toLowerCase();
      return p === lowered || p === `${lowered}/`;
    },
    metadataPath: `/.well-known/oauth-protected-resource${path}`,
  };
};

/** Whether a browser page's Origin is on the allow list ("*" allows any); no Origin is checked by the caller. */
export const originAllowed = (allowedOrigins: readonly string[], origin: string): boolean =>
  allowedOrigins.some((allowed) => allowed === '*' || trimSlashes(allowed) === origin);
