import { z } from 'zod';
import { setupFields } from './accounts';
import { NO_NUL, noNul, publicId } from './common';
import { STAFF_PANEL_ROLE } from '../admin-panel/permissions';

/** Strapi's own rules for an admin-panel password, so a created user can always sign in. */
const panelPassword = z
  .string()
  .refine(noNul, NO_NUL)
  .min(8, 'must be at least 8 characters')
  .refine((p) => Buffer.byteLength(p, 'utf8') <= 72, 'must be at most 72 bytes')
  .regex(/[a-z]/, 'must contain a lowercase letter')
  .regex(/[A-Z]/, 'must contain an uppercase letter')
  .regex(/\d/, 'must contain a digit');

export const createPanelUserSchema = z.strictObject({
  email: setupFields.email,
  password: panelPassword,
  /** An admin role by name, case-insensitive; the help desk's staff role by default. */
  role: z.string().refine(noNul, NO_NUL).trim().min(1, 'must not be empty').max(100).optional().default(STAFF_PANEL_ROLE.name),
  /** First and last name as shown in the panel; by default the help-desk account's name, else the email. */
  name: z.string().refine(noNul, NO_NUL).trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters').optional(),
  /** The help-desk account (Staff or Admin) the panel user works tickets as, by email; by default the one with the same email. */
  account: setupFields.email.optional(),
});
export type CreatePanelUserInput = z.output<typeof createPanelUserSchema>;

/** An admin-panel user, by the id Strapi gave it (path parameter). */
export const panelUserIdSchema = z.coerce.number({ error: 'must be an admin-panel user id' }).int('must be an admin-panel user id').positive('must be an admin-panel user id');

/** Panel access: the account a panel user is to work tickets as. */
export const linkPanelUserSchema = z.strictObject({ account_id: publicId('account') });

/** CLI: link or unlink a panel user, both named by email. */
export const linkPanelUserByEmailSchema = z.strictObject({ email: setupFields.email, account: setupFields.email });
export const unlinkPanelUserSchema = z.strictObject({ email: setupFields.email });
