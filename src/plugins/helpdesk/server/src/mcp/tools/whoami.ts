import { z } from 'zod';
import { service } from '../../services/registry';
import { meViewSchema } from '../output-schemas';
import { defineTool, READ_ONLY } from '../tool';

export default defineTool({
  name: 'whoami',
  title: 'Who am I',
  description:
    'Show who this key or token acts as: your user id, role (user, staff or admin), groups, and whether the ' +
    'credential is read-only. Use it first to learn what you may do; your user id also filters list_tickets by assignee.',
  action: 'me.read',
  annotations: READ_ONLY,
  inputSchema: z.strictObject({}),
  outputSchema: meViewSchema,
  handler: ({ strapi, actor }) => service(strapi, 'actors').me(actor),
});
