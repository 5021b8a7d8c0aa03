import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { panelActorOf } from '../admin-panel/panel-actor';
import { parseInput } from '../validation/parse';
import { listConnectionsSchema } from '../validation/credentials';
import { publicId } from '../validation/common';
import { service } from '../services/registry';

/** The API keys page's "Connected apps": the signed-in user's (everyone's for an admin, with `all=true`). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const actorOf = (ctx: Context) => panelActorOf(strapi, ctx);

  return {
    async list(ctx: Context) {
      const input = parseInput(listConnectionsSchema, ctx.query);
      ctx.body = { data: await service(strapi, 'connections').list(await actorOf(ctx), input) };
    },

    async revoke(ctx: Context) {
      const id = parseInput(publicId('connected app'), ctx.params.id);
      ctx.body = { data: await service(strapi, 'connections').revoke(await actorOf(ctx), id) };
    },
  };
};
