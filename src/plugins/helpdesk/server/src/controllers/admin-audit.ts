import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { panelActor, type PanelUser } from '../admin-panel/panel-actor';
import { parseInput } from '../validation/parse';
import { listAuditSchema } from '../validation/audit';
import { service } from '../services/registry';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: Context) {
    const input = parseInput(listAuditSchema, ctx.query);
    const page = await service(strapi, 'audit').list(await panelActor(strapi, ctx.state.user as PanelUser), input);
    ctx.body = { data: page.events, meta: { pagination: page.pagination } };
  },
});
