import { renderCannedSchema } from '../../validation/canned-responses';
import { service } from '../../services/registry';
import { renderedCannedResponseSchema } from '../output-schemas';
import { defineTool, READ_ONLY, UNTRUSTED_TEXT } from '../tool';

export default defineTool({
  name: 'render_canned_response',
  title: 'Render canned response',
  description:
    "Fill a canned response's placeholders from a ticket and return the text (staff and admins). Nothing is posted: " +
    'show the text to a person to review and edit, then send it with reply_to_ticket. A ticket you cannot see, or a ' +
    `response you cannot see, answers not_found, the same as one that does not exist. ${UNTRUSTED_TEXT}`,
  action: 'canned.read',
  annotations: READ_ONLY,
  inputSchema: renderCannedSchema,
  outputSchema: renderedCannedResponseSchema,
  handler: ({ strapi, actor }, input) => service(strapi, 'canned-responses').render(actor, input),
});
