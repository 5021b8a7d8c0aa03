import type { Core } from '@strapi/strapi';
import { HelpdeskError, conflict } from '../errors';
import { service } from '../services/registry';
import type { CreatePanelUserInput } from '../validation/panel-users';
import { ensureStaffPanelRole } from './permissions';

export interface PanelUserView {
  id: number;
  email: string;
  role: string;
  /** The account the panel user works tickets as, or why none is linked. */
  linked: { email: string; role: 'staff' | 'admin' } | { reason: 'no_account' | 'user_role'; email: string };
}

interface AdminUserService {
  exists(where: { email: string }): Promise<boolean>;
  create(attributes: Record<string, unknown>): Promise<{ id: number; email: string }>;
}

/**
 * Creates an active admin-panel user, the way a staff member gets to the Help Desk pages, and links it to the
 * help-desk account it is to work tickets as (`--account`, by default the one with the same email). The operator at
 * the CLI is entitled to make that link; the panel user can never change it. Through Strapi's admin user service,
 * so the password is hashed as its sign-in expects.
 */
export const createPanelUser = async (strapi: Core.Strapi, input: CreatePanelUserInput): Promise<PanelUserView> => {
  await ensureStaffPanelRole(strapi);
  const roles = (await strapi.db.query('admin::role').findMany({ select: ['id', 'name'], orderBy: { name: 'asc' } })) as Array<{
    id: number;
    name: string;
  }>;
  const role = roles.find((r) => r.name.toLowerCase() === input.role.toLowerCase());
  if (!role) {
    throw new HelpdeskError('not_found', `No admin role is named "${input.role}"; the roles are ${roles.map((r) => `"${r.name}"`).join(', ')}.`);
  }
  const users = strapi.service('admin::user') as unknown as AdminUserService;
  if (await users.exists({ email: input.email })) throw conflict(`An admin-panel user with email ${input.email} already exists.`);

  const accountEmail = input.account ?? input.email;
  const account = await service(strapi, 'accounts').findAccount(accountEmail);
  if (input.account && !account) throw new HelpdeskError('not_found', `No help-desk account has the email ${input.account}.`);
  if (input.account && account?.role === 'user') {
    throw new HelpdeskError('conflict', `The account ${account.email} has the User role: panel users work tickets as Staff or Admin accounts.`);
  }
  const [firstname, ...rest] = (input.name ?? account?.name ?? input.email).split(/\s+/);
  const created = await users.create({
    email: input.email,
    firstname,
    lastname: rest.join(' ') || null,
    password: input.password,
    isActive: true,
    registrationToken: null,
    roles: [role.id],
  });
  if (!account || account.role === 'user') {
    return { id: created.id, email: created.email, role: role.name, linked: { reason: account ? 'user_role' : 'no_account', email: accountEmail } };
  }
  await service(strapi, 'panel-access').link(null, created.id, account.id, 'panel-user:create (CLI)');
  return { id: created.id, email: created.email, role: role.name, linked: { email: account.email, role: account.role } };
};

/** The admin-panel user with this email (the CLI names panel users by email; the link itself is by id). */
export const panelUserIdByEmail = async (strapi: Core.Strapi, email: string): Promise<number> => {
  const user = (await strapi.db.query('admin::user').findOne({ where: { email: { $eqi: email } }, select: ['id'] })) as { id: number } | null;
  if (!user) throw new HelpdeskError('not_found', `No admin-panel user has the email ${email}.`);
  return user.id;
};
