/** The plugin's id, and where its pages live in the admin panel. */
export const PLUGIN_ID = 'helpdesk';
export const BASE_PATH = `/plugins/${PLUGIN_ID}`;

const permission = (uid: string) => [{ action: `plugin::${PLUGIN_ID}.${uid}`, subject: null }];

/** The admin permissions the server registers (server/src/admin-panel/permissions.ts). */
export const PERMISSIONS = {
  readTickets: permission('tickets.read'),
  reply: permission('tickets.reply'),
  changeStatus: permission('tickets.status'),
  assign: permission('tickets.assign'),
  link: permission('tickets.link'),
  tag: permission('tickets.tag'),
  manageKeys: permission('api-keys.manage'),
  readAudit: permission('audit.read'),
  settings: permission('settings.manage'),
  panelAccess: permission('panel-access.manage'),
};
