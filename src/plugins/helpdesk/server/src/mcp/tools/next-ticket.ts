import { z } from 'zod';
import { service } from '../../services/registry';
import { nextTicketSchema } from '../output-schemas';
import { defineTool, READ_ONLY, UNTRUSTED_TEXT } from '../tool';

export default defineTool({
  name: 'next_ticket',
  title: 'Next ticket to take',
  description:
    'Staff and admins: the one ticket you should take now, with the reason in words (e.g. "First response is 2 h ' +
    'overdue (High)"). It picks among the open tickets you can see that are unassigned or assigned to you: breached ' +
    'service levels first (the longest overdue leads), then the nearest due time, then priority, then age. Use it ' +
    'when asked what to work on next; then get_ticket to read it and assign_ticket to take it. ticket is null when ' +
    `there is nothing to take. ${UNTRUSTED_TEXT}`,
  action: 'ticket.next',
  annotations: READ_ONLY,
  inputSchema: z.strictObject({}),
  outputSchema: nextTicketSchema,
  handler: ({ strapi, actor }) => service(strapi, 'service-levels').next(actor),
});
