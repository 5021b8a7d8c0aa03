import { z } from 'zod';
import { NO_NUL, noNul } from './common';

/**
 * Inputs of the set-up operations (accounts, groups, categories). The CLI validates its options with these same
 * schemas, so an option name is a field name and a bad value is refused before anything boots.
 */
export const ACCOUNT_ROLES = ['user', 'staff', 'admin'] as const;
export type AccountRole = (typeof ACCOUNT_ROLES)[number];

/** A missing field says "is required" rather than zod's "expected string, received undefined". */
const orRequired = (message: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? 'is required' : message),
});

const text = (max: number) =>
  z
    .string(orRequired('must be text'))
    .refine(noNul, NO_NUL)
    .trim()
    .min(1, 'must not be empty')
    .max(max, `must be at most ${max} characters`);

export const setupFields = {
  email: z
    .string(orRequired('must be text'))
    .refine(noNul, NO_NUL)
    .trim()
    .toLowerCase()
    .pipe(z.email('must be an email address, e.g. sam@example.com').max(255, 'must be at most 255 characters')),
  // bcrypt reads only the first 72 bytes; a longer password would be silently truncated.
  password: z
    .string(orRequired('must be text'))
    .refine(noNul, NO_NUL)
    .min(8, 'must be at least 8 characters')
    .max(72, 'must be at most 72 characters'),
  role: z.enum(ACCOUNT_ROLES, orRequired(`must be one of ${ACCOUNT_ROLES.join(', ')}`)),
  accountName: z
    .string(orRequired('must be text'))
    .refine(noNul, NO_NUL)
    .trim()
    .min(3, 'must be at least 3 characters')
    .max(100, 'must be at most 100 characters'),
  groupName: text(100),
  categoryName: text(100),
  description: z.string(orRequired('must be text')).refine(noNul, NO_NUL).trim().max(2000, 'must be at most 2000 characters'),
};

export const createAccountSchema = z.strictObject({
  email: setupFields.email,
  password: setupFields.password,
  role: setupFields.role,
  /** The account's display name (its users-permissions username); the email when omitted. */
  name: setupFields.accountName.optional(),
  group: setupFields.groupName.optional(),
});
export type CreateAccountInput = z.output<typeof createAccountSchema>;

export const createGroupSchema = z.strictObject({ name: setupFields.groupName });
export type CreateGroupInput = z.output<typeof createGroupSchema>;

export const addMemberSchema = z.strictObject({ group: setupFields.groupName, email: setupFields.email });
export type AddMemberInput = z.output<typeof addMemberSchema>;

export const createCategorySchema = z.strictObject({
  name: setupFields.categoryName,
  group: setupFields.groupName.optional(),
  description: setupFields.description.optional(),
});
export type CreateCategoryInput = z.output<typeof createCategorySchema>;
