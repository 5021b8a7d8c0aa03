import path from 'path';
import { createStrapi, factories } from '@strapi/strapi';
import { APP_DIR } from './database';
import { STOCK_PREFIX } from './stock-api';

/**
 * The peers' server: the same app on the same database, started the way `strapi start` starts it, plus what a
 * Strapi user would otherwise reach for to serve these tickets:
 * - Strapi's stock content API for the ticket type, from Strapi's own core service/controller/router factories
 *   (`GET /api/<prefix>/tickets` and `/tickets/:id`), which a plugin's content types do not have by default;
 * - Strapi's own admin-token MCP server (`server.mcp.enabled`), at /mcp, so the help desk's MCP endpoint moves
 *   (HELPDESK_MCP_PATH is set by the runner).
 * Nothing here changes the app itself: it is this process only.
 */
const TICKET = 'plugin::helpdesk.ticket';

const main = async () => {
  const app = createStrapi({ appDir: APP_DIR, distDir: path.join(APP_DIR, 'dist') });
  app.config.set('server.mcp.enabled', true);
  await app.register();
  app.get('services').add('plugin::helpdesk', { ticket: factories.createCoreService(TICKET) });
  app.get('controllers').add('plugin::helpdesk', { ticket: factories.createCoreController(TICKET) });
  const routes = app.plugin('helpdesk').routes as unknown as Record<string, unknown>;
  routes['bench-stock'] = factories.createCoreRouter(TICKET, { prefix: STOCK_PREFIX, only: ['find', 'findOne'] });
  await app.bootstrap();
  (app as unknown as { isLoaded: boolean }).isLoaded = true;
  await app.listen();
};

main().catch((error: unknown) => {
  process.stderr.write(`peer server failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
