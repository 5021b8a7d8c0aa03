import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { Actor } from '../auth/actor';
import { actorOf as credentialActorOf } from '../auth/strategies';
import { panelActorOf } from '../admin-panel/panel-actor';
import { parseInput } from '../validation/parse';
import { cannedFields, createCannedSchema, listCannedSchema, renderQuerySchema, updateCannedSchema } from '../validation/canned-responses';
import { service } from '../services/registry';

/**
 * REST and admin-panel adapter for canned responses: parse, call the one service, shape the envelope. The two differ
 * only in who the actor is (the credential's account, or the panel user's linked account).
 */
const cannedController =
  (actorOf: (strapi: Core.Strapi, ctx: Context) => Actor | Promise<Actor>) =>
  ({ strapi }: { strapi: Core.Strapi }) => {
    const canned = () => service(strapi, 'canned-responses');
    const idOf = (ctx: Context) => parseInput(cannedFields.responseId, ctx.params.id);

    return {
      async list(ctx: Context) {
        const input = parseInput(listCannedSchema, ctx.query);
        ctx.body = { data: (await canned().list(await actorOf(strapi, ctx), input)).canned_responses };
      },

      async get(ctx: Context) {
        const id = idOf(ctx);
        ctx.body = { data: await canned().get(await actorOf(strapi, ctx), id) };
      },

      async create(ctx: Context) {
        const input = parseInput(createCannedSchema, ctx.request.body ?? {});
        ctx.status = 201;
        ctx.body = { data: await canned().create(await actorOf(strapi, ctx), input) };
      },

      async update(ctx: Context) {
        const id = idOf(ctx);
        const input = parseInput(updateCannedSchema, ctx.request.body ?? {});
        ctx.body = { data: await canned().update(await actorOf(strapi, ctx), id, input) };
      },

      async remove(ctx: Context) {
        const id = idOf(ctx);
        ctx.body = { data: await canned().remove(await actorOf(strapi, ctx), id) };
      },

      async render(ctx: Context) {
        const id = idOf(ctx);
        const { ticket_id } = parseInput(renderQuerySchema, ctx.query);
        ctx.body = { data: await canned().render(await actorOf(strapi, ctx), { ticket_id, response_id: id }) };
      },
    };
  };

export const cannedResponses = cannedController((_strapi, ctx) => credentialActorOf(ctx));
export const adminCannedResponses = cannedController((strapi, ctx) => panelActorOf(strapi, ctx));
