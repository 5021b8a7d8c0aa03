import type { Core } from '@strapi/strapi';
import { applyContentManagerViews } from './views';
import { closeHiddenTypes } from './hidden-types';
import { removeNonSuperAdminPermissions } from './super-admin-only';

/**
 * How the help desk appears in Strapi's Content Manager: readable list views, no way to its secrets, and tickets,
 * replies and audit events for super admins only. (Writes are refused for everyone by write-path/guards.ts.)
 */
export const configureContentManager = async (strapi: Core.Strapi): Promise<void> => {
  closeHiddenTypes(strapi);
  const removed = await removeNonSuperAdminPermissions(strapi);
  if (removed > 0) strapi.log.info(`helpdesk: removed ${removed} Content Manager permission(s) on tickets, replies or audit events from admin roles other than Super Admin`);
  await applyContentManagerViews(strapi);
};
