import { z } from 'zod';
import { service } from '../../services/registry';
import { categoryListSchema } from '../output-schemas';
import { defineTool, READ_ONLY } from '../tool';

export default defineTool({
  name: 'list_categories',
  title: 'List categories',
  description:
    'List the ticket categories, each with its items and default group. Use it to pick category_id (and optionally ' +
    'an item_id of that category) for create_ticket, or a category name to filter list_tickets.',
  action: 'catalog.read',
  annotations: READ_ONLY,
  inputSchema: z.strictObject({}),
  outputSchema: categoryListSchema,
  handler: async ({ strapi, actor }) => ({ categories: await service(strapi, 'catalog').categories(actor) }),
});
