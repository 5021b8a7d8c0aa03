import type { Core } from '@strapi/strapi';
import { UID } from '../uids';

/**
 * The queue is ordered by last activity. Tickets made outside the services (the Content Manager, an import) get
 * their creation time as first activity, so they sort correctly instead of falling to the end.
 */
export const defaultTicketActivity = (strapi: Core.Strapi): void => {
  strapi.db.lifecycles.subscribe({
    models: [UID.ticket],
    beforeCreate(event) {
      const data = (event.params as { data?: Record<string, unknown> }).data;
      if (data && !data.last_activity_at) data.last_activity_at = new Date();
    },
  });
};
