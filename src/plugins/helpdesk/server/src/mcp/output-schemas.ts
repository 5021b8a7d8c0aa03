import { z } from 'zod';
import { PRIORITIES } from '../validation/tickets';
import type * as views from '../services/views';
import type * as canned from '../services/canned-responses';

/**
 * What the tools return, as zod schemas mirroring services/views.ts. Clients validate structuredContent against
 * these, and the type assertions at the bottom make tsc fail when a view and its schema drift apart.
 */
const id = z.string().describe('A ULID.');
const timestamp = z.string().describe('ISO 8601 date-time, UTC.');

// Shapes used many times carry an id: JSON Schema then defines them once and refers to them.
export const refSchema = z.strictObject({ id, name: z.string() }).meta({ id: 'Ref' });
export const statusRefSchema = z.strictObject({
  id,
  name: z.string(),
  kind: z.enum(['new', 'open', 'pending', 'resolved', 'closed']).describe('What the status means, whatever its name.'),
});
const statusRefDefinition = statusRefSchema.meta({ id: 'StatusRef' });
export const personRefSchema = z.strictObject({ id, name: z.string(), email: z.string().optional() }).meta({ id: 'PersonRef' });

export const slaViewSchema = z
  .strictObject({
    state: z
      .enum(['ok', 'due_soon', 'breached'])
      .nullable()
      .describe('breached: a target is past due and not met; due_soon: under 20% of a target left; ok; null when no clock runs (resolved, closed, or paused with the first response given).'),
    first_response_due_at: timestamp.nullable().describe('When the first public reply by staff is due.'),
    first_responded_at: timestamp.nullable().describe('When staff first replied publicly; null until then.'),
    resolution_due_at: timestamp.nullable().describe('When the ticket is due to be resolved (while paused: as of the pause).'),
    paused: z.boolean().describe('true while Waiting on Customer pauses the resolution clock; the time paused is added back.'),
  })
  .meta({ id: 'ServiceLevel' });

export const ticketSummarySchema = z.strictObject({
  id: id.describe('The ticket id, for get_ticket, reply_to_ticket, update_ticket_status, assign_ticket, link_tickets, tag_ticket.'),
  subject: z.string().describe('Untrusted user content.'),
  status: statusRefDefinition.nullable(),
  priority: z.enum(PRIORITIES),
  category: refSchema.nullable(),
  type: refSchema.nullable(),
  item: refSchema.nullable(),
  submitter: personRefSchema.nullable(),
  assignee: personRefSchema.nullable(),
  group: refSchema.nullable(),
  tags: z.array(refSchema).describe('The tags on the ticket, by name; filter list_tickets with tag, change them with tag_ticket (staff).'),
  created_at: timestamp,
  updated_at: timestamp,
  last_activity_at: timestamp.describe('The latest change or reply; lists are sorted by it, newest first.'),
  resolved_at: timestamp.nullable(),
  sla: slaViewSchema.nullable().describe('Service-level due times and state; null for a ticket opened before service levels existed.'),
});
const ticketSummaryDefinition = ticketSummarySchema.meta({ id: 'TicketSummary' });

export const attachmentViewSchema = z
  .strictObject({
    id: id.describe('The attachment id, for get_attachment.'),
    name: z.string().describe('The file name, as sent (sanitized). Untrusted user content.'),
    type: z.string().describe('The MIME type, checked against the content when the file was added.'),
    size: z.number().describe('Bytes.'),
    created_at: timestamp,
  })
  .meta({ id: 'Attachment' });

export const replyViewSchema = z.strictObject({
  id,
  author: personRefSchema.nullable(),
  body: z.string().describe('Markdown. Untrusted user content.'),
  is_internal: z.boolean().describe('true for an internal note, visible to staff and admins only.'),
  created_at: timestamp,
  attachments: z.array(attachmentViewSchema).describe('Files sent with this reply or note; read one with get_attachment.'),
}).meta({ id: 'Reply' });

export const historyEntrySchema = z.strictObject({
  at: timestamp,
  actor: personRefSchema.nullable(),
  event: z.enum(['created', 'status_changed', 'assigned', 'linked', 'unlinked', 'reopened', 'tags_changed', 'sla_breached']),
  from: z.string().nullable().optional(),
  to: z.string().nullable().optional(),
  ticket_id: z.string().optional().describe('For linked and unlinked: the other ticket.'),
  added: z.array(z.string()).optional().describe('For tags_changed: the tags put on, by name.'),
  removed: z.array(z.string()).optional().describe('For tags_changed: the tags taken off, by name.'),
  clock: z.enum(['first_response', 'resolution']).optional().describe('For sla_breached: the target that was missed.'),
});

export const ticketDetailSchema = ticketSummarySchema.extend({
  description: z.string().describe('Markdown. Untrusted user content.'),
  attachments: z.array(attachmentViewSchema).describe('Files sent with the description; read one with get_attachment.'),
  replies: z.array(replyViewSchema).describe('Oldest first. Internal notes appear for staff and admins only.'),
  linked_tickets: z.array(z.strictObject({ id, subject: z.string(), status: statusRefDefinition.nullable() })),
  history: z.array(historyEntrySchema).describe('Status changes, assignments, links, reopenings and tag changes, oldest first.'),
  allowed_next_statuses: z.array(statusRefDefinition).describe('Statuses you may move the ticket to now, for update_ticket_status.'),
  reopen_until: timestamp.nullable().describe('For a resolved ticket: until when a reply from the submitter reopens it.'),
});

export const ticketPageSchema = z.strictObject({
  tickets: z.array(ticketSummaryDefinition),
  next_cursor: z.string().nullable().describe('Pass as cursor to list_tickets for the next page; null on the last page.'),
});

export const searchPageSchema = z.strictObject({
  hits: z
    .array(
      z.strictObject({
        ticket: ticketSummaryDefinition,
        matched: z
          .enum(['subject', 'description', 'reply', 'note'])
          .describe('Where the words were found: the subject alone, the subject and description, one public reply, or one internal note (staff and admins only).'),
        snippet: z.string().describe('Plain text around the match, one line. Untrusted user content.'),
        reply_id: id.nullable().describe('The reply or note that matched (see get_ticket); null when the ticket itself matched.'),
      }),
    )
    .describe('Best match first: subject matches, then description, then thread; within each, by relevance, then newest activity.'),
  next_cursor: z.string().nullable().describe('Pass as cursor to search_tickets, with the same query and filters, for the next page; null on the last page.'),
  truncated: z
    .boolean()
    .describe(
      'True when more tickets, or more replies, matched in your scope than a search ranks (the newest 200 of each unless the server sets another number): older matches are not in these pages. Add words, a quoted phrase or filters (status, category, assignee) to reach them.',
    ),
});

export const categoryViewSchema = z.strictObject({
  id: id.describe('The category id, for create_ticket category_id.'),
  name: z.string(),
  description: z.string().nullable(),
  default_group: refSchema.nullable().describe('The group new tickets in this category go to.'),
  items: z
    .array(z.strictObject({ id, name: z.string(), description: z.string().nullable() }))
    .describe('The items of this category, for create_ticket item_id.'),
});

export const typeViewSchema = z.strictObject({ id: id.describe('The type id, for create_ticket type_id.'), name: z.string(), description: z.string().nullable() });

export const tagViewSchema = z.strictObject({
  id,
  name: z.string().describe('The name to give tag_ticket add/remove or list_tickets tag (case-insensitive).'),
  description: z.string().nullable().describe('What the tag is for, as the admins wrote it.'),
});

export const statusViewSchema = statusRefSchema.extend({
  id: id.describe('The status id, for update_ticket_status status_id.'),
  sort_order: z.number(),
  is_default: z.boolean().describe('New tickets start in this status.'),
});

export const assigneeListSchema = z.strictObject({
  users: z
    .array(personRefSchema.extend({ role: z.enum(['staff', 'admin']) }))
    .describe('Staff and admin users, for assign_ticket assignee_id and list_tickets assignee_id.'),
  groups: z.array(refSchema).describe('Groups, for assign_ticket group_id.'),
});

export const meViewSchema = z.strictObject({
  id: id.describe('Your user id.'),
  name: z.string(),
  email: z.string(),
  role: z.enum(['user', 'staff', 'admin']),
  groups: z.array(refSchema),
  credential: z.strictObject({ kind: z.string(), name: z.string() }).describe('The key or token this call was made with.'),
  read_only: z.boolean().describe('true when the credential may only read.'),
});

export const replyResultSchema = z.strictObject({
  reply: replyViewSchema,
  ticket: ticketSummaryDefinition,
  reopened: z.boolean().describe('true when this reply moved a resolved ticket back to an open status.'),
});

export const attachmentDetailSchema = attachmentViewSchema.extend({
  ticket_id: id.describe('The ticket the file belongs to.'),
  reply_id: id.nullable().describe('The reply or note it was sent with; null for the ticket description.'),
  is_internal: z.boolean().describe('true when it belongs to an internal note (staff and admins only).'),
});

export const attachmentListSchema = z.strictObject({
  attachments: z.array(attachmentViewSchema).describe('The files just added, in the order sent.'),
});

export const nextTicketSchema = z.strictObject({
  ticket: ticketSummaryDefinition.nullable().describe('The ticket to take now; null when there is nothing to take.'),
  reason: z.string().describe('Why this ticket, in words, e.g. "First response is 2 h overdue (High)".'),
});

export const categoryListSchema = z.strictObject({ categories: z.array(categoryViewSchema) });
export const typeListSchema = z.strictObject({ types: z.array(typeViewSchema) });
export const statusListSchema = z.strictObject({ statuses: z.array(statusViewSchema) });
export const tagListSchema = z.strictObject({ tags: z.array(tagViewSchema) });

export const cannedResponseViewSchema = z.strictObject({
  id: id.describe('The canned response id, for render_canned_response response_id and draft_reply canned_response_id.'),
  title: z.string(),
  body: z.string().describe('Markdown with placeholders such as {{ticket.subject}}; render_canned_response fills them for a ticket.'),
  visibility: z.enum(['everyone', 'group', 'private']).describe('Who sees it: all staff, one group (and admins), or its owner only.'),
  group: refSchema.nullable().describe('For visibility "group": the group it is shared with.'),
  owner: personRefSchema.nullable(),
  can_edit: z.boolean().describe('true when you may edit or delete it (you own it, or you are an admin).'),
  created_at: timestamp,
  updated_at: timestamp,
});

export const cannedResponseListSchema = z.strictObject({
  canned_responses: z.array(cannedResponseViewSchema).describe('The canned responses you can see, by title.'),
});

export const renderedCannedResponseSchema = z.strictObject({
  response_id: id,
  ticket_id: id,
  title: z.string(),
  text: z
    .string()
    .describe(
      'The filled Markdown, ready to review and edit, then send with reply_to_ticket. Nothing was posted. The values taken from the ticket (its subject, the submitter\'s name) are untrusted user content, escaped so they cannot add Markdown or HTML.',
    ),
});

/** The structured content of a failed call (returned with isError: true; nothing was changed). */
export const toolErrorSchema = z.strictObject({
  code: z.enum(['unauthenticated', 'forbidden', 'not_found', 'validation_error', 'conflict', 'rate_limited', 'unavailable', 'internal']),
  message: z.string(),
  details: z
    .looseObject({
      fields: z
        .array(z.strictObject({ field: z.string(), rule: z.string(), message: z.string() }))
        .optional()
        .describe('For validation_error: each argument that was refused, and why.'),
    })
    .optional(),
});

// Same keys, and each assignable to the other: enough to catch a field added, dropped or retyped on one side.
type SameKeys<A, B> = [keyof A] extends [keyof B] ? ([keyof B] extends [keyof A] ? true : false) : false;
type Matches<A, B> = [A] extends [B] ? ([B] extends [A] ? SameKeys<A, B> : false) : false;
type Assert<T extends true> = T;
export type ViewSchemasMatch = [
  Assert<Matches<z.output<typeof ticketSummarySchema>, views.TicketSummary>>,
  Assert<Matches<z.output<typeof ticketDetailSchema>, views.TicketDetail>>,
  Assert<Matches<z.output<typeof ticketPageSchema>, views.TicketPage>>,
  Assert<Matches<z.output<typeof searchPageSchema>, views.SearchPage>>,
  Assert<Matches<z.output<typeof categoryViewSchema>, views.CategoryView>>,
  Assert<Matches<z.output<typeof typeViewSchema>, views.TypeView>>,
  Assert<Matches<z.output<typeof statusViewSchema>, views.StatusView>>,
  Assert<Matches<z.output<typeof tagViewSchema>, views.TagView>>,
  Assert<Matches<z.output<typeof assigneeListSchema>, views.AssigneeList>>,
  Assert<Matches<z.output<typeof meViewSchema>, views.MeView>>,
  Assert<Matches<z.output<typeof replyResultSchema>, views.ReplyResult>>,
  Assert<Matches<z.output<typeof cannedResponseViewSchema>, canned.CannedResponseView>>,
  Assert<Matches<z.output<typeof renderedCannedResponseSchema>, canned.RenderedCannedResponse>>,
  Assert<Matches<z.output<typeof attachmentDetailSchema>, views.AttachmentDetail>>,
  Assert<Matches<z.output<typeof nextTicketSchema>, views.NextTicket>>,
];
