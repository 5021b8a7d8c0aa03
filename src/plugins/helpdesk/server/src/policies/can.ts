import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import { errors } from '@strapi/utils';
import type { Actor } from '../auth/actor';
import { refusalReason, roleAllows, type Action } from '../authz/rules';
import { HelpdeskError } from '../errors';
import { panelActorOf } from '../admin-panel/panel-actor';
import { service } from '../services/registry';
import { isUlid } from '../public-ids';

export interface CanPolicyConfig {
  action: Action;
}

/** A refusal in the one error shape: Strapi renders a PolicyError as 403 with its message and details. */
const refuse = (error: HelpdeskError): never => {
  throw new errors.PolicyError(error.message, { code: error.code, ...(error.details ?? {}) });
};

/**
 * `plugin::helpdesk.can` with `{ action }`: a route's role rule, declared where the route is and decided by the one
 * rule table (authz/rules.ts), so a refused role never reaches a controller. Scope is the services' to check (they
 * repeat the role check too, so an adapter that forgets its policy still skips nothing). Admin routes act as the
 * panel user's linked account; content-API routes as the credential's account.
 */
const can = async (policyContext: Context, config: CanPolicyConfig, { strapi }: { strapi: Core.Strapi }): Promise<boolean> => {
  let actor: Actor;
  if ((policyContext.state.route as { info?: { type?: string } } | undefined)?.info?.type === 'admin') {
    // Admin API tokens have no panel user, and so no linked account: only a signed-in person works tickets here.
    if (policyContext.state.auth?.strategy?.name !== 'admin' || !policyContext.state.user) {
      refuse(new HelpdeskError('forbidden', 'The Help Desk pages are for signed-in admin-panel users.'));
    }
    try {
      actor = await panelActorOf(strapi, policyContext);
    } catch (error) {
      if (error instanceof HelpdeskError) refuse(error);
      throw error;
    }
  } else {
    actor = (policyContext.state.auth as { credentials: Actor }).credentials;
  }
  if (!actor) throw new errors.UnauthorizedError('Missing or invalid credentials');
  if (roleAllows(actor, config.action)) return true;
  // The ticket the route names, so the refusal shows in its history; an id that is not a ULID names no ticket.
  const id = (policyContext.params as { id?: unknown } | undefined)?.id;
  const ticketId = config.action.startsWith('ticket.') && typeof id === 'string' && isUlid(id.toUpperCase()) ? id.toUpperCase() : null;
  await service(strapi, 'audit').refused(actor, { action: config.action, ticketId, errorCode: 'forbidden' });
  return refuse(new HelpdeskError('forbidden', refusalReason(actor, config.action)));
};

export default can;
