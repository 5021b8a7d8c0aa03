import { z } from 'zod';
import { DEFAULT_ATTACHMENT_TYPES, FILE_KIND_KEYS } from './attachments/file-types';

/** Bounds an admin cannot go past: a file is read into memory to be checked and served. */
export const ATTACHMENT_MAX_BYTES_CEILING = 100 * 1024 * 1024;
export const ATTACHMENT_MAX_FILES_CEILING = 20;

/** The plugin's settings, from config/plugins.ts (`helpdesk.config`). Checked at start-up. */
export const pluginConfigSchema = z.object({
  mcpPath: z.string().regex(/^\/[A-Za-z0-9/_-]*$/, 'must be a path starting with /'),
  publicUrl: z.string(),
  tokenSecret: z.string(),
  keyPepper: z.string(),
  reopenWindowDays: z.number().int().min(0).max(365),
  allowedOrigins: z.array(z.string()),
  mcpBodyLimitBytes: z.number().int().min(1024),
  rateLimitPerMinute: z.number().int().min(1),
  ipRateLimitPerMinute: z.number().int().min(1),
  registrationOpen: z.boolean(),
  /** Empty: each instance counts and caches alone (one instance needs nothing more). */
  redisUrl: z.string(),
  redisPrefix: z.string().regex(/^[A-Za-z0-9:_-]+$/, 'letters, digits, ":", "_" and "-" only'),
  shutdownDrainMs: z.number().int().min(0),
  oauthDynamicRegistration: z.boolean(),
  oauthClientMetadataDocuments: z.boolean(),
  oauthClientHosts: z.array(z.string()),
  /**
   * Development and tests only: client metadata documents may be fetched from loopback addresses, whose TLS
   * certificate then goes unchecked (nothing public can vouch for 127.0.0.1). Never set it on a public server.
   */
  oauthLoopbackClientMetadata: z.boolean(),
  /** Attachments: the largest file, how many files one message may carry, and which kinds (attachments/file-types.ts). */
  attachmentMaxBytes: z.number().int().min(1).max(ATTACHMENT_MAX_BYTES_CEILING),
  attachmentMaxFiles: z.number().int().min(1).max(ATTACHMENT_MAX_FILES_CEILING),
  attachmentTypes: z.array(z.enum(FILE_KIND_KEYS)),
  /** search_tickets ranks the newest this many matching tickets, and as many replies (database/ticket-search-query.ts). */
  searchRankedMatches: z.number().int().min(1).max(100_000),
});

export type PluginConfig = z.infer<typeof pluginConfigSchema>;

export const defaultConfig: PluginConfig = {
  mcpPath: '/mcp',
  publicUrl: '',
  tokenSecret: '',
  keyPepper: '',
  reopenWindowDays: 7,
  allowedOrigins: [],
  mcpBodyLimitBytes: 1_000_000,
  rateLimitPerMinute: 600,
  ipRateLimitPerMinute: 1200,
  registrationOpen: false,
  redisUrl: '',
  redisPrefix: 'helpdesk',
  // On SIGTERM, how long requests in flight may take to finish before they are cut off.
  shutdownDrainMs: 10_000,
  oauthDynamicRegistration: true,
  oauthClientMetadataDocuments: true,
  oauthClientHosts: [],
  oauthLoopbackClientMetadata: false,
  attachmentMaxBytes: 10 * 1024 * 1024,
  attachmentMaxFiles: 5,
  attachmentTypes: [...DEFAULT_ATTACHMENT_TYPES],
  searchRankedMatches: 200,
};

export default {
  default: defaultConfig,
  validator(config: unknown) {
    const result = pluginConfigSchema.safeParse(config);
    if (!result.success) {
      const problems = result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new Error(`helpdesk plugin configuration is not valid: ${problems}`);
    }
  },
};
