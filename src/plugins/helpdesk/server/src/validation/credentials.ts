import { z } from 'zod';
import { NO_NUL, noNul } from './common';

export const createKeySchema = z.strictObject({
  name: z.string().refine(noNul, NO_NUL).trim().min(1, 'is required').max(100, 'must be at most 100 characters'),
  expires_at: z.iso
    .datetime({ offset: true, message: 'must be an ISO 8601 date-time, e.g. 2027-01-31T00:00:00Z' })
    .refine((s) => Date.parse(s) > Date.now(), 'must be in the future')
    .nullish(),
  read_only: z.boolean().optional().default(false),
});
export type CreateKeyInput = z.output<typeof createKeySchema>;

export const listKeysSchema = z.strictObject({
  all: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true'),
});

/** Connected apps are listed beside the keys, with the same switch: `?all=true` for everyone's (admins). */
export const listConnectionsSchema = listKeysSchema;

/** RFC 6749 §4.4 and §4.3. Unknown extra parameters are ignored, as the RFC requires. */
export const tokenRequestSchema = z.discriminatedUnion('grant_type', [
  z.object({
    grant_type: z.literal('client_credentials'),
    client_id: z.string().refine(noNul, NO_NUL).optional(),
    client_secret: z.string().refine(noNul, NO_NUL).min(1),
  }),
  z.object({
    grant_type: z.literal('password'),
    username: z.string().refine(noNul, NO_NUL).min(1),
    password: z.string().refine(noNul, NO_NUL).min(1),
  }),
]);
export type TokenRequest = z.output<typeof tokenRequestSchema>;
