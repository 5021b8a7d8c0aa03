import crypto from 'crypto';
import type { Core } from '@strapi/strapi';
import type { Actor } from '../auth/actor';
import { HelpdeskError } from '../errors';
import { service } from '../services/registry';

/** The fields of Strapi's admin user (ctx.state.user on admin routes) the help desk reads. */
export interface PanelUser {
  id: number | string;
  email: string;
  firstname?: string | null;
  lastname?: string | null;
  roles?: Array<{ code: string }>;
}

const SUPER_ADMIN_CODE = 'strapi-super-admin';

export const isSuperAdmin = (user: PanelUser): boolean => (user.roles ?? []).some((r) => r.code === SUPER_ADMIN_CODE);

/** Why a panel user cannot work tickets; the staff pages show the message as it is. */
export type NoAccountReason = 'no_account' | 'user_role' | 'blocked';

const NO_ACCOUNT_MESSAGES: Record<NoAccountReason, (email: string) => string> = {
  no_account: (email) =>
    `There is no help-desk account with your email (${email}). The Help Desk pages are for Staff and Admin accounts: ask a help-desk admin to create a Staff account with this email.`,
  user_role: (email) =>
    `The help-desk account with your email (${email}) has the User role. The Help Desk pages are for Staff and Admin accounts; users follow their tickets through the help desk's API and assistants.`,
  blocked: (email) => `The help-desk account with your email (${email}) is blocked. Ask a help-desk admin to unblock it.`,
};

export const noAccountError = (reason: NoAccountReason, email: string): HelpdeskError =>
  new HelpdeskError('forbidden', NO_ACCOUNT_MESSAGES[reason](email), { reason });

/** Concurrent first requests of one super admin share one provisioning, so only one account is created. */
const provisioning = new Map<string, Promise<string>>();

/**
 * A super admin acts as help-desk Admin (DESIGN §2). With no account of their email yet, one is created on first use
 * (role Admin, a random password nobody knows: it signs in through the panel, or after a password reset), so the
 * audit log and the tickets they touch name a real account.
 */
const provisionAdminAccount = (strapi: Core.Strapi, user: PanelUser): Promise<string> => {
  const email = user.email.toLowerCase();
  const pending = provisioning.get(email);
  if (pending) return pending;
  const work = (async () => {
    const { value, created } = await service(strapi, 'accounts').ensureAccount({
      email,
      password: crypto.randomBytes(32).toString('base64url'),
      role: 'admin',
    });
    if (created) strapi.log.info(`helpdesk: created help-desk Admin account ${email} for the super admin's first visit`);
    return value.id;
  })().finally(() => provisioning.delete(email));
  provisioning.set(email, work);
  return work;
};

/**
 * The Actor of a signed-in admin-panel user: the help-desk account with the same email, case-insensitive. It must be
 * Staff or Admin; a super admin always acts as Admin. Anyone else is refused with a message that says why.
 */
export const panelActor = async (strapi: Core.Strapi, user: PanelUser): Promise<Actor> => {
  const superAdmin = isSuperAdmin(user);
  const account = await service(strapi, 'accounts').findAccount(user.email);
  const accountId = account?.id ?? (superAdmin ? await provisionAdminAccount(strapi, user) : null);
  if (!accountId) throw noAccountError('no_account', user.email);
  const actor = await service(strapi, 'actors').actorFor(
    { documentId: accountId },
    { credential: { kind: 'admin_session', id: String(user.id), name: 'admin panel' }, channel: 'admin', readOnly: false },
  );
  if (!actor) throw noAccountError('blocked', user.email);
  if (superAdmin) return { ...actor, role: 'admin' };
  if (actor.role === 'user') throw noAccountError('user_role', user.email);
  return actor;
};
