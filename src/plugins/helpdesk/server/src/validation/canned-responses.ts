import { z } from 'zod';
import { NO_NUL, noNul, publicId } from './common';
import { fields as ticketFields } from './tickets';
import { PLACEHOLDERS, unknownPlaceholders } from '../services/canned-placeholders';

/** The inputs of the canned-response operations, shared by REST, MCP and the admin pages. */
const placeholderList = Object.keys(PLACEHOLDERS).map((p) => `{{${p}}}`).join(', ');

export const VISIBILITIES = ['everyone', 'group', 'private'] as const;

export const cannedFields = {
  responseId: publicId('canned response').describe('The canned response id (a 26-character ULID), from list_canned_responses.'),
  title: z.string().refine(noNul, NO_NUL).trim().min(1, 'is required').max(200, 'must be at most 200 characters'),
  body: z
    .string()
    .refine(noNul, NO_NUL)
    .trim()
    .min(1, 'is required')
    .max(20_000, 'must be at most 20000 characters')
    .superRefine((body, context) => {
      for (const issue of unknownPlaceholders('body', body)) context.addIssue({ code: 'custom', message: issue.message, params: { rule: issue.rule } });
    }),
  visibility: z.enum(VISIBILITIES),
  groupId: publicId('group').nullable(),
  q: z
    .string()
    .refine(noNul, NO_NUL)
    .trim()
    .min(1)
    .max(200)
    .describe('Optional text to find in the title or body, case-insensitive (e.g. "password reset").'),
  limit: z.coerce
    .number({ message: 'must be a whole number from 1 to 100' })
    .int('must be a whole number from 1 to 100')
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .describe('How many canned responses to return, 1 to 100 (default 50).'),
};

/** A group response names its group; the others name none. */
const groupMatchesVisibility = <T extends { visibility?: string; group_id?: string | null }>(value: T, context: z.RefinementCtx) => {
  if (value.visibility === 'group' && !value.group_id) {
    context.addIssue({ code: 'custom', path: ['group_id'], message: 'is required when visibility is "group"', params: { rule: 'required' } });
  }
  if (value.visibility && value.visibility !== 'group' && value.group_id) {
    context.addIssue({ code: 'custom', path: ['group_id'], message: 'must be null unless visibility is "group"', params: { rule: 'rule' } });
  }
};

export const createCannedSchema = z
  .strictObject({
    title: cannedFields.title,
    body: cannedFields.body,
    visibility: cannedFields.visibility.optional().default('private'),
    group_id: cannedFields.groupId.optional().default(null),
  })
  .superRefine(groupMatchesVisibility);
export type CreateCannedInput = z.output<typeof createCannedSchema>;

/** Only what changes; visibility and group are checked together against the response as it is (services). */
export const updateCannedSchema = z
  .strictObject({
    title: cannedFields.title.optional(),
    body: cannedFields.body.optional(),
    visibility: cannedFields.visibility.optional(),
    group_id: cannedFields.groupId.optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'give at least one of title, body, visibility, group_id', path: ['(body)'] });
export type UpdateCannedInput = z.output<typeof updateCannedSchema>;

export const listCannedSchema = z.strictObject({
  q: cannedFields.q.optional(),
  limit: cannedFields.limit.optional().default(50),
});
export type ListCannedInput = z.output<typeof listCannedSchema>;

export const renderCannedSchema = z.strictObject({
  ticket_id: ticketFields.ticketId.describe('The ticket to fill the placeholders from (a 26-character ULID), from list_tickets or next_ticket.'),
  response_id: cannedFields.responseId,
});
export type RenderCannedInput = z.output<typeof renderCannedSchema>;

/** REST: the ticket is a query parameter of `GET /canned-responses/:id/render`. */
export const renderQuerySchema = z.strictObject({ ticket_id: renderCannedSchema.shape.ticket_id });

export const PLACEHOLDER_HELP = `Placeholders: ${placeholderList}.`;
