import type { Core } from '@strapi/strapi';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  // Before Strapi closes the database: the failure counts still pending are written.
  await strapi.plugin('helpdesk').service('failed-authentication').close();
  await strapi.plugin('helpdesk').service('coordination').close();
};
