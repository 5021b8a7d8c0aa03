import { z } from 'zod';
import { service } from '../../services/registry';
import { statusListSchema } from '../output-schemas';
import { defineTool, READ_ONLY } from '../tool';

export default defineTool({
  name: 'list_statuses',
  title: 'List statuses',
  description:
    'List the ticket statuses in workflow order, each with its kind (new, open, pending, resolved, closed). Use it ' +
    'to pick status_id for update_ticket_status, or a status name to filter list_tickets.',
  action: 'catalog.read',
  annotations: READ_ONLY,
  inputSchema: z.strictObject({}),
  outputSchema: statusListSchema,
  handler: async ({ strapi, actor }) => ({ statuses: await service(strapi, 'catalog').statuses(actor) }),
});
