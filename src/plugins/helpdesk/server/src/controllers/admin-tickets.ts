import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { panelActorOf } from '../admin-panel/panel-actor';
import { parseInput } from '../validation/parse';
import { assigneesSchema, assignmentSchema, fields, linkSchema, replySchema, statusChangeSchema, tagChangeSchema } from '../validation/tickets';
import { queueSchema } from '../validation/admin-tickets';
import { searchTicketsSchema } from '../validation/search';
import { service } from '../services/registry';
import { isMultipart, multipartFiles } from '../http/multipart-files';
import { multipartReplySchema } from '../validation/attachments';
import { attachmentHandlers } from './attachments';

/** Admin-panel adapter for the ticket pages: the same schemas and services as REST, as the signed-in panel user. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const actorOf = (ctx: Context) => panelActorOf(strapi, ctx);
  const ticketIdOf = (ctx: Context, param = 'id') => parseInput(fields.ticketId, ctx.params[param]);

  return {
    async list(ctx: Context) {
      const input = parseInput(queueSchema, ctx.query);
      const page = await service(strapi, 'tickets').list(await actorOf(ctx), input);
      ctx.body = { data: page.tickets, meta: { next_cursor: page.next_cursor } };
    },

    async search(ctx: Context) {
      const page = await service(strapi, 'search').search(await actorOf(ctx), parseInput(searchTicketsSchema, ctx.query));
      ctx.body = { data: page.hits, meta: { next_cursor: page.next_cursor, truncated: page.truncated } };
    },

    async get(ctx: Context) {
      const id = ticketIdOf(ctx);
      ctx.body = { data: await service(strapi, 'tickets').get(await actorOf(ctx), id) };
    },

    async reply(ctx: Context) {
      const id = ticketIdOf(ctx);
      // The composer sends multipart when files are attached.
      const multipart = isMultipart(ctx);
      const input = parseInput(multipart ? multipartReplySchema : replySchema, ctx.request.body ?? {});
      const files = multipart ? await multipartFiles(ctx) : [];
      ctx.status = 201;
      ctx.body = { data: await service(strapi, 'replies').reply(await actorOf(ctx), id, input, { files }) };
    },

    /** Thumbnails and downloads on the ticket page, with the panel session. */
    downloadAttachment: (ctx: Context) => attachmentHandlers(strapi, actorOf).download(ctx),

    async changeStatus(ctx: Context) {
      const id = ticketIdOf(ctx);
      const input = parseInput(statusChangeSchema, ctx.request.body ?? {});
      ctx.body = { data: await service(strapi, 'tickets').changeStatus(await actorOf(ctx), id, input) };
    },

    async assign(ctx: Context) {
      const id = ticketIdOf(ctx);
      const input = parseInput(assignmentSchema, ctx.request.body ?? {});
      ctx.body = { data: await service(strapi, 'assignment').assign(await actorOf(ctx), id, input) };
    },

    async link(ctx: Context) {
      const id = ticketIdOf(ctx);
      const input = parseInput(linkSchema, ctx.request.body ?? {});
      ctx.body = { data: await service(strapi, 'tickets').link(await actorOf(ctx), id, input.ticket_id) };
    },

    async unlink(ctx: Context) {
      const id = ticketIdOf(ctx);
      const other = ticketIdOf(ctx, 'other_id');
      ctx.body = { data: await service(strapi, 'tickets').link(await actorOf(ctx), id, other, { unlink: true }) };
    },

    async tag(ctx: Context) {
      const id = ticketIdOf(ctx);
      const input = parseInput(tagChangeSchema, ctx.request.body ?? {});
      ctx.body = { data: await service(strapi, 'tags').tagTicket(await actorOf(ctx), id, input) };
    },

    async tags(ctx: Context) {
      ctx.body = { data: await service(strapi, 'tags').list(await actorOf(ctx)) };
    },

    async statuses(ctx: Context) {
      ctx.body = { data: await service(strapi, 'catalog').statuses(await actorOf(ctx)) };
    },

    async categories(ctx: Context) {
      ctx.body = { data: await service(strapi, 'catalog').categories(await actorOf(ctx)) };
    },

    async assignees(ctx: Context) {
      const input = parseInput(assigneesSchema, ctx.query);
      ctx.body = { data: await service(strapi, 'assignment').listAssignees(await actorOf(ctx), input) };
    },
  };
};
