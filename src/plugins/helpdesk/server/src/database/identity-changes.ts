import type { Core } from '@strapi/strapi';
import { UID } from '../uids';
import { service } from '../services/registry';

/**
 * Roles, blocking and group membership decide what an actor may do; panel links who a panel user is; statuses what
 * a ticket may become. When they change on this instance (panel, CLI, API), the cached copies are dropped at once;
 * other instances follow within CREDENTIAL_CACHE_MS. A deleted panel user takes its link with it.
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
  onEveryChange([UID.panelLink, UID.user], () => service(strapi, 'panel-access').forgetLinks());

  strapi.db.lifecycles.subscribe({
    models: ['admin::user'],
    async afterDelete(event) {
      const id = (event.result as { id?: number } | undefined)?.id;
      if (id) await service(strapi, 'panel-access').forgetPanelUser(id);
    },
    async beforeDeleteMany(event) {
      const where = (event.params as { where?: Record<string, unknown> }).where ?? {};
      const doomed = (await strapi.db.query('admin::user').findMany({ where, select: ['id'] })) as Array<{ id: number }>;
      for (const { id } of doomed) await service(strapi, 'panel-access').forgetPanelUser(id);
    },
  });
};
