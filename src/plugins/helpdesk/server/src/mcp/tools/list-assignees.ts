import { assigneesSchema } from '../../validation/tickets';
import { service } from '../../services/registry';
import { assigneeListSchema } from '../output-schemas';
import { defineTool, READ_ONLY } from '../tool';

export default defineTool({
  name: 'list_assignees',
  title: 'List assignees',
  description:
    'List who tickets can be assigned to (staff and admins only): the staff and admin users and the groups, ' +
    'optionally narrowed by text. Use it to get assignee_id or group_id for assign_ticket, or a user id to filter ' +
    'list_tickets by assignee.',
  action: 'assignee.list',
  annotations: READ_ONLY,
  inputSchema: assigneesSchema,
  outputSchema: assigneeListSchema,
  handler: ({ strapi, actor }, input) => service(strapi, 'assignment').listAssignees(actor, input),
});
