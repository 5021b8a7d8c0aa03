import { z } from 'zod';
import { NO_NUL, noNul, publicId } from './common';
import { replySchema } from './tickets';

/** The inputs of the attachment operations, shared by REST, MCP and the admin pages. */
export const attachmentFields = {
  attachmentId: publicId('attachment').describe('The attachment id (a 26-character ULID), from get_ticket (attachments of the description or of a reply).'),
  replyId: publicId('reply').describe("Optional: the reply or internal note (from get_ticket's replies) to attach the file to; omit it to attach to the ticket's description."),
  name: z
    .string()
    .refine(noNul, NO_NUL)
    .min(1, 'is required')
    .max(255, 'must be at most 255 characters')
    .describe('The file name with its extension (e.g. "error.png", "server.log"); the extension must match the content. Path parts are dropped.'),
  contentBase64: z
    .string()
    .min(1, 'is required')
    // Within the MCP body limit anyway; this only bounds the work of decoding.
    .max(140_000_000, 'is too large')
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be standard base64 (A-Z, a-z, 0-9, +, /, = padding), without line breaks')
    .describe('The file content, base64-encoded. Size, kind and content are checked against the help desk\'s limits (see the error on refusal).'),
};

export const downloadQuerySchema = z.strictObject({
  variant: z.enum(['original', 'thumbnail']).optional().default('original'),
});
export type DownloadQuery = z.output<typeof downloadQuerySchema>;

/** The fields a multipart upload to an existing message may carry beside its files. */
export const addAttachmentFieldsSchema = z.strictObject({ reply_id: attachmentFields.replyId.optional() });

/** Multipart fields are text: "true" and "false" stand for the booleans a JSON body would carry. */
export const multipartBoolean = z
  .union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')])
  .describe('true or false');

/** A reply sent as multipart (with files): the same fields as JSON, is_internal as text. */
export const multipartReplySchema = replySchema.extend({ is_internal: multipartBoolean.optional().default(false) });
