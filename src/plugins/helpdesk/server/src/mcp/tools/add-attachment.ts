import { z } from 'zod';
import { fields } from '../../validation/tickets';
import { attachmentFields } from '../../validation/attachments';
import { service } from '../../services/registry';
import { attachmentViewSchema } from '../output-schemas';
import { defineTool, UNTRUSTED_TEXT } from '../tool';

export default defineTool({
  name: 'add_attachment',
  title: 'Add attachment',
  description:
    "Attach a file you hold (a log, a screenshot, an export) to a ticket: to its description, or with reply_id to " +
    'one reply or internal note of its thread (notes: staff and admins only; users attach only to their own ' +
    'messages). The file must be within the help desk\'s limits: its size, its kind (images, PDF, text, logs, ' +
    'CSV, Office documents) and a name whose extension matches the content; a refusal names the rule. To send a ' +
    `new message with a file, reply first (reply_to_ticket), then attach to that reply. ${UNTRUSTED_TEXT}`,
  action: 'attachment.add',
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
  inputSchema: z.strictObject({
    ticket_id: fields.ticketId,
    reply_id: attachmentFields.replyId.optional(),
    name: attachmentFields.name,
    content_base64: attachmentFields.contentBase64,
  }),
  outputSchema: attachmentViewSchema,
  handler: async ({ strapi, actor }, input) => {
    const file = {
      field: 'content_base64',
      name: input.name,
      size: Buffer.byteLength(input.content_base64, 'base64'),
      read: async () => Buffer.from(input.content_base64, 'base64'),
    };
    const [attachment] = await service(strapi, 'attachments').add(actor, {
      ticketId: input.ticket_id,
      replyId: input.reply_id,
      files: [file],
      countField: 'content_base64',
    });
    return attachment as NonNullable<typeof attachment>;
  },
});
