import type { Core } from '@strapi/strapi';
import { UID } from '../uids';
import { hasSuperAdminRole } from '../admin-panel/panel-user';

/**
 * Tickets, replies and audit events are read in the Help Desk pages, under the rules (DESIGN §6a). In the Content
 * Manager only a super admin may read them: Strapi gives Editor and Author every content type it shows, so the
 * help desk removes those permissions from every other admin role, now and whenever a role is saved. The Content
 * Manager checks its permissions on every one of its routes, so without them there is nothing to list, open or
 * relate to.
 */
export const SUPER_ADMIN_ONLY: readonly string[] = [UID.ticket, UID.reply, UID.auditEvent];

const CONTENT_MANAGER_ACTION = 'plugin::content-manager.';

interface PermissionRow {
  id: number;
  action: string;
  subject: string | null;
  role?: { id: number; code: string } | null;
  /** Admin API tokens (Strapi's own MCP server takes them) hold permissions too, capped by their owner's. */
  apiToken?: { id: number; adminUserOwner?: { roles?: Array<{ code: string }> } | null } | null;
}

const POPULATE = {
  role: { select: ['id', 'code'] },
  apiToken: { select: ['id'], populate: { adminUserOwner: { select: ['id'], populate: { roles: { select: ['code'] } } } } },
};

/** A super admin's own, or an admin token of a super admin's: the only holders allowed. */
const heldBySuperAdmin = (p: PermissionRow): boolean =>
  p.role ? hasSuperAdminRole([p.role]) : hasSuperAdminRole(p.apiToken?.adminUserOwner?.roles);

const isProtected = (p: { action?: string; subject?: string | null }) =>
  Boolean(p.subject && SUPER_ADMIN_ONLY.includes(p.subject) && p.action?.startsWith(CONTENT_MANAGER_ACTION));

/** Deletes every Content Manager permission on those types held by anyone but Super Admin (a role, or a token of a non-super-admin). */
export const removeNonSuperAdminPermissions = async (strapi: Core.Strapi): Promise<number> => {
  const rows = (await strapi.db.query('admin::permission').findMany({
    where: { subject: { $in: [...SUPER_ADMIN_ONLY] }, action: { $startsWith: CONTENT_MANAGER_ACTION } },
    select: ['id', 'action', 'subject'],
    populate: POPULATE,
  })) as PermissionRow[];
  const doomed = rows.filter((p) => !heldBySuperAdmin(p)).map((p) => p.id);
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
        populate: POPULATE,
      })) as PermissionRow | null;
      // A token's permission is linked to its token after it is created: judged at the next start, and capped by
      // its owner's role (Strapi's own rule) meanwhile.
      if (row && (row.role || row.apiToken) && !heldBySuperAdmin(row)) await strapi.db.query('admin::permission').delete({ where: { id: row.id } });
    },
  });
};
