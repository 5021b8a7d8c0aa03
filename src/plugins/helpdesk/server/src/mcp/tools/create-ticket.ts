import { createTicketSchema, fields } from '../../validation/tickets';
import { service } from '../../services/registry';
import { ticketDetailSchema } from '../output-schemas';
import { defineTool, UNTRUSTED_TEXT } from '../tool';

export default defineTool({
  name: 'create_ticket',
  title: 'Create ticket',
  description:
    'Open a new ticket with you (the owner of this key or token) as the submitter. It starts in the default status ' +
    "and goes to its category's default group. Get category_id (and an item_id of that category) from " +
    'list_categories and type_id from list_types. Send an idempotency_key when you might retry, so a retry does not ' +
    `create a second ticket. Returns the new ticket. ${UNTRUSTED_TEXT}`,
  action: 'ticket.create',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  inputSchema: createTicketSchema.extend({ idempotency_key: fields.idempotencyKey.optional() }),
  outputSchema: ticketDetailSchema,
  handler: ({ strapi, actor }, { idempotency_key: idempotencyKey, ...input }) =>
    service(strapi, 'tickets').create(actor, input, { idempotencyKey }),
});
