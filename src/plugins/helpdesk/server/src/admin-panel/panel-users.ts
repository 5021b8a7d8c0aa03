import type { Core } from '@strapi/strapi';
import { HelpdeskError, conflict } from '../errors';
import { service } from '../services/registry';
import type { CreatePanelUserInput } from '../validation/panel-users';
import { ensureStaffPanelRole } from './permissions';

export interface PanelUserView {
  id: number;
  email: string;
  role: string;
  /** The help-desk role the user works tickets as, or null when the pages will explain there is no such account. */
  helpdeskRole: 'staff' | 'admin' | 'user' | null;
}

interface AdminUserService {
  exists(where: { email: string }): Promise<boolean>;
  create(attributes: Record<string, unknown>): Promise<{ id: number; email: string }>;
}

/**
 * Creates an active admin-panel user, the way a staff member gets to the Help Desk pages: it works tickets as the
 * help-desk account with the same email. Through Strapi's admin user service, so the password is hashed as its sign-in
 * expects. The staff panel role is created first if missing, so the default role always exists.
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

  const account = await service(strapi, 'accounts').findAccount(input.email);
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
  return { id: created.id, email: created.email, role: role.name, helpdeskRole: account?.role ?? null };
};
