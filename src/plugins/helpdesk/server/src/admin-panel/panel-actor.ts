import type { Core } from '@strapi/strapi';
import type { Context } from 'koa';
import type { Actor } from '../auth/actor';
import { HelpdeskError } from '../errors';
import { service } from '../services/registry';
import type { PanelUserRef } from '../services/panel-access';
import { hasSuperAdminRole } from './panel-user';

/** Strapi's admin user as it is on admin routes (ctx.state.user). */
export type PanelUser = PanelUserRef;

export const isSuperAdmin = (user: PanelUser): boolean => hasSuperAdminRole(user.roles);

/** Why a panel user cannot work tickets; the staff pages show the message as it is. */
export type NoAccountReason = 'not_linked' | 'user_role' | 'blocked';

const NO_ACCOUNT_MESSAGES: Record<NoAccountReason, string> = {
  not_linked:
    'Your admin-panel user is not linked to a help-desk account. A help-desk Admin links it under Help Desk → Panel access (or an operator runs `panel-user:link` on the server); the Help Desk pages are for Staff and Admin accounts.',
  user_role:
    'The help-desk account your admin-panel user is linked to has the User role. The Help Desk pages are for Staff and Admin accounts; users follow their tickets through the help desk\'s API and assistants.',
  blocked: 'The help-desk account your admin-panel user is linked to is blocked. Ask a help-desk admin to unblock it.',
};

export const noAccountError = (reason: NoAccountReason): HelpdeskError =>
  new HelpdeskError('forbidden', NO_ACCOUNT_MESSAGES[reason], { reason });

/**
 * The Actor of a signed-in admin-panel user: the help-desk account its stored link names (services/panel-access.ts),
 * never one found by email. It must be Staff or Admin; a super admin always acts as Admin, and one with no link yet
 * gets a fresh Admin account of their own on first use.
 */
export const panelActor = async (strapi: Core.Strapi, user: PanelUser): Promise<Actor> => {
  const superAdmin = isSuperAdmin(user);
  const panelAccess = service(strapi, 'panel-access');
  const accountId = (await panelAccess.linkedAccount(user.id)) ?? (superAdmin ? await panelAccess.provisionSuperAdmin(user) : null);
  if (!accountId) throw noAccountError('not_linked');
  const actor = await service(strapi, 'actors').actorFor(
    { documentId: accountId },
    { credential: { kind: 'admin_session', id: String(user.id), name: 'admin panel' }, channel: 'admin', readOnly: false },
  );
  if (!actor) throw noAccountError('blocked');
  if (superAdmin) return { ...actor, role: 'admin' };
  if (actor.role === 'user') throw noAccountError('user_role');
  return actor;
};

const RESOLVED = Symbol('helpdesk.panel-actor');

/** The Actor of an admin request, resolved once (by the route's policy or the first controller that asks). */
export const panelActorOf = async (strapi: Core.Strapi, ctx: Context): Promise<Actor> => {
  const state = ctx.state as Record<symbol, Promise<Actor> | undefined>;
  state[RESOLVED] ??= panelActor(strapi, ctx.state.user as PanelUser);
  return state[RESOLVED];
};
