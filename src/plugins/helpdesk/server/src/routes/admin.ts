import { panelActionId, type PanelAction } from '../admin-panel/permissions';

/**
 * The staff pages' API, under /helpdesk on the admin router. A route needs a signed-in panel user holding the
 * plugin permission; the help desk's own rules (account role and ticket scope) are then applied by the services.
 */
const guarded = (...actions: PanelAction[]) => ({
  policies: [
    'admin::isAuthenticatedAdmin',
    ...(actions.length > 0 ? [{ name: 'admin::hasPermissions', config: { actions: actions.map(panelActionId) } }] : []),
  ],
  middlewares: ['plugin::helpdesk.rest-errors'],
});

export default {
  type: 'admin',
  routes: [
    // Any signed-in panel user may ask who they are here: the pages explain a missing account with it.
    { method: 'GET', path: '/me', handler: 'admin-session.me', config: guarded() },

    { method: 'GET', path: '/tickets', handler: 'admin-tickets.list', config: guarded('readTickets') },
    { method: 'GET', path: '/tickets/:id', handler: 'admin-tickets.get', config: guarded('readTickets') },
    { method: 'POST', path: '/tickets/:id/replies', handler: 'admin-tickets.reply', config: guarded('readTickets', 'reply') },
    { method: 'PUT', path: '/tickets/:id/status', handler: 'admin-tickets.changeStatus', config: guarded('readTickets', 'changeStatus') },
    { method: 'PUT', path: '/tickets/:id/assignment', handler: 'admin-tickets.assign', config: guarded('readTickets', 'assign') },
    { method: 'POST', path: '/tickets/:id/links', handler: 'admin-tickets.link', config: guarded('readTickets', 'link') },
    { method: 'DELETE', path: '/tickets/:id/links/:other_id', handler: 'admin-tickets.unlink', config: guarded('readTickets', 'link') },
    { method: 'GET', path: '/statuses', handler: 'admin-tickets.statuses', config: guarded('readTickets') },
    { method: 'GET', path: '/categories', handler: 'admin-tickets.categories', config: guarded('readTickets') },
    { method: 'GET', path: '/assignees', handler: 'admin-tickets.assignees', config: guarded('readTickets') },

    { method: 'GET', path: '/api-keys', handler: 'admin-api-keys.list', config: guarded('manageKeys') },
    { method: 'POST', path: '/api-keys', handler: 'admin-api-keys.create', config: guarded('manageKeys') },
    { method: 'DELETE', path: '/api-keys/:id', handler: 'admin-api-keys.revoke', config: guarded('manageKeys') },

    { method: 'GET', path: '/audit-events', handler: 'admin-audit.list', config: guarded('readAudit') },

    { method: 'GET', path: '/settings', handler: 'admin-settings.get', config: guarded('settings') },
    { method: 'PUT', path: '/settings', handler: 'admin-settings.update', config: guarded('settings') },
  ],
};
