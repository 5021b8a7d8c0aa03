import type { Core } from '@strapi/strapi';

export type TestRole = 'user' | 'staff' | 'admin';

export interface TestAccount {
  id: number;
  documentId: string;
  email: string;
  password: string;
}

const ROLE_TYPE: Record<TestRole, string> = { user: 'authenticated', staff: 'staff', admin: 'admin' };

/** Creates a users-permissions account the way the app does, through the document service. */
export const createAccount = async (
  strapi: Core.Strapi,
  input: { email: string; role: TestRole; password?: string; blocked?: boolean },
): Promise<TestAccount> => {
  const role = await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: ROLE_TYPE[input.role] } });
  const password = input.password ?? 'correct horse battery staple';
  const user = await strapi.plugin('users-permissions').service('user').add({
    username: input.email.split('@')[0],
    email: input.email.toLowerCase(),
    password,
    provider: 'local',
    confirmed: true,
    blocked: input.blocked ?? false,
    role: role.id,
  });
  return { id: user.id, documentId: user.documentId, email: input.email.toLowerCase(), password };
};

export const createGroup = async (strapi: Core.Strapi, name: string, members: TestAccount[] = []) => {
  const group = await strapi.documents('plugin::helpdesk.group').create({
    data: { name, members: { connect: members.map((m) => ({ documentId: m.documentId })) } },
  });
  return group as unknown as { id: number; documentId: string; name: string };
};
