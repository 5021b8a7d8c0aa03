import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { panelActorOf } from '../admin-panel/panel-actor';
import { parseInput } from '../validation/parse';
import { createKeySchema, listKeysSchema } from '../validation/credentials';
import { publicId } from '../validation/common';
import { service } from '../services/registry';

/** The API keys page: the signed-in user's keys (everyone's for an admin, with `all=true`). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const actorOf = (ctx: Context) => panelActorOf(strapi, ctx);

  return {
    async list(ctx: Context) {
      const input = parseInput(listKeysSchema, ctx.query);
      ctx.body = { data: await service(strapi, 'credentials').listKeys(await actorOf(ctx), input) };
    },

    async create(ctx: Context) {
      const input = parseInput(createKeySchema, ctx.request.body ?? {});
      const created = await service(strapi, 'credentials').createKey(await actorOf(ctx), input);
      // The key exists once, in this response: no cache may keep it.
      ctx.set('Cache-Control', 'no-store');
      ctx.status = 201;
      ctx.body = { data: created };
    },

    async revoke(ctx: Context) {
      const id = parseInput(publicId('API key'), ctx.params.id);
      ctx.body = { data: await service(strapi, 'credentials').revokeKey(await actorOf(ctx), id) };
    },
  };
};
