import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { actorOf } from '../auth/strategies';
import { parseInput } from '../validation/parse';
import { listConnectionsSchema } from '../validation/credentials';
import { publicId } from '../validation/common';
import { service } from '../services/registry';

/** The caller's connected apps (everyone's for an admin, with `all=true`), and revoking one. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: Context) {
    const input = parseInput(listConnectionsSchema, ctx.query);
    ctx.body = { data: await service(strapi, 'connections').list(actorOf(ctx), input) };
  },

  async revoke(ctx: Context) {
    const id = parseInput(publicId('connected app'), ctx.params.id);
    ctx.body = { data: await service(strapi, 'connections').revoke(actorOf(ctx), id) };
  },
});
