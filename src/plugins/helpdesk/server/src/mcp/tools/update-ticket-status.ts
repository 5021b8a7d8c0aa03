import { z } from 'zod';
import { fields, statusChangeSchema } from '../../validation/tickets';
import { service } from '../../services/registry';
import { ticketSummarySchema } from '../output-schemas';
import { defineTool, UNTRUSTED_TEXT } from '../tool';

export default defineTool({
  name: 'update_ticket_status',
  title: 'Update ticket status',
  description:
    "Move a ticket to another status (staff and admins only), e.g. to Resolved when the problem is fixed. Take " +
    "status_id from list_statuses or from the ticket's allowed_next_statuses in get_ticket. The change is recorded " +
    `in the ticket's history. Returns the updated ticket. ${UNTRUSTED_TEXT}`,
  action: 'ticket.status',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  inputSchema: z.strictObject({ ticket_id: fields.ticketId, ...statusChangeSchema.shape }),
  outputSchema: ticketSummarySchema,
  handler: ({ strapi, actor }, { ticket_id: ticketId, ...input }) =>
    service(strapi, 'tickets').changeStatus(actor, ticketId, input),
});
