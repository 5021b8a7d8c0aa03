import { searchTicketsSchema } from '../../validation/search';
import { service } from '../../services/registry';
import { searchPageSchema } from '../output-schemas';
import { defineTool, READ_ONLY, UNTRUSTED_TEXT } from '../tool';

export default defineTool({
  name: 'search_tickets',
  title: 'Search tickets',
  description:
    'Find tickets by words or a "quoted phrase" in their subject, description or thread, best match first (20 per ' +
    'page, at most 100). Searches every status unless you filter; takes the same status, priority, assignee and ' +
    "category filters as list_tickets. Each hit gives the ticket, which part matched (subject, description, reply, " +
    'or note: internal notes are searched for staff and admins only) and a snippet of text around the match. Use it ' +
    'when you know what a ticket is about but not its id ("the VPN ticket from last week"); use list_tickets for ' +
    `queues and exact substrings. Pass next_cursor back as cursor, with the same query, for the next page. ${UNTRUSTED_TEXT}`,
  action: 'ticket.search',
  annotations: READ_ONLY,
  inputSchema: searchTicketsSchema,
  outputSchema: searchPageSchema,
  handler: ({ strapi, actor }, input) => service(strapi, 'search').search(actor, input),
});
