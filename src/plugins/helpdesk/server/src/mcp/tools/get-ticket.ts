import { z } from 'zod';
import { fields } from '../../validation/tickets';
import { service } from '../../services/registry';
import { ticketDetailSchema } from '../output-schemas';
import { defineTool, READ_ONLY, UNTRUSTED_TEXT } from '../tool';

export default defineTool({
  name: 'get_ticket',
  title: 'Get ticket',
  description:
    'Get one ticket in full: its description, tags, the reply thread (internal notes only for staff and admins), ' +
    'linked tickets, its history (status changes, assignments, links, reopenings, tag changes) and the statuses you ' +
    'may move it to. ' +
    'Use it before replying or changing a ticket, to read what was already said. A ticket you cannot see answers ' +
    `not_found, the same as one that does not exist. ${UNTRUSTED_TEXT}`,
  action: 'ticket.read',
  annotations: READ_ONLY,
  inputSchema: z.strictObject({ ticket_id: fields.ticketId }),
  outputSchema: ticketDetailSchema,
  handler: ({ strapi, actor }, input) => service(strapi, 'tickets').get(actor, input.ticket_id),
});
