import type { Core } from '@strapi/strapi';

/**
 * The plugin's admin-panel permissions. They gate the staff pages and the admin routes per admin role; the help
 * desk's own rules (role and scope of the help-desk account) still apply behind them.
 */
export const PANEL_ACTIONS = {
  readTickets: { uid: 'tickets.read', subCategory: 'tickets', displayName: 'Read tickets' },
  reply: { uid: 'tickets.reply', subCategory: 'tickets', displayName: 'Reply and add internal notes' },
  changeStatus: { uid: 'tickets.status', subCategory: 'tickets', displayName: 'Change status' },
  assign: { uid: 'tickets.assign', subCategory: 'tickets', displayName: 'Assign' },
  link: { uid: 'tickets.link', subCategory: 'tickets', displayName: 'Link tickets' },
  tag: { uid: 'tickets.tag', subCategory: 'tickets', displayName: 'Tag tickets' },
  manageKeys: { uid: 'api-keys.manage', subCategory: 'api keys', displayName: 'Manage API keys' },
  readAudit: { uid: 'audit.read', subCategory: 'audit log', displayName: 'Read the audit log' },
  settings: { uid: 'settings.manage', subCategory: 'settings', displayName: 'Change settings' },
  panelAccess: { uid: 'panel-access.manage', subCategory: 'panel access', displayName: 'Manage panel access' },
} as const;

export type PanelAction = keyof typeof PANEL_ACTIONS;

/** `plugin::helpdesk.<uid>`, the id Strapi's RBAC and the admin front end use. */
export const panelActionId = (action: PanelAction): string => `plugin::helpdesk.${PANEL_ACTIONS[action].uid}`;

/** What the "Help Desk Staff" admin role holds: everything but the admin-only audit log and settings. */
export const STAFF_PANEL_ACTIONS: readonly PanelAction[] = ['readTickets', 'reply', 'changeStatus', 'assign', 'link', 'tag', 'manageKeys'];

export const STAFF_PANEL_ROLE = { name: 'Help Desk Staff', description: 'Works tickets in the Help Desk pages.' };

interface PermissionService {
  actionProvider: { registerMany(actions: object[]): Promise<void> };
}

interface AdminRoleService {
  findOne(where: { name: string }): Promise<{ id: number } | null>;
  create(attributes: { name: string; description: string }): Promise<{ id: number }>;
  addPermissions(roleId: number, permissions: Array<{ action: string }>): Promise<unknown>;
}

/** Runs in bootstrap, before the admin's own bootstrap gives the super admin every registered action. */
export const registerPanelPermissions = async (strapi: Core.Strapi): Promise<void> => {
  const permissions = strapi.service('admin::permission') as unknown as PermissionService;
  await permissions.actionProvider.registerMany(
    Object.values(PANEL_ACTIONS).map((a) => ({ section: 'plugins', pluginName: 'helpdesk', ...a })),
  );
};

/**
 * The admin role staff get by default, created with the staff permissions when missing. Not done in bootstrap: on a
 * new database a role created before the admin's bootstrap would stop it from creating Super Admin, Editor and Author.
 * An existing role is left as an admin may have changed it.
 */
export const ensureStaffPanelRole = async (strapi: Core.Strapi): Promise<{ id: number; created: boolean }> => {
  const roles = strapi.service('admin::role') as unknown as AdminRoleService;
  const existing = await roles.findOne({ name: STAFF_PANEL_ROLE.name });
  if (existing) return { id: existing.id, created: false };
  const role = await roles.create(STAFF_PANEL_ROLE);
  await roles.addPermissions(role.id, STAFF_PANEL_ACTIONS.map((a) => ({ action: panelActionId(a) })));
  return { id: role.id, created: true };
};
