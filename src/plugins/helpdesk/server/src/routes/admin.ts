import { panelActionId, type PanelAction } from '../admin-panel/permissions';
import type { Action } from '../authz/rules';

/**
 * The staff pages' API, under /helpdesk on the admin router. A route needs a signed-in panel user holding the
 * plugin permission, then the help-desk role rule (`plugin::helpdesk.can`, as the panel user's linked account);
 * the services apply the scope rules behind both.
 */
const guarded = (action: Action | null, ...permissions: PanelAction[]) => ({
  policies: [
    'admin::isAuthenticatedAdmin',
    ...(permissions.length > 0 ? [{ name: 'admin::hasPermissions', config: { actions: permissions.map(panelActionId) } }] : []),
    ...(action ? [{ name: 'plugin::helpdesk.can', config: { action } }] : []),
  ],
  middlewares: ['plugin::helpdesk.rest-errors'],
});

export default {
  type: 'admin',
  routes: [
    // Any signed-in panel user may ask who they are here: the pages explain a missing link with it.
    { method: 'GET', path: '/me', handler: 'admin-session.me', config: guarded(null) },

    { method: 'GET', path: '/tickets', handler: 'admin-tickets.list', config: guarded('ticket.list', 'readTickets') },
    { method: 'GET', path: '/search', handler: 'admin-tickets.search', config: guarded('ticket.search', 'readTickets') },
    { method: 'GET', path: '/tickets/:id', handler: 'admin-tickets.get', config: guarded('ticket.read', 'readTickets') },
    { method: 'POST', path: '/tickets/:id/replies', handler: 'admin-tickets.reply', config: guarded('ticket.reply', 'readTickets', 'reply') },
    { method: 'PUT', path: '/tickets/:id/status', handler: 'admin-tickets.changeStatus', config: guarded('ticket.status', 'readTickets', 'changeStatus') },
    { method: 'PUT', path: '/tickets/:id/assignment', handler: 'admin-tickets.assign', config: guarded('ticket.assign', 'readTickets', 'assign') },
    { method: 'POST', path: '/tickets/:id/links', handler: 'admin-tickets.link', config: guarded('ticket.link', 'readTickets', 'link') },
    { method: 'DELETE', path: '/tickets/:id/links/:other_id', handler: 'admin-tickets.unlink', config: guarded('ticket.link', 'readTickets', 'link') },
    { method: 'GET', path: '/attachments/:id', handler: 'admin-tickets.downloadAttachment', config: guarded('attachment.read', 'readTickets') },
    { method: 'PUT', path: '/tickets/:id/tags', handler: 'admin-tickets.tag', config: guarded('ticket.tag', 'readTickets', 'tag') },
    { method: 'GET', path: '/statuses', handler: 'admin-tickets.statuses', config: guarded('catalog.read', 'readTickets') },
    { method: 'GET', path: '/categories', handler: 'admin-tickets.categories', config: guarded('catalog.read', 'readTickets') },
    { method: 'GET', path: '/tags', handler: 'admin-tickets.tags', config: guarded('catalog.read', 'readTickets') },
    { method: 'GET', path: '/assignees', handler: 'admin-tickets.assignees', config: guarded('assignee.list', 'readTickets') },

    // Using a canned response is part of replying: reading them needs the tickets permission, changing them the reply one.
    { method: 'GET', path: '/canned-responses', handler: 'admin-canned-responses.list', config: guarded('canned.read', 'readTickets') },
    { method: 'POST', path: '/canned-responses', handler: 'admin-canned-responses.create', config: guarded('canned.manage', 'readTickets', 'reply') },
    { method: 'GET', path: '/canned-responses/:id', handler: 'admin-canned-responses.get', config: guarded('canned.read', 'readTickets') },
    { method: 'PUT', path: '/canned-responses/:id', handler: 'admin-canned-responses.update', config: guarded('canned.manage', 'readTickets', 'reply') },
    { method: 'DELETE', path: '/canned-responses/:id', handler: 'admin-canned-responses.remove', config: guarded('canned.manage', 'readTickets', 'reply') },
    { method: 'GET', path: '/canned-responses/:id/render', handler: 'admin-canned-responses.render', config: guarded('canned.read', 'readTickets') },

    { method: 'GET', path: '/api-keys', handler: 'admin-api-keys.list', config: guarded('me.read', 'manageKeys') },
    { method: 'POST', path: '/api-keys', handler: 'admin-api-keys.create', config: guarded('key.manage', 'manageKeys') },
    { method: 'DELETE', path: '/api-keys/:id', handler: 'admin-api-keys.revoke', config: guarded('key.manage', 'manageKeys') },
    { method: 'GET', path: '/connections', handler: 'admin-connections.list', config: guarded('key.manage', 'manageKeys') },
    { method: 'DELETE', path: '/connections/:id', handler: 'admin-connections.revoke', config: guarded('key.manage', 'manageKeys') },

    { method: 'GET', path: '/audit-events', handler: 'admin-audit.list', config: guarded('audit.read', 'readAudit') },
    { method: 'GET', path: '/audit-events/export', handler: 'admin-audit.export', config: guarded('audit.read', 'readAudit') },

    { method: 'GET', path: '/settings', handler: 'admin-settings.get', config: guarded('settings.manage', 'settings') },
    { method: 'PUT', path: '/settings', handler: 'admin-settings.update', config: guarded('settings.manage', 'settings') },

    { method: 'GET', path: '/panel-access', handler: 'admin-panel-access.list', config: guarded('panel.manage', 'panelAccess') },
    { method: 'PUT', path: '/panel-access/:panel_user_id', handler: 'admin-panel-access.link', config: guarded('panel.manage', 'panelAccess') },
    { method: 'DELETE', path: '/panel-access/:panel_user_id', handler: 'admin-panel-access.unlink', config: guarded('panel.manage', 'panelAccess') },
  ],
};
