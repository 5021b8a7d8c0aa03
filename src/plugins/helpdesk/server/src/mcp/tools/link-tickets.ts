import { z } from 'zod';
import { fields } from '../../validation/tickets';
import { service } from '../../services/registry';
import { ticketDetailSchema } from '../output-schemas';
import { defineTool, UNTRUSTED_TEXT } from '../tool';

export default defineTool({
  name: 'link_tickets',
  title: 'Link tickets',
  description:
    'Link two related tickets, e.g. duplicates or one problem reported twice (staff and admins only; you must be ' +
    'able to see both), or remove such a link with unlink: true. Links go both ways and are recorded in both ' +
    `tickets' history. Returns the first ticket in full. ${UNTRUSTED_TEXT}`,
  action: 'ticket.link',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  inputSchema: z.strictObject({
    ticket_id: fields.ticketId,
    other_ticket_id: fields.otherTicketId,
    unlink: z
      .boolean()
      .optional()
      .default(false)
      .describe('true to remove an existing link between the two tickets; false (default) to add one.'),
  }),
  outputSchema: ticketDetailSchema,
  handler: ({ strapi, actor }, input) =>
    service(strapi, 'tickets').link(actor, input.ticket_id, input.other_ticket_id, { unlink: input.unlink }),
});
