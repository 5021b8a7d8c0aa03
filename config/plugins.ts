import path from 'path';
import type { Core } from '@strapi/strapi';

const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  'users-permissions': {
    config: { jwtManagement: 'refresh', sessions: { httpOnly: true } },
  },
  helpdesk: {
    enabled: true,
    // At run time this file is dist/config/plugins.js, so this lands on the compiled plugin in dist/;
    // the admin build reads the source config, so it lands on the plugin's sources.
    resolve: path.join(__dirname, '..', 'src', 'plugins', 'helpdesk'),
    config: {
      mcpPath: env('HELPDESK_MCP_PATH', '/mcp'),
      publicUrl: env('PUBLIC_URL', ''),
      tokenSecret: env('HELPDESK_TOKEN_SECRET', ''),
      keyPepper: env('HELPDESK_KEY_PEPPER', ''),
      reopenWindowDays: env.int('HELPDESK_REOPEN_WINDOW_DAYS', 7),
      allowedOrigins: env.array('HELPDESK_ALLOWED_ORIGINS', []),
      mcpBodyLimitBytes: env.int('HELPDESK_MCP_BODY_LIMIT', 1_000_000),
      rateLimitPerMinute: env.int('HELPDESK_RATE_LIMIT_PER_MINUTE', 600),
      ipRateLimitPerMinute: env.int('HELPDESK_IP_RATE_LIMIT_PER_MINUTE', 1200),
      registrationOpen: env.bool('HELPDESK_REGISTRATION_OPEN', false),
      redisUrl: env('REDIS_URL', ''),
      redisPrefix: env('HELPDESK_REDIS_PREFIX', 'helpdesk'),
      shutdownDrainMs: env.int('HELPDESK_SHUTDOWN_DRAIN_MS', 10_000),
      oauthDynamicRegistration: env.bool('HELPDESK_OAUTH_DYNAMIC_REGISTRATION', true),
      oauthClientMetadataDocuments: env.bool('HELPDESK_OAUTH_CLIENT_METADATA_DOCUMENTS', true),
      oauthClientHosts: env.array('HELPDESK_OAUTH_CLIENT_HOSTS', []),
      oauthLoopbackClientMetadata: env.bool('HELPDESK_OAUTH_LOOPBACK_CLIENT_METADATA', false),
      attachmentMaxBytes: env.int('HELPDESK_ATTACHMENT_MAX_BYTES', 10 * 1024 * 1024),
      attachmentMaxFiles: env.int('HELPDESK_ATTACHMENT_MAX_FILES', 5),
      searchRankedMatches: env.int('HELPDESK_SEARCH_RANKED_MATCHES', 200),
      // Empty: every kind the help desk knows (see the README's Attachments section).
      ...(env('HELPDESK_ATTACHMENT_TYPES', '') ? { attachmentTypes: env.array('HELPDESK_ATTACHMENT_TYPES', []) } : {}),
    },
  },
});

export default config;
