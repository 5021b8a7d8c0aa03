import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { actorOf } from '../auth/strategies';
import { parseInput } from '../validation/parse';
import { assigneesSchema } from '../validation/tickets';
import { service } from '../services/registry';

/** The catalog, the caller, and the people and groups tickets can be assigned to. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async categories(ctx: Context) {
    ctx.body = { data: await service(strapi, 'catalog').categories(actorOf(ctx)) };
  },
  async types(ctx: Context) {
    ctx.body = { data: await service(strapi, 'catalog').types(actorOf(ctx)) };
  },
  async statuses(ctx: Context) {
    ctx.body = { data: await service(strapi, 'catalog').statuses(actorOf(ctx)) };
  },
  async me(ctx: Context) {
    ctx.body = { data: await service(strapi, 'actors').me(actorOf(ctx)) };
  },
  async assignees(ctx: Context) {
    const input = parseInput(assigneesSchema, ctx.query);
    ctx.body = { data: await service(strapi, 'assignment').listAssignees(actorOf(ctx), input) };
  },
});
