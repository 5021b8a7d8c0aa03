import type { Core } from '@strapi/strapi';
import { ensureQueryIndexes } from './database/query-indexes';
import { ensureTicketTextIndex } from './database/ticket-text-index';
import { ensureTicketWordIndex } from './database/ticket-word-index';
import { configureContentManager } from './content-manager';
import { registerPanelPermissions } from './admin-panel/permissions';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  // Listening for other instances' changes before this one serves anything.
  strapi.plugin('helpdesk').service('coordination').start();
  await ensureQueryIndexes(strapi);
  await ensureTicketTextIndex(strapi);
  await ensureTicketWordIndex(strapi);
  await strapi.plugin('helpdesk').service('defaults').ensureDefaults();
  await configureContentManager(strapi);
  await registerPanelPermissions(strapi);
  await strapi.plugin('helpdesk').service('panel-access').migrateEmailMatches();
  // users-permissions bootstraps first and, on a first start, writes allow_register: true.
  const registration = strapi.plugin('helpdesk').service('registration');
  await registration.alignUsersPermissions(await registration.isOpen());
  // Breaches that came due while no instance ran are recorded by the first sweep, a minute after start.
  strapi.plugin('helpdesk').service('service-levels').start();
};
