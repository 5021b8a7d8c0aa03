import { API_KEY_STRATEGY, ACCESS_TOKEN_STRATEGY, OAUTH_TOKEN_STRATEGY } from '../auth/strategies';

import type { Action } from '../authz/rules';

/**
 * Every help-desk route takes only the help desk's own credentials, declares its role rule as the plugin's policy
 * (asked of the one rule table before any controller runs), and renders errors in the one shape.
 */
const allowed = (action: Action) => ({
  auth: { strategies: [API_KEY_STRATEGY, ACCESS_TOKEN_STRATEGY, OAUTH_TOKEN_STRATEGY] },
  policies: [{ name: 'plugin::helpdesk.can', config: { action } }],
  middlewares: ['plugin::helpdesk.rest-errors'],
});

export default {
  type: 'content-api',
  routes: [
    // The OAuth2 token endpoint lives at /api/auth/token: a `prefix` in the route config keeps it out of /api/helpdesk.
    { method: 'POST', path: '/auth/token', handler: 'token.issue', config: { auth: false, prefix: '' } },

    { method: 'POST', path: '/api-keys', handler: 'api-keys.create', config: allowed('key.manage') },
    { method: 'GET', path: '/api-keys', handler: 'api-keys.list', config: allowed('me.read') },
    { method: 'DELETE', path: '/api-keys/:id', handler: 'api-keys.revoke', config: allowed('key.manage') },
    { method: 'GET', path: '/connections', handler: 'connections.list', config: allowed('key.manage') },
    { method: 'DELETE', path: '/connections/:id', handler: 'connections.revoke', config: allowed('key.manage') },

    { method: 'GET', path: '/tickets', handler: 'tickets.list', config: allowed('ticket.list') },
    { method: 'POST', path: '/tickets', handler: 'tickets.create', config: allowed('ticket.create') },
    { method: 'GET', path: '/search', handler: 'tickets.search', config: allowed('ticket.search') },
    // Before /tickets/:id, which would otherwise take "next" for a ticket id.
    { method: 'GET', path: '/tickets/next', handler: 'tickets.next', config: allowed('ticket.next') },
    { method: 'GET', path: '/tickets/:id', handler: 'tickets.get', config: allowed('ticket.read') },
    { method: 'POST', path: '/tickets/:id/replies', handler: 'tickets.reply', config: allowed('ticket.reply') },
    { method: 'PUT', path: '/tickets/:id/status', handler: 'tickets.changeStatus', config: allowed('ticket.status') },
    { method: 'PUT', path: '/tickets/:id/assignment', handler: 'tickets.assign', config: allowed('ticket.assign') },
    { method: 'POST', path: '/tickets/:id/links', handler: 'tickets.link', config: allowed('ticket.link') },
    { method: 'DELETE', path: '/tickets/:id/links/:other_id', handler: 'tickets.unlink', config: allowed('ticket.link') },
    { method: 'POST', path: '/tickets/:id/attachments', handler: 'attachments.add', config: allowed('attachment.add') },
    { method: 'GET', path: '/attachments/:id', handler: 'attachments.download', config: allowed('attachment.read') },
    { method: 'DELETE', path: '/attachments/:id', handler: 'attachments.remove', config: allowed('attachment.delete') },
    { method: 'PUT', path: '/tickets/:id/tags', handler: 'tags.tagTicket', config: allowed('ticket.tag') },

    { method: 'GET', path: '/categories', handler: 'directory.categories', config: allowed('catalog.read') },
    { method: 'GET', path: '/types', handler: 'directory.types', config: allowed('catalog.read') },
    { method: 'GET', path: '/statuses', handler: 'directory.statuses', config: allowed('catalog.read') },
    { method: 'GET', path: '/tags', handler: 'tags.list', config: allowed('catalog.read') },
    { method: 'GET', path: '/me', handler: 'directory.me', config: allowed('me.read') },
    { method: 'GET', path: '/assignees', handler: 'directory.assignees', config: allowed('assignee.list') },

    { method: 'GET', path: '/canned-responses', handler: 'canned-responses.list', config: allowed('canned.read') },
    { method: 'POST', path: '/canned-responses', handler: 'canned-responses.create', config: allowed('canned.manage') },
    { method: 'GET', path: '/canned-responses/:id', handler: 'canned-responses.get', config: allowed('canned.read') },
    { method: 'PUT', path: '/canned-responses/:id', handler: 'canned-responses.update', config: allowed('canned.manage') },
    { method: 'DELETE', path: '/canned-responses/:id', handler: 'canned-responses.remove', config: allowed('canned.manage') },
    { method: 'GET', path: '/canned-responses/:id/render', handler: 'canned-responses.render', config: allowed('canned.read') },
  ],
};
