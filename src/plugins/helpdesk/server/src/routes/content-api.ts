import { API_KEY_STRATEGY, ACCESS_TOKEN_STRATEGY } from '../auth/strategies';

/** Every help-desk route takes only the help desk's own credentials, and renders errors in the one shape. */
const authenticated = { auth: { strategies: [API_KEY_STRATEGY, ACCESS_TOKEN_STRATEGY] }, middlewares: ['plugin::helpdesk.rest-errors'] };

export default {
  type: 'content-api',
  routes: [
    // The OAuth2 token endpoint lives at /api/auth/token: a `prefix` in the route config keeps it out of /api/helpdesk.
    { method: 'POST', path: '/auth/token', handler: 'token.issue', config: { auth: false, prefix: '' } },

    { method: 'POST', path: '/api-keys', handler: 'api-keys.create', config: authenticated },
    { method: 'GET', path: '/api-keys', handler: 'api-keys.list', config: authenticated },
    { method: 'DELETE', path: '/api-keys/:id', handler: 'api-keys.revoke', config: authenticated },

    { method: 'GET', path: '/tickets', handler: 'tickets.list', config: authenticated },
    { method: 'POST', path: '/tickets', handler: 'tickets.create', config: authenticated },
    { method: 'GET', path: '/tickets/:id', handler: 'tickets.get', config: authenticated },
    { method: 'POST', path: '/tickets/:id/replies', handler: 'tickets.reply', config: authenticated },
    { method: 'PUT', path: '/tickets/:id/status', handler: 'tickets.changeStatus', config: authenticated },
    { method: 'PUT', path: '/tickets/:id/assignment', handler: 'tickets.assign', config: authenticated },
    { method: 'POST', path: '/tickets/:id/links', handler: 'tickets.link', config: authenticated },
    { method: 'DELETE', path: '/tickets/:id/links/:other_id', handler: 'tickets.unlink', config: authenticated },

    { method: 'GET', path: '/categories', handler: 'directory.categories', config: authenticated },
    { method: 'GET', path: '/types', handler: 'directory.types', config: authenticated },
    { method: 'GET', path: '/statuses', handler: 'directory.statuses', config: authenticated },
    { method: 'GET', path: '/me', handler: 'directory.me', config: authenticated },
    { method: 'GET', path: '/assignees', handler: 'directory.assignees', config: authenticated },
  ],
};
