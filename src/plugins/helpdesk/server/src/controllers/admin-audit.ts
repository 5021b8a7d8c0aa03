import { Readable } from 'stream';
import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { panelActorOf } from '../admin-panel/panel-actor';
import { parseInput } from '../validation/parse';
import { exportAuditSchema, listAuditSchema } from '../validation/audit';
import { service } from '../services/registry';

const CONTENT_TYPES = { csv: 'text/csv; charset=utf-8', jsonl: 'application/x-ndjson; charset=utf-8' } as const;

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async list(ctx: Context) {
    const input = parseInput(listAuditSchema, ctx.query);
    const page = await service(strapi, 'audit').list(await panelActorOf(strapi, ctx), input);
    ctx.body = { data: page.events, meta: { pagination: page.pagination } };
  },

  /** The filtered log as a download: streamed, so an export of a large log never sits in memory. */
  async export(ctx: Context) {
    const input = parseInput(exportAuditSchema, ctx.query);
    const lines = await service(strapi, 'audit').export(await panelActorOf(strapi, ctx), input);
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    ctx.set('Content-Type', CONTENT_TYPES[input.format]);
    ctx.set('Content-Disposition', `attachment; filename="helpdesk-audit-${stamp}.${input.format}"`);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = Readable.from(lines);
  },
});
