import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { actorOf } from '../auth/strategies';
import { parseInput } from '../validation/parse';
import {
  assignmentSchema,
  createTicketSchema,
  fields,
  idempotencyKeySchema,
  linkSchema,
  listTicketsSchema,
  replySchema,
  statusChangeSchema,
} from '../validation/tickets';
import { searchTicketsSchema } from '../validation/search';
import { service } from '../services/registry';
import { isMultipart, multipartFiles } from '../http/multipart-files';
import { multipartReplySchema } from '../validation/attachments';

const ticketIdOf = (ctx: Context, param = 'id') => parseInput(fields.ticketId, ctx.params[param]);

const idempotencyKeyOf = (ctx: Context): string | undefined => {
  const header = ctx.get('Idempotency-Key');
  return header ? parseInput(idempotencyKeySchema, header) : undefined;
};

/** REST adapter: parse, call one service, shape the envelope. Every rule lives in the services. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: Context) {
    const page = await service(strapi, 'tickets').list(actorOf(ctx), parseInput(listTicketsSchema, ctx.query));
    ctx.body = { data: page.tickets, meta: { next_cursor: page.next_cursor } };
  },

  async search(ctx: Context) {
    const page = await service(strapi, 'search').search(actorOf(ctx), parseInput(searchTicketsSchema, ctx.query));
    ctx.body = { data: page.hits, meta: { next_cursor: page.next_cursor, truncated: page.truncated } };
  },

  async next(ctx: Context) {
    ctx.body = { data: await service(strapi, 'service-levels').next(actorOf(ctx)) };
  },

  async get(ctx: Context) {
    ctx.body = { data: await service(strapi, 'tickets').get(actorOf(ctx), ticketIdOf(ctx)) };
  },

  async create(ctx: Context) {
    const input = parseInput(createTicketSchema, ctx.request.body ?? {});
    const files = isMultipart(ctx) ? await multipartFiles(ctx) : [];
    const ticket = await service(strapi, 'tickets').create(actorOf(ctx), input, { idempotencyKey: idempotencyKeyOf(ctx), files });
    ctx.status = 201;
    ctx.body = { data: ticket };
  },

  async reply(ctx: Context) {
    const id = ticketIdOf(ctx);
    // With files the body is multipart, whose fields are text.
    const multipart = isMultipart(ctx);
    const input = parseInput(multipart ? multipartReplySchema : replySchema, ctx.request.body ?? {});
    const files = multipart ? await multipartFiles(ctx) : [];
    const result = await service(strapi, 'replies').reply(actorOf(ctx), id, input, { idempotencyKey: idempotencyKeyOf(ctx), files });
    ctx.status = 201;
    ctx.body = { data: result };
  },

  async changeStatus(ctx: Context) {
    const id = ticketIdOf(ctx);
    const input = parseInput(statusChangeSchema, ctx.request.body ?? {});
    ctx.body = { data: await service(strapi, 'tickets').changeStatus(actorOf(ctx), id, input) };
  },

  async assign(ctx: Context) {
    const id = ticketIdOf(ctx);
    const input = parseInput(assignmentSchema, ctx.request.body ?? {});
    ctx.body = { data: await service(strapi, 'assignment').assign(actorOf(ctx), id, input) };
  },

  async link(ctx: Context) {
    const id = ticketIdOf(ctx);
    const input = parseInput(linkSchema, ctx.request.body ?? {});
    ctx.body = { data: await service(strapi, 'tickets').link(actorOf(ctx), id, input.ticket_id) };
  },

  async unlink(ctx: Context) {
    const id = ticketIdOf(ctx);
    const other = ticketIdOf(ctx, 'other_id');
    ctx.body = { data: await service(strapi, 'tickets').link(actorOf(ctx), id, other, { unlink: true }) };
  },
});
