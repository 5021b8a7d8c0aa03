import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { HelpdeskError } from '../errors';
import { isSuperAdmin, panelActorOf, type PanelUser } from '../admin-panel/panel-actor';
import { service } from '../services/registry';
import { serverUrl } from '../http/server-url';
import type { PluginConfig } from '../config';

/** Where assistants connect, for the ready-to-paste client config on the API keys page. Never from the Host header. */
const mcpUrl = (strapi: Core.Strapi): string => {
  const config = strapi.config.get('plugin::helpdesk') as PluginConfig;
  return `${serverUrl(strapi).base}${config.mcpPath.replace(/\/+$/, '')}/`;
};

/**
 * Who the signed-in panel user is in the help desk. Never refused for a missing account: the staff pages need the
 * reason to explain it, so it comes back as `account: null` with the explanation.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async me(ctx: Context) {
    const user = ctx.state.user as PanelUser;
    const panel = { email: user.email, super_admin: isSuperAdmin(user) };
    const mcp_url = mcpUrl(strapi);
    try {
      const actor = await panelActorOf(strapi, ctx);
      ctx.body = { data: { panel_user: panel, account: await service(strapi, 'actors').me(actor), problem: null, mcp_url } };
    } catch (error) {
      if (!(error instanceof HelpdeskError) || error.code !== 'forbidden') throw error;
      const problem = { reason: error.details?.reason ?? null, message: error.message };
      ctx.body = { data: { panel_user: panel, account: null, problem, mcp_url } };
    }
  },
});
