import { z } from 'zod';
import { service } from '../../src/plugins/helpdesk/server/src/services/registry';
import { defineCommand, type Command } from './command';

const DAY_MS = 86_400_000;

const pruneSchema = z
  .strictObject({
    before: z.iso.date('must be a date such as 2025-01-01').optional(),
    'older-than': z
      .string()
      .regex(/^[1-9]\d{0,4}d$/, 'must be a number of days such as 365d')
      .optional(),
  })
  .refine((v) => Boolean(v.before) !== Boolean(v['older-than']), { message: 'give exactly one of --before DATE or --older-than DAYSd' });

/**
 * Retention, the one way audit events are ever deleted: an operator's decision, made at the server, and itself on
 * record (an `audit.prune` row says when, up to which date and how many).
 */
export const auditCommands: Command[] = [
  defineCommand({
    name: 'audit:prune',
    summary: 'Delete audit events older than a date (retention); leaves an audit.prune event saying so',
    usage: '--before YYYY-MM-DD | --older-than DAYSd',
    options: { before: 'string', 'older-than': 'string' },
    input: pruneSchema,
    async run(strapi, input) {
      const before = input.before
        ? new Date(`${input.before}T00:00:00.000Z`)
        : new Date(Date.now() - Number((input['older-than'] as string).slice(0, -1)) * DAY_MS);
      const { deleted } = await service(strapi, 'audit').prune(before);
      return `Deleted ${deleted} audit event(s) from before ${before.toISOString()}; an audit.prune event records it.`;
    },
  }),
];
