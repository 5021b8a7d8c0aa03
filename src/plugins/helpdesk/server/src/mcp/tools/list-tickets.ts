import { listTicketsSchema } from '../../validation/tickets';
import { service } from '../../services/registry';
import { ticketPageSchema } from '../output-schemas';
import { defineTool, READ_ONLY, UNTRUSTED_TEXT } from '../tool';

export default defineTool({
  name: 'list_tickets',
  title: 'List tickets',
  description:
    'List the help-desk tickets you can see, newest activity first (20 per page, at most 100). Without a status ' +
    'filter only open work is listed: tickets that are not resolved or closed. Filter by status or category name, ' +
    'priority, assignee ("me", "none" or a user id), tag (one name, or several for tickets carrying all of them) or ' +
    'text in the subject and description. Use it to find a ' +
    "ticket's id before get_ticket, reply_to_ticket or update_ticket_status; pass next_cursor back as cursor for " +
    `the next page. ${UNTRUSTED_TEXT}`,
  action: 'ticket.list',
  annotations: READ_ONLY,
  inputSchema: listTicketsSchema,
  outputSchema: ticketPageSchema,
  handler: ({ strapi, actor }, input) => service(strapi, 'tickets').list(actor, input),
});
