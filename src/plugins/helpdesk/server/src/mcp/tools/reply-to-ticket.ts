import { z } from 'zod';
import { fields, replySchema } from '../../validation/tickets';
import { service } from '../../services/registry';
import { replyResultSchema } from '../output-schemas';
import { defineTool, UNTRUSTED_TEXT } from '../tool';

export default defineTool({
  name: 'reply_to_ticket',
  title: 'Reply to ticket',
  description:
    "Add a reply to a ticket's thread: a public reply the submitter sees, or (staff and admins only, is_internal: " +
    'true) an internal note. A reply from the submitter to a resolved ticket within the reopen window reopens it; ' +
    'after the window, or on a closed ticket, it is refused: open a new ticket instead. Send an idempotency_key ' +
    `when you might retry, so a retry does not post twice. ${UNTRUSTED_TEXT}`,
  action: 'ticket.reply',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  inputSchema: z.strictObject({
    ticket_id: fields.ticketId,
    ...replySchema.shape,
    idempotency_key: fields.idempotencyKey.optional(),
  }),
  outputSchema: replyResultSchema,
  handler: ({ strapi, actor }, { ticket_id: ticketId, idempotency_key: idempotencyKey, ...input }) =>
    service(strapi, 'replies').reply(actor, ticketId, input, { idempotencyKey }),
});
