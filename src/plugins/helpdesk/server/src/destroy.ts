import type { Core } from '@strapi/strapi';
import { drainRequestsInFlight } from './http/graceful-shutdown';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  // First, while the database is still open: requests in flight finish (Strapi would cut them off next).
  await drainRequestsInFlight(strapi, strapi.plugin('helpdesk').config('shutdownDrainMs') as number);
  // Before Strapi closes the database: the failure counts still pending are written. A database that is gone must
  // not stop the shutdown (the process would hang or exit non-zero); the counts are lost and the log says so.
  try {
    await strapi.plugin('helpdesk').service('failed-authentication').close();
  } catch (error) {
    strapi.log.warn(`helpdesk: pending failed-authentication counts not written at shutdown: ${error instanceof Error ? error.name : String(error)}`);
  }
  await strapi.plugin('helpdesk').service('service-levels').close();
  await strapi.plugin('helpdesk').service('coordination').close();
};
