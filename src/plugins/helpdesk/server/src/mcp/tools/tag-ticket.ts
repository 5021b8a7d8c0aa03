import { z } from 'zod';
import { fields, tagChangeSchema } from '../../validation/tickets';
import { parseInput } from '../../validation/parse';
import { service } from '../../services/registry';
import { ticketSummarySchema } from '../output-schemas';
import { defineTool, UNTRUSTED_TEXT } from '../tool';

export default defineTool({
  name: 'tag_ticket',
  title: 'Tag ticket',
  description:
    'Put tags on a ticket and take others off, by name (staff and admins only, on tickets you can see). Tags come ' +
    'from list_tags; admins keep that list, so an unknown name is refused and nothing changes. Adding a tag the ' +
    'ticket has, or removing one it has not, changes nothing, so repeating a call is safe. The change is recorded ' +
    `in the ticket's history. Returns the updated ticket. ${UNTRUSTED_TEXT}`,
  action: 'ticket.tag',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  // ticket_id first, as assistants read it; the rules across add and remove stay in tagChangeSchema, applied below.
  inputSchema: z.strictObject({ ticket_id: fields.ticketId, ...tagChangeSchema.shape }),
  outputSchema: ticketSummarySchema,
  handler: ({ strapi, actor }, { ticket_id: ticketId, ...input }) =>
    service(strapi, 'tags').tagTicket(actor, ticketId, parseInput(tagChangeSchema, input)),
});
