import type { Core } from '@strapi/strapi';
import { UID } from '../uids';
import { service } from '../services/registry';

/**
 * Roles, blocking and group membership decide what an actor may do; panel links who a panel user is; statuses what
 * a ticket may become. When they change on this instance (panel, CLI, API), the cached copies are dropped at once,
 * and on the other instances once the change is committed (announced through Redis; without it they follow within
 * CREDENTIAL_CACHE_MS). A deleted panel user takes its link with it.
 */
export const forgetIdentitiesOnChange = (strapi: Core.Strapi): void => {
  const onEveryChange = (models: string[], forget: () => Promise<void>) =>
    strapi.db.lifecycles.subscribe({
      models,
      afterCreate: forget,
      afterUpdate: forget,
      afterUpdateMany: forget,
      afterDelete: forget,
      afterDeleteMany: forget,
    });
  const forget = (cache: 'identities' | 'statuses' | 'links') => () => service(strapi, 'coordination').forget({ cache });
  onEveryChange([UID.user, UID.group, UID.role], forget('identities'));
  onEveryChange([UID.status], forget('statuses'));
  onEveryChange([UID.panelLink, UID.user], forget('links'));

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
