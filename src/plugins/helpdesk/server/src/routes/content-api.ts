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
  ],
};
