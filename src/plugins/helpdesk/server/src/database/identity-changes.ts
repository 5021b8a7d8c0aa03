import type { Core } from '@strapi/strapi';
import { UID } from '../uids';
import { service } from '../services/registry';

/**
 * Roles, blocking and group membership decide what an actor may do; statuses what a ticket may become. When they
 * change on this instance (panel, CLI, API), the cached copies are dropped at once; other instances follow within
 * CREDENTIAL_CACHE_MS.
 */
export const forgetIdentitiesOnChange = (strapi: Core.Strapi): void => {
  const onEveryChange = (models: string[], forget: () => void) =>
    strapi.db.lifecycles.subscribe({
      models,
      afterCreate: forget,
      afterUpdate: forget,
      afterUpdateMany: forget,
      afterDelete: forget,
      afterDeleteMany: forget,
    });
  onEveryChange([UID.user, UID.group, UID.role], () => service(strapi, 'actors').forgetIdentities());
  onEveryChange([UID.status], () => service(strapi, 'tickets').forgetStatuses());
};
