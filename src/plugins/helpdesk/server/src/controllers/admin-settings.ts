import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { panelActorOf } from '../admin-panel/panel-actor';
import { parseInput } from '../validation/parse';
import { runtimeSettingsSchema } from '../services/settings';
import { service } from '../services/registry';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const actorOf = (ctx: Context) => panelActorOf(strapi, ctx);

  return {
    async get(ctx: Context) {
      ctx.body = { data: await service(strapi, 'settings').show(await actorOf(ctx)) };
    },

    async update(ctx: Context) {
      const input = parseInput(runtimeSettingsSchema, ctx.request.body ?? {});
      ctx.body = { data: await service(strapi, 'settings').change(await actorOf(ctx), input) };
    },
  };
};
