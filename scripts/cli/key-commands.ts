import { z } from 'zod';
import { service } from '../../src/plugins/helpdesk/server/src/services/registry';
import type { ApiKeyView } from '../../src/plugins/helpdesk/server/src/services/credentials';
import { setupFields } from '../../src/plugins/helpdesk/server/src/validation/accounts';
import { publicId } from '../../src/plugins/helpdesk/server/src/validation/common';
import { defineCommand, type Command } from './command';
import { operator, ownerActor } from './operator';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

const expiresIn = z
  .string()
  .regex(/^[1-9]\d{0,4}[mhd]$/, 'must be a duration such as 90m, 12h or 30d')
  .transform((v) => new Date(Date.now() + Number(v.slice(0, -1)) * UNIT_MS[v.slice(-1) as keyof typeof UNIT_MS]).toISOString());

const createInput = z.strictObject({
  email: setupFields.email,
  name: z
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be text') })
    .trim()
    .min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
  'read-only': z.boolean().optional(),
  'expires-in': expiresIn.optional(),
});

const keyLine = (k: ApiKeyView): string =>
  [
    k.id,
    k.name,
    `${k.prefix}…`,
    k.owner?.email ?? '-',
    k.read_only ? 'read-only' : 'read-write',
    `created ${k.created_at}`,
    `last used ${k.last_used_at ?? 'never'}`,
    k.revoked_at ? `REVOKED ${k.revoked_at}` : k.expires_at ? `expires ${k.expires_at}` : 'no expiry',
  ].join('  ');

/** API keys for integrations: create (shown once), list, revoke. */
export const keyCommands: Command[] = [
  defineCommand({
    name: 'key:create',
    summary: 'Create an API key for an account; the key is printed once and never stored',
    usage: '--email EMAIL --name NAME [--read-only] [--expires-in 30d]',
    options: { email: 'string', name: 'string', 'read-only': 'boolean', 'expires-in': 'string' },
    input: createInput,
    async run(strapi, input) {
      const owner = await ownerActor(strapi, input.email);
      const { key, api_key } = await service(strapi, 'credentials').createKey(owner, {
        name: input.name,
        read_only: input['read-only'] ?? false,
        expires_at: input['expires-in'] ?? null,
      });
      return [
        `Created ${api_key.read_only ? 'read-only ' : ''}API key "${api_key.name}" (id ${api_key.id}) for ${input.email}.`,
        `Key (shown once; store it now): ${key}`,
        api_key.expires_at ? `Expires ${api_key.expires_at}.` : 'It does not expire; revoke it with key:revoke when no longer needed.',
      ].join('\n');
    },
  }),
  defineCommand({
    name: 'key:list',
    summary: "List API keys (all, or one account's); never the keys themselves",
    usage: '[--email EMAIL]',
    options: { email: 'string' },
    input: z.strictObject({ email: setupFields.email.optional() }),
    async run(strapi, input) {
      const keys = input.email
        ? await service(strapi, 'credentials').listKeys(operator, { ownerInternalId: (await ownerActor(strapi, input.email)).internalId })
        : await service(strapi, 'credentials').listKeys(operator, { all: true });
      return keys.length > 0 ? keys.map(keyLine).join('\n') : 'No API keys.';
    },
  }),
  defineCommand({
    name: 'key:revoke',
    summary: 'Revoke an API key at once; other keys keep working',
    usage: '--id KEY_ID',
    options: { id: 'string' },
    input: z.strictObject({ id: publicId('API key') }),
    async run(strapi, input) {
      const key = await service(strapi, 'credentials').revokeKey(operator, input.id);
      return `Revoked API key "${key.name}" (id ${key.id}) of ${key.owner?.email ?? 'a removed account'}.`;
    },
  }),
];
