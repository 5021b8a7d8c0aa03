import { z } from 'zod';
import { service } from '../../src/plugins/helpdesk/server/src/services/registry';
import type { ConnectionView } from '../../src/plugins/helpdesk/server/src/services/connections';
import { setupFields } from '../../src/plugins/helpdesk/server/src/validation/accounts';
import { publicId } from '../../src/plugins/helpdesk/server/src/validation/common';
import { defineCommand, type Command } from './command';
import { operator, ownerActor } from './operator';

const connectionLine = (c: ConnectionView): string =>
  [
    c.id,
    c.client_name,
    c.owner?.email ?? '-',
    c.read_only ? 'read-only' : 'read-write',
    `returns to ${c.redirect_host ?? '-'}`,
    `client ${c.client_id}`,
    `connected ${c.created_at}`,
    `last used ${c.last_used_at ?? 'never'}`,
    c.revoked_at ? `REVOKED ${c.revoked_at}` : 'active',
  ].join('  ');

const listInput = z
  .strictObject({ email: setupFields.email.optional(), all: z.boolean().optional() })
  .refine((input) => !(input.email && input.all), { message: 'cannot be combined with --email', path: ['all'] });

const revokeInput = z.strictObject({
  id: z
    .string({ error: (issue) => (issue.input === undefined ? "is required: the connected app's id, as connection:list shows it" : 'must be text') })
    .pipe(publicId('connected app')),
});

/** Connected apps (assistants a person approved through the OAuth consent page): list and revoke. */
export const connectionCommands: Command[] = [
  defineCommand({
    name: 'connection:list',
    summary: "List connected apps (everyone's, or one account's); never their tokens",
    usage: '[--email EMAIL | --all]',
    options: { email: 'string', all: 'boolean' },
    input: listInput,
    async run(strapi, input) {
      // The operator owns no connections of its own: without --email the list is everyone's, as with --all.
      const connections = input.email
        ? await service(strapi, 'connections').list(operator, { ownerInternalId: (await ownerActor(strapi, input.email)).internalId })
        : await service(strapi, 'connections').list(operator, { all: true });
      return connections.length > 0 ? connections.map(connectionLine).join('\n') : 'No connected apps.';
    },
  }),
  defineCommand({
    name: 'connection:revoke',
    summary: 'Revoke a connected app at once: its access and refresh tokens stop working',
    usage: 'CONNECTION_ID',
    options: { id: 'string' },
    positional: 'id',
    input: revokeInput,
    async run(strapi, input) {
      const connection = await service(strapi, 'connections').revoke(operator, input.id);
      return `Revoked connected app "${connection.client_name}" (id ${connection.id}) of ${connection.owner?.email ?? 'a removed account'}.`;
    },
  }),
];
