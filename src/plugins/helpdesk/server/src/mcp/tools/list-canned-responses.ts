import { listCannedSchema, PLACEHOLDER_HELP } from '../../validation/canned-responses';
import { service } from '../../services/registry';
import { cannedResponseListSchema } from '../output-schemas';
import { defineTool, READ_ONLY } from '../tool';

export default defineTool({
  name: 'list_canned_responses',
  title: 'List canned responses',
  description:
    "List the team's reusable replies you can see (staff and admins): those shared with everyone, with your groups, " +
    'and your own private ones, by title. Use q to find one by topic. Their bodies hold placeholders; call ' +
    `render_canned_response with a ticket to get the text filled for that ticket. ${PLACEHOLDER_HELP}`,
  action: 'canned.read',
  annotations: READ_ONLY,
  inputSchema: listCannedSchema,
  outputSchema: cannedResponseListSchema,
  handler: ({ strapi, actor }, input) => service(strapi, 'canned-responses').list(actor, input),
});
