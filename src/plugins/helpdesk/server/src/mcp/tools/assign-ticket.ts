import { z } from 'zod';
import { assignmentSchema, fields } from '../../validation/tickets';
import { parseInput } from '../../validation/parse';
import { service } from '../../services/registry';
import { ticketSummarySchema } from '../output-schemas';
import { defineTool, UNTRUSTED_TEXT } from '../tool';

export default defineTool({
  name: 'assign_ticket',
  title: 'Assign ticket',
  description:
    'Assign a ticket to a staff or admin user, or to a group (staff and admins only): give assignee_id or group_id, ' +
    'not both; give neither (or both null) to unassign. Get the ids from list_assignees. The change is recorded in ' +
    `the ticket's history. Returns the updated ticket. ${UNTRUSTED_TEXT}`,
  action: 'ticket.assign',
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
  // ticket_id first, as assistants read it; the either-or rule stays in assignmentSchema, applied in the handler.
  inputSchema: z.strictObject({ ticket_id: fields.ticketId, ...assignmentSchema.shape }),
  outputSchema: ticketSummarySchema,
  handler: ({ strapi, actor }, { ticket_id: ticketId, ...input }) =>
    service(strapi, 'assignment').assign(actor, ticketId, parseInput(assignmentSchema, input)),
});
