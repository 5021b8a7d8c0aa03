import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { panelActorOf } from '../admin-panel/panel-actor';
import { parseInput } from '../validation/parse';
import { linkPanelUserSchema, panelUserIdSchema } from '../validation/panel-users';
import { service } from '../services/registry';

/** The "Panel access" page: which help-desk account each admin-panel user works tickets as. Admins only. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: Context) {
    ctx.body = { data: await service(strapi, 'panel-access').list(await panelActorOf(strapi, ctx)) };
  },

  async link(ctx: Context) {
    const panelUserId = parseInput(panelUserIdSchema, ctx.params.panel_user_id);
    const input = parseInput(linkPanelUserSchema, ctx.request.body ?? {});
    ctx.body = { data: await service(strapi, 'panel-access').link(await panelActorOf(strapi, ctx), panelUserId, input.account_id) };
  },

  async unlink(ctx: Context) {
    const panelUserId = parseInput(panelUserIdSchema, ctx.params.panel_user_id);
    ctx.body = { data: await service(strapi, 'panel-access').unlink(await panelActorOf(strapi, ctx), panelUserId) };
  },
});
