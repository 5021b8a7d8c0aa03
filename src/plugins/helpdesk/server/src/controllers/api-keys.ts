import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { actorOf } from '../auth/strategies';
import { parseInput } from '../validation/parse';
import { createKeySchema, listKeysSchema } from '../validation/credentials';
import { publicId } from '../validation/common';
import { service } from '../services/registry';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async create(ctx: Context) {
    const input = parseInput(createKeySchema, ctx.request.body ?? {});
    ctx.set('Cache-Control', 'no-store');
    ctx.status = 201;
    ctx.body = { data: await service(strapi, 'credentials').createKey(actorOf(ctx), input) };
  },

  async list(ctx: Context) {
    const input = parseInput(listKeysSchema, ctx.query);
    ctx.body = { data: await service(strapi, 'credentials').listKeys(actorOf(ctx), input) };
  },

  async revoke(ctx: Context) {
    const id = parseInput(publicId('API key'), ctx.params.id);
    ctx.body = { data: await service(strapi, 'credentials').revokeKey(actorOf(ctx), id) };
  },
});
