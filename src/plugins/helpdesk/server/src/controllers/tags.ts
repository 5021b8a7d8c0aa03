import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { actorOf } from '../auth/strategies';
import { parseInput } from '../validation/parse';
import { fields, tagChangeSchema } from '../validation/tickets';
import { service } from '../services/registry';

/** REST adapter for tags: the catalog's list, and a ticket's tags changed by name. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: Context) {
    ctx.body = { data: await service(strapi, 'tags').list(actorOf(ctx)) };
  },

  async tagTicket(ctx: Context) {
    const id = parseInput(fields.ticketId, ctx.params.id);
    const input = parseInput(tagChangeSchema, ctx.request.body ?? {});
    ctx.body = { data: await service(strapi, 'tags').tagTicket(actorOf(ctx), id, input) };
  },
});
