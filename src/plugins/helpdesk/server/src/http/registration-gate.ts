import type { Core } from '@strapi/strapi';
import type { Context, Next } from 'koa';
import { service } from '../services/registry';
import { answeredUnavailable, restErrorBody } from './rest-errors';

export const REGISTRATION_CLOSED =
  'Registration is closed: new accounts are not signed up here. A help-desk admin can open registration (with email confirmation) under Help Desk → Settings.';

/**
 * The users-permissions routes that create accounts: the local sign-up, and the third-party sign-in flow, which
 * creates an account for an address it has not seen. Strapi's router ignores case and a trailing slash, so this does.
 */
const signUpRoutes = (apiPrefix: string) => {
  const prefix = apiPrefix.replace(/\/+$/, '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [
    { method: 'POST', pattern: new RegExp(`^${prefix}/auth/local/register/?$`, 'i') },
    { method: 'GET', pattern: new RegExp(`^${prefix}/connect/.+`, 'i') },
    { method: 'GET', pattern: new RegExp(`^${prefix}/auth/(?!local/)[^/]+/callback/?$`, 'i') },
  ];
};

/**
 * Koa middleware mounted in register(), ahead of Strapi's router: while the help desk's registration setting is
 * closed, sign-ups are refused here, whatever users-permissions' own "allow register" says. While it is open,
 * users-permissions' store is put back in line first, so a sign-up always needs email confirmation.
 */
export const guardRegistration = (strapi: Core.Strapi) => {
  const routes = signUpRoutes(strapi.config.get<string>('api.rest.prefix', '/api'));
  return async (ctx: Context, next: Next) => {
    if (!routes.some((r) => r.method === ctx.method && r.pattern.test(ctx.path))) return next();
    const registration = service(strapi, 'registration');
    try {
      const open = await registration.isOpen();
      if (!open) {
        ctx.status = 403;
        ctx.body = restErrorBody(403, 'ForbiddenError', 'forbidden', REGISTRATION_CLOSED, {});
        return undefined;
      }
      await registration.alignUsersPermissions(true);
    } catch (error) {
      // Ahead of Strapi's error middleware: a database that cannot be reached must still be a 503, not Koa's 500.
      if (answeredUnavailable(strapi, ctx, error)) return undefined;
      throw error;
    }
    return next();
  };
};
