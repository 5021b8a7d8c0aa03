import { z } from 'zod';
import { NO_NUL, noNul, publicId } from './common';

/**
 * The inputs of the ticket operations, shared by REST, MCP and the admin pages. Every field's description is
 * written for an AI assistant: it is the only manual the model gets.
 */
export const PRIORITIES = ['Critical', 'High', 'Medium', 'Low'] as const;

/** A tag by name, as list_tags shows it; matched case-insensitively. */
const tagName = z.string().refine(noNul, NO_NUL).trim().min(1, 'is required').max(50, 'must be at most 50 characters');
/** At most this many tags in one filter or one change: more is a mistake, not a query. */
export const MAX_TAGS_PER_CALL = 20;
const tagNames = z
  .array(tagName)
  .max(MAX_TAGS_PER_CALL, `must name at most ${MAX_TAGS_PER_CALL} tags`);

export const fields = {
  ticketId: publicId('ticket').describe('The ticket id (a 26-character ULID), as returned by list_tickets or create_ticket.'),
  status: z
    .string()
    .refine(noNul, NO_NUL)
    .trim()
    .min(1)
    .max(100)
    .describe('Only tickets in this status, by name, case-insensitive (e.g. "In Progress"); see list_statuses. Without it, only tickets that are not resolved or closed are listed.'),
  priority: z.enum(PRIORITIES).describe('Only tickets of this priority.'),
  assigneeId: z
    .union([z.literal('me'), z.literal('none'), publicId('user')])
    .describe('Only tickets assigned to this staff user id (from list_assignees or whoami); "me" for your own, "none" for unassigned tickets.'),
  category: z.string().refine(noNul, NO_NUL).trim().min(1).max(100).describe('Only tickets in this category, by name, case-insensitive; see list_categories.'),
  tag: z
    .union([tagName, tagNames.min(1, 'must name at least one tag')], { error: 'must be a tag name or a list of tag names' })
    .transform((value) => (Array.isArray(value) ? value : [value]))
    .describe('Only tickets carrying this tag, by name, case-insensitive; or a list of names, for tickets carrying all of them. See list_tags.'),
  q: z
    .string()
    .refine(noNul, NO_NUL)
    .trim()
    .min(1)
    .max(200)
    .describe('Text to find in the subject or description, case-insensitive; % and _ are matched literally, not as wildcards.'),
  limit: z.coerce
    .number({ message: 'must be a whole number from 1 to 100' })
    .int('must be a whole number from 1 to 100')
    .min(1, 'must be at least 1')
    .max(100, 'must be at most 100')
    .describe('How many tickets to return, 1 to 100 (default 20).'),
  sla: z
    .enum(['ok', 'due_soon', 'breached'])
    .describe('Only tickets in this service-level state: "breached" (a first-response or resolution target is past due), "due_soon" (under 20% of a target left) or "ok". Tickets with no running clock (resolved, closed, paused) match none.'),
  sort: z
    .enum(['activity', 'due'])
    .describe('"activity" (default): newest activity first. "due": nearest service-level due time first, overdue ones at the top; only tickets with a running clock are listed.'),
  cursor: z
    .string()
    .refine(noNul, NO_NUL)
    .max(200)
    .describe('The next_cursor of the previous page, to continue a listing; omit it for the first page.'),
  subject: z
    .string()
    .refine(noNul, NO_NUL)
    .trim()
    .min(1, 'is required')
    .max(255, 'must be at most 255 characters')
    .describe('A one-line summary of the problem, at most 255 characters.'),
  description: z
    .string()
    .refine(noNul, NO_NUL)
    .trim()
    .min(1, 'is required')
    .max(50_000, 'must be at most 50000 characters')
    .describe('The full description, in Markdown: what happened, what was expected, steps to reproduce.'),
  categoryId: publicId('category').describe('The category id, from list_categories. It decides which group the ticket goes to.'),
  typeId: publicId('type').describe('Optional type id (question, incident, …), from list_types.'),
  itemId: publicId('item').describe("Optional item id: one of the chosen category's items, from list_categories."),
  replyBody: z
    .string()
    .refine(noNul, NO_NUL)
    .trim()
    .min(1, 'is required')
    .max(50_000, 'must be at most 50000 characters')
    .describe('The reply text, in Markdown.'),
  isInternal: z
    .boolean()
    .describe('true for an internal note only staff and admins can see (staff/admin only); false (default) for a public reply the submitter sees.'),
  statusId: publicId('status').describe('The new status id, from list_statuses or the ticket\'s allowed_next_statuses.'),
  assignTo: publicId('user').nullable().describe('The staff or admin user to assign, from list_assignees; null to leave no user assigned.'),
  assignGroup: publicId('group').nullable().describe('The group to assign, from list_assignees; null to leave no group assigned.'),
  otherTicketId: publicId('ticket').describe('The id of the other ticket to link with (or unlink from).'),
  idempotencyKey: z
    .string()
    .refine(noNul, NO_NUL)
    .min(1)
    .max(200)
    .describe('Optional key that makes a retry safe: repeating the call with the same key and the same arguments within 24 hours returns the first result and creates nothing new. Use a new key for a new request: the same key with different arguments is refused as a conflict.'),
  assigneeQuery: z.string().refine(noNul, NO_NUL).trim().max(100).describe('Optional text to match in staff names, emails or group names.'),
};

export const listTicketsSchema = z.strictObject({
  status: fields.status.optional(),
  priority: fields.priority.optional(),
  assignee_id: fields.assigneeId.optional(),
  category: fields.category.optional(),
  tag: fields.tag.optional(),
  q: fields.q.optional(),
  sla: fields.sla.optional(),
  sort: fields.sort.optional(),
  limit: fields.limit.optional().default(20),
  cursor: fields.cursor.optional(),
});
export type ListTicketsInput = z.output<typeof listTicketsSchema>;
/** The filters of list_tickets without its text, paging and size: what search_tickets shares with it. */
export type TicketFilterInput = Omit<ListTicketsInput, 'q' | 'limit' | 'cursor' | 'sort'>;

export const createTicketSchema = z.strictObject({
  subject: fields.subject,
  description: fields.description,
  category_id: fields.categoryId,
  type_id: fields.typeId.optional(),
  item_id: fields.itemId.optional(),
  priority: fields.priority.default('Medium').describe('Critical, High, Medium (default) or Low.'),
});
export type CreateTicketInput = z.output<typeof createTicketSchema>;

export const replySchema = z.strictObject({
  body: fields.replyBody,
  is_internal: fields.isInternal.optional().default(false),
});
export type ReplyInput = z.output<typeof replySchema>;

export const statusChangeSchema = z.strictObject({ status_id: fields.statusId });
export type StatusChangeInput = z.output<typeof statusChangeSchema>;

/** Exactly one of the two, or both null to unassign. */
const assignmentShape = { assignee_id: fields.assignTo.optional().default(null), group_id: fields.assignGroup.optional().default(null) };
export const assignmentSchema = z
  .strictObject(assignmentShape)
  .refine((a) => !(a.assignee_id && a.group_id), {
    message: 'give either assignee_id or group_id, not both (both null unassigns)',
    path: ['assignee_id'],
  });
export type AssignmentInput = z.output<typeof assignmentSchema>;

export const linkSchema = z.strictObject({ ticket_id: fields.otherTicketId });

/** Tags to put on and take off a ticket, by name; at least one, and never the same tag both ways. */
export const tagChangeSchema = z
  .strictObject({
    add: tagNames
      .optional()
      .default([])
      .describe('Tag names to put on the ticket, case-insensitive, from list_tags. A tag the ticket already has is left as it is.'),
    remove: tagNames
      .optional()
      .default([])
      .describe('Tag names to take off the ticket, case-insensitive. A tag the ticket does not have is ignored.'),
  })
  .refine((c) => c.add.length + c.remove.length > 0, { message: 'name at least one tag to add or remove', path: ['add'], params: { rule: 'required' } })
  .refine((c) => !c.add.some((a) => c.remove.some((r) => r.toLowerCase() === a.toLowerCase())), {
    message: 'a tag cannot be both added and removed in one call',
    path: ['remove'],
    params: { rule: 'disjoint' },
  });
export type TagChangeInput = z.output<typeof tagChangeSchema>;

export const assigneesSchema = z.strictObject({ q: fields.assigneeQuery.optional() });
export type AssigneesInput = z.output<typeof assigneesSchema>;

export const idempotencyKeySchema = fields.idempotencyKey;
