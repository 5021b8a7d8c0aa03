import type { Core } from '@strapi/strapi';
import { UID } from '../uids';

/**
 * Tickets, replies and audit events are read in the Help Desk pages, under the rules (DESIGN §6a). In the Content
 * Manager only a super admin may read them: Strapi gives Editor and Author every content type it shows, so the
 * help desk removes those permissions from every other admin role, now and whenever a role is saved. The Content
 * Manager checks its permissions on every one of its routes, so without them there is nothing to list, open or
 * relate to.
 */
export const SUPER_ADMIN_ONLY: readonly string[] = [UID.ticket, UID.reply, UID.auditEvent];

const SUPER_ADMIN_CODE = 'strapi-super-admin';
const CONTENT_MANAGER_ACTION = 'plugin::content-manager.';

interface PermissionRow {
  id: number;
  action: string;
  subject: string | null;
  role?: { id: number; code: string } | null;
}

const isProtected = (p: { action?: string; subject?: string | null }) =>
  Boolean(p.subject && SUPER_ADMIN_ONLY.includes(p.subject) && p.action?.startsWith(CONTENT_MANAGER_ACTION));

/** Deletes every Content Manager permission on those types held by a role other than Super Admin. */
export const removeNonSuperAdminPermissions = async (strapi: Core.Strapi): Promise<number> => {
  const rows = (await strapi.db.query('admin::permission').findMany({
    where: { subject: { $in: [...SUPER_ADMIN_ONLY] }, action: { $startsWith: CONTENT_MANAGER_ACTION } },
    select: ['id', 'action', 'subject'],
    populate: { role: { select: ['id', 'code'] } },
  })) as PermissionRow[];
  const doomed = rows.filter((p) => p.role?.code !== SUPER_ADMIN_CODE).map((p) => p.id);
  if (doomed.length > 0) await strapi.db.query('admin::permission').deleteMany({ where: { id: { $in: doomed } } });
  return doomed.length;
};

/**
 * Keeps them removed: a permission on those types created for any role but Super Admin (a role saved in Settings →
 * Roles, the default roles Strapi creates on a new install) is deleted in the same transaction that created it.
 */
export const keepSuperAdminOnly = (strapi: Core.Strapi): void => {
  strapi.db.lifecycles.subscribe({
    models: ['admin::permission'],
    async afterCreate(event) {
      const data = (event.params as { data?: { action?: string; subject?: string | null } }).data ?? {};
      const created = event.result as { id?: number } | undefined;
      if (!isProtected(data) || !created?.id) return;
      const row = (await strapi.db.query('admin::permission').findOne({
        where: { id: created.id },
        populate: { role: { select: ['id', 'code'] } },
      })) as PermissionRow | null;
      if (row && row.role?.code !== SUPER_ADMIN_CODE) await strapi.db.query('admin::permission').delete({ where: { id: row.id } });
    },
  });
};
