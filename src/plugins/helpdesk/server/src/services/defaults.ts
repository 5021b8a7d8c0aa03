import type { Core } from '@strapi/strapi';
import { UID } from '../uids';

export const DEFAULT_STATUSES = [
  { name: 'New', kind: 'new', sort_order: 10, is_default: true },
  { name: 'In Progress', kind: 'open', sort_order: 20, is_default: false },
  { name: 'Waiting on Customer', kind: 'pending', sort_order: 30, is_default: false },
  { name: 'Resolved', kind: 'resolved', sort_order: 40, is_default: false },
  { name: 'Closed', kind: 'closed', sort_order: 50, is_default: false },
] as const;

export const HELPDESK_ROLES = [
  { type: 'staff', name: 'Staff', description: 'Help-desk staff: work the tickets of their groups.' },
  { type: 'admin', name: 'Admin', description: 'Help-desk administrators: see and do everything.' },
] as const;

/**
 * What a new help desk needs, created only when missing. Statuses are seeded only into an empty table, so an
 * admin's renames, reorders and deletions survive every restart.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async ensureDefaults(): Promise<void> {
    const statusCount = await strapi.db.query(UID.status).count({});
    if (statusCount === 0) {
      for (const status of DEFAULT_STATUSES) {
        await strapi.documents(UID.status).create({ data: { ...status } });
      }
    }

    const roleService = strapi.plugin('users-permissions').service('role');
    for (const role of HELPDESK_ROLES) {
      const existing = await strapi.db.query(UID.role).findOne({ where: { type: role.type } });
      if (!existing) await roleService.createRole({ ...role, permissions: {} });
    }
  },
});
