import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { Actor } from '../auth/actor';
import { actorOf } from '../auth/strategies';
import { isImageMime } from '../attachments/file-types';
import { thumbnail } from '../attachments/images';
import { invalid } from '../errors';
import { sendFile } from '../http/file-download';
import { isMultipart, multipartFiles } from '../http/multipart-files';
import { parseInput } from '../validation/parse';
import { addAttachmentFieldsSchema, attachmentFields, downloadQuerySchema } from '../validation/attachments';
import { fields } from '../validation/tickets';
import { service } from '../services/registry';

/** The download and upload adapters, shared by the REST routes and the staff pages' admin routes. */
export const attachmentHandlers = (strapi: Core.Strapi, actorFor: (ctx: Context) => Actor | Promise<Actor>) => ({
  async download(ctx: Context) {
    const id = parseInput(attachmentFields.attachmentId, ctx.params.id);
    const { variant } = parseInput(downloadQuerySchema, ctx.query);
    const { attachment, content } = await service(strapi, 'attachments').content(await actorFor(ctx), id);
    if (variant === 'thumbnail') {
      if (!isImageMime(attachment.type)) {
        throw invalid([{ field: 'variant', rule: 'image_only', message: 'thumbnails exist only for images' }]);
      }
      const small = await thumbnail(content);
      sendFile(ctx, { name: attachment.name.replace(/\.[^.]*$/, '') + '.webp', mime: small.mime, content: small.content });
      return;
    }
    sendFile(ctx, { name: attachment.name, mime: attachment.type, content });
  },

  /** Files added to a message that already exists: the description, or the reply named by `reply_id`. */
  async add(ctx: Context) {
    const ticketId = parseInput(fields.ticketId, ctx.params.id);
    if (!isMultipart(ctx)) {
      throw invalid([{ field: '(body)', rule: 'multipart', message: 'send the files as multipart/form-data in the "files" field' }]);
    }
    const input = parseInput(addAttachmentFieldsSchema, ctx.request.body ?? {});
    const files = await multipartFiles(ctx);
    const attachments = await service(strapi, 'attachments').add(await actorFor(ctx), { ticketId, replyId: input.reply_id, files });
    ctx.status = 201;
    ctx.body = { data: attachments };
  },

  async remove(ctx: Context) {
    const id = parseInput(attachmentFields.attachmentId, ctx.params.id);
    ctx.body = { data: await service(strapi, 'attachments').remove(await actorFor(ctx), id) };
  },
});

export default ({ strapi }: { strapi: Core.Strapi }) => attachmentHandlers(strapi, actorOf);
