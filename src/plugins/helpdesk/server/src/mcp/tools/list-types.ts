import { z } from 'zod';
import { service } from '../../services/registry';
import { typeListSchema } from '../output-schemas';
import { defineTool, READ_ONLY } from '../tool';

export default defineTool({
  name: 'list_types',
  title: 'List ticket types',
  description: 'List the ticket types (question, incident, …). Use it to pick the optional type_id for create_ticket.',
  action: 'catalog.read',
  annotations: READ_ONLY,
  inputSchema: z.strictObject({}),
  outputSchema: typeListSchema,
  handler: async ({ strapi, actor }) => ({ types: await service(strapi, 'catalog').types(actor) }),
});
