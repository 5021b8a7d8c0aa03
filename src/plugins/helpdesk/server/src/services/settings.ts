import type { Core } from '@strapi/strapi';
import { z } from 'zod';
import { ATTACHMENT_MAX_BYTES_CEILING, ATTACHMENT_MAX_FILES_CEILING, type PluginConfig } from '../config';
import { FILE_KIND_KEYS } from '../attachments/file-types';
import type { Actor } from '../auth/actor';
import { can, refusalReason } from '../authz/rules';
import { forbidden } from '../errors';
import { createTtlCache } from '../ttl-cache';
import { service } from './registry';
import { DEFAULT_SERVICE_LEVELS, serviceLevelsSchema } from '../service-levels/policy';

/** The settings an admin may change at run time (admin panel), stored in Strapi's store over the file config. */
export const runtimeSettingsSchema = z.strictObject({
  reopenWindowDays: z.number().int().min(0).max(365),
  allowedOrigins: z.array(z.string().url().or(z.literal('*'))).max(100),
  rateLimitPerMinute: z.number().int().min(1).max(100_000),
  registrationOpen: z.boolean(),
  // Optional on input, so a client that predates them (an older settings page) leaves them as they are.
  /** Whether assistants may register themselves (RFC 7591) to connect through the consent page. */
  oauthDynamicRegistration: z.boolean().optional(),
  /** Whether a client may name itself by the https URL of its metadata document (Client ID Metadata Documents). */
  oauthClientMetadataDocuments: z.boolean().optional(),
  /** Host names (or "*.example.com") whose clients may connect; empty allows any. */
  oauthClientHosts: z
    // Host names are case-insensitive: "Claude.AI" is kept as claude.ai, the form the consent check compares.
    .array(z.string().trim().toLowerCase().regex(/^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/, 'must be a host name such as claude.ai or *.example.com'))
    .max(100)
    .optional(),
  /** The largest attachment, in bytes. */
  attachmentMaxBytes: z.number().int().min(1).max(ATTACHMENT_MAX_BYTES_CEILING).optional(),
  /** How many files one message (a description, a reply or a note) may carry. */
  attachmentMaxFiles: z.number().int().min(1).max(ATTACHMENT_MAX_FILES_CEILING).optional(),
  /** The kinds of file accepted (attachments/file-types.ts); HTML, SVG and executables are never among them. */
  attachmentTypes: z.array(z.enum(FILE_KIND_KEYS)).max(FILE_KIND_KEYS.length).optional(),
  /** SLA targets per priority, optionally counted in business hours (service-levels/policy.ts). */
  serviceLevels: serviceLevelsSchema.optional(),
});
export type RuntimeSettings = Required<z.infer<typeof runtimeSettingsSchema>>;

const STORE_KEY = 'settings';
const CACHE_MS = 5_000;

/**
 * Reads are cached for a few seconds: settings change rarely and are read on every request. A change is effective
 * at once on this instance and, announced through Redis, on the others; without Redis within CACHE_MS.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const cache = createTtlCache<RuntimeSettings>({ ttlMs: CACHE_MS, maxEntries: 1 });
  const store = () => strapi.store({ type: 'plugin', name: 'helpdesk' });
  const fromConfig = (): RuntimeSettings => {
    const config = strapi.config.get('plugin::helpdesk') as PluginConfig;
    return {
      reopenWindowDays: config.reopenWindowDays,
      allowedOrigins: config.allowedOrigins,
      rateLimitPerMinute: config.rateLimitPerMinute,
      registrationOpen: config.registrationOpen,
      oauthDynamicRegistration: config.oauthDynamicRegistration,
      oauthClientMetadataDocuments: config.oauthClientMetadataDocuments,
      oauthClientHosts: config.oauthClientHosts,
      attachmentMaxBytes: config.attachmentMaxBytes,
      attachmentMaxFiles: config.attachmentMaxFiles,
      attachmentTypes: config.attachmentTypes,
      serviceLevels: DEFAULT_SERVICE_LEVELS,
    };
  };

  return {
    async get(): Promise<RuntimeSettings> {
      const cached = cache.get(STORE_KEY);
      if (cached) return cached;
      // A change announced while this read is in flight must win: the value read is then used once, not cached.
      const readSince = cache.generation();
      const stored = (await store().get({ key: STORE_KEY })) as Partial<RuntimeSettings> | null;
      const value = { ...fromConfig(), ...(stored ?? {}) };
      cache.set(STORE_KEY, value, readSince);
      return value;
    },

    forget(): void {
      cache.clear();
    },

    async update(patch: Partial<RuntimeSettings>): Promise<RuntimeSettings> {
      // Complete: what is stored now, with the patch over it.
      const next = runtimeSettingsSchema.parse({ ...(await this.get()), ...patch }) as RuntimeSettings;
      await store().set({ key: STORE_KEY, value: next });
      await service(strapi, 'coordination').forget({ cache: 'settings' });
      cache.set(STORE_KEY, next);
      await service(strapi, 'registration').alignUsersPermissions(next.registrationOpen);
      return next;
    },

    /** The settings page: admins only. */
    async show(actor: Actor): Promise<RuntimeSettings> {
      if (!can(actor, 'settings.manage')) throw forbidden(refusalReason(actor, 'settings.manage'));
      return this.get();
    },

    /** Saves validated settings (the caller parses them with runtimeSettingsSchema) and audits what changed. */
    async change(actor: Actor, input: Partial<RuntimeSettings>): Promise<RuntimeSettings> {
      const audit = service(strapi, 'audit');
      if (!can(actor, 'settings.manage')) {
        await audit.refused(actor, { action: 'settings.update', errorCode: 'forbidden' });
        throw forbidden(refusalReason(actor, 'settings.manage'));
      }
      const before = await this.get();
      const next = await this.update(input);
      const changed = (Object.keys(next) as Array<keyof RuntimeSettings>).filter(
        (key) => JSON.stringify(before[key]) !== JSON.stringify(next[key]),
      );
      await audit.record(actor, { action: 'settings.update', outcome: 'allowed', details: { changed } });
      return next;
    },
  };
};
