import { z } from 'zod';
import { service } from '../../services/registry';
import { tagListSchema } from '../output-schemas';
import { defineTool, READ_ONLY } from '../tool';

export default defineTool({
  name: 'list_tags',
  title: 'List tags',
  description:
    'List the tags tickets can carry, by name, each with what it is for. Use a name to filter list_tickets by tag, ' +
    'or (staff) to add or remove it with tag_ticket. Only admins create tags.',
  action: 'catalog.read',
  annotations: READ_ONLY,
  inputSchema: z.strictObject({}),
  outputSchema: tagListSchema,
  handler: async ({ strapi, actor }) => ({ tags: await service(strapi, 'tags').list(actor) }),
});
