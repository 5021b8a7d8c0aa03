import type { Core } from '@strapi/strapi';
import { HelpdeskError, conflict } from '../errors';
import { parseInput } from '../validation/parse';
import {
  addMemberSchema,
  createAccountSchema,
  createCategorySchema,
  createGroupSchema,
  type AccountRole,
  type AddMemberInput,
  type CreateAccountInput,
  type CreateCategoryInput,
  type CreateGroupInput,
} from '../validation/accounts';
import { UID } from '../uids';
import { roleFromType } from './actors';

export interface AccountView {
  id: string;
  email: string;
  name: string;
  role: AccountRole;
}

export interface GroupView {
  id: string;
  name: string;
}

export interface CategoryView {
  id: string;
  name: string;
  default_group: GroupView | null;
}

/** The result of an `ensure…` call: the record, and whether this call created it. */
export interface Ensured<T> {
  value: T;
  created: boolean;
}

interface AccountRow {
  id: number;
  documentId: string;
  username: string;
  email: string;
  role?: { type: string } | null;
}

interface NamedRow {
  id: number;
  documentId: string;
  name: string;
}

interface CategoryRow extends NamedRow {
  default_group?: NamedRow | null;
}

const ROLE_TYPE: Record<AccountRole, string> = { user: 'authenticated', staff: 'staff', admin: 'admin' };

const accountView = (row: AccountRow): AccountView => ({
  id: row.documentId,
  email: row.email,
  name: row.username,
  role: roleFromType(row.role?.type),
});

const groupView = (row: NamedRow): GroupView => ({ id: row.documentId, name: row.name });

const categoryView = (row: CategoryRow): CategoryView => ({
  id: row.documentId,
  name: row.name,
  default_group: row.default_group ? groupView(row.default_group) : null,
});

const notFound = (message: string) => new HelpdeskError('not_found', message);

/**
 * Set-up operations: accounts, groups and categories. They take no Actor because their caller is an operator with
 * access to the server (the CLI); an adapter that offers them to signed-in accounts must first check
 * `settings.manage`. Names are matched case-insensitively, as the data rules say they are unique that way.
 * `create…` refuses a duplicate with a conflict; `ensure…` returns the existing record, so scripts can re-run.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const findAccountRow = async (email: string): Promise<AccountRow | null> =>
    (await strapi.db.query(UID.user).findOne({
      where: { email: { $eqi: email } },
      select: ['id', 'documentId', 'username', 'email'],
      populate: { role: { select: ['type'] } },
    })) as AccountRow | null;

  const findGroupRow = async (name: string): Promise<NamedRow | null> =>
    (await strapi.db.query(UID.group).findOne({
      where: { name: { $eqi: name } },
      select: ['id', 'documentId', 'name'],
    })) as NamedRow | null;

  const findCategoryRow = async (name: string): Promise<CategoryRow | null> =>
    (await strapi.db.query(UID.category).findOne({
      where: { name: { $eqi: name } },
      select: ['id', 'documentId', 'name'],
      populate: { default_group: { select: ['id', 'documentId', 'name'] } },
    })) as CategoryRow | null;

  const requireGroup = async (name: string): Promise<NamedRow> => {
    const group = await findGroupRow(name);
    if (!group) throw notFound(`No group named "${name}" exists.`);
    return group;
  };

  const requireAccount = async (email: string): Promise<AccountRow> => {
    const account = await findAccountRow(email);
    if (!account) throw notFound(`No account with email ${email} exists.`);
    return account;
  };

  const isMember = async (group: NamedRow, account: AccountRow): Promise<boolean> =>
    (await strapi.db.query(UID.group).count({ where: { id: group.id, members: { id: account.id } } })) > 0;

  const connectMember = async (group: NamedRow, account: AccountRow): Promise<boolean> => {
    if (await isMember(group, account)) return false;
    await strapi.db.query(UID.group).update({
      where: { id: group.id },
      data: { members: { connect: [{ id: account.id }] } },
    });
    return true;
  };

  const insertAccount = async (input: CreateAccountInput): Promise<{ account: AccountView; group: GroupView | null }> => {
    const username = input.name ?? input.email;
    const group = input.group ? await requireGroup(input.group) : null;
    const taken = await strapi.db.query(UID.user).count({ where: { username: { $eqi: username } } });
    if (taken > 0) throw conflict(`The name "${username}" is already used by another account.`);
    const role = (await strapi.db.query(UID.role).findOne({
      where: { type: ROLE_TYPE[input.role] },
      select: ['id'],
    })) as { id: number } | null;
    // The help desk creates its roles at start-up; a missing one means an admin deleted it.
    if (!role) throw new HelpdeskError('unavailable', `The users-permissions role for "${input.role}" is missing.`);

    return strapi.db.transaction(async () => {
      // Through users-permissions' own service, so the password is hashed as its login expects.
      const created = (await strapi.plugin('users-permissions').service('user').add({
        username,
        email: input.email,
        password: input.password,
        provider: 'local',
        confirmed: true,
        blocked: false,
        role: role.id,
      })) as AccountRow;
      if (group) await connectMember(group, created);
      return { account: accountView({ ...created, role: { type: ROLE_TYPE[input.role] } }), group: group && groupView(group) };
    });
  };

  const insertGroup = async (input: CreateGroupInput): Promise<GroupView> =>
    groupView((await strapi.documents(UID.group).create({ data: { name: input.name } })) as unknown as NamedRow);

  const insertCategory = async (input: CreateCategoryInput): Promise<CategoryView> => {
    const group = input.group ? await requireGroup(input.group) : null;
    const created = (await strapi.documents(UID.category).create({
      data: {
        name: input.name,
        description: input.description ?? null,
        default_group: group ? { documentId: group.documentId } : null,
      },
    })) as unknown as NamedRow;
    return categoryView({ ...created, default_group: group });
  };

  return {
    async findAccount(email: string): Promise<AccountView | null> {
      const row = await findAccountRow(email);
      return row ? accountView(row) : null;
    },

    /**
     * `email` if no account has it, else a plus-address of it (`ada+panel7@example.com`) that none has: a fresh
     * account never takes over, or waits on, an address someone else already holds.
     */
    async unusedEmail(email: string, tag: string): Promise<string> {
      const wanted = email.toLowerCase();
      if (!(await findAccountRow(wanted))) return wanted;
      const at = wanted.lastIndexOf('@');
      for (let n = 1; ; n += 1) {
        const candidate = `${wanted.slice(0, at)}+${tag}${n > 1 ? `-${n}` : ''}${wanted.slice(at)}`;
        if (!(await findAccountRow(candidate))) return candidate;
      }
    },

    /** A display name no account uses yet, from `name` (names are unique, case-insensitive). */
    async unusedName(name: string): Promise<string> {
      const base = name.length >= 3 ? name.slice(0, 90) : `${name} (panel)`;
      for (let n = 1; ; n += 1) {
        const candidate = n === 1 ? base : `${base} (${n})`;
        if ((await strapi.db.query(UID.user).count({ where: { username: { $eqi: candidate } } })) === 0) return candidate;
      }
    },

    async createAccount(raw: unknown): Promise<{ account: AccountView; group: GroupView | null }> {
      const input = parseInput(createAccountSchema, raw);
      if (await findAccountRow(input.email)) throw conflict(`An account with email ${input.email} already exists.`);
      return insertAccount(input);
    },

    /** An existing account is returned as it is (role and password untouched); only the group is added. */
    async ensureAccount(raw: unknown): Promise<Ensured<AccountView>> {
      const input = parseInput(createAccountSchema, raw);
      const existing = await findAccountRow(input.email);
      if (!existing) return { value: (await insertAccount(input)).account, created: true };
      if (input.group) await connectMember(await requireGroup(input.group), existing);
      return { value: accountView(existing), created: false };
    },

    async createGroup(raw: unknown): Promise<GroupView> {
      const input = parseInput(createGroupSchema, raw);
      const existing = await findGroupRow(input.name);
      if (existing) throw conflict(`A group named "${existing.name}" already exists.`);
      return insertGroup(input);
    },

    async ensureGroup(raw: unknown): Promise<Ensured<GroupView>> {
      const input = parseInput(createGroupSchema, raw);
      const existing = await findGroupRow(input.name);
      return existing ? { value: groupView(existing), created: false } : { value: await insertGroup(input), created: true };
    },

    /** Adding someone who is already a member changes nothing and says so (`added: false`). */
    async addMember(raw: unknown): Promise<{ group: GroupView; account: AccountView; added: boolean }> {
      const input: AddMemberInput = parseInput(addMemberSchema, raw);
      const group = await requireGroup(input.group);
      const account = await requireAccount(input.email);
      const added = await connectMember(group, account);
      return { group: groupView(group), account: accountView(account), added };
    },

    async createCategory(raw: unknown): Promise<CategoryView> {
      const input = parseInput(createCategorySchema, raw);
      const existing = await findCategoryRow(input.name);
      if (existing) throw conflict(`A category named "${existing.name}" already exists.`);
      return insertCategory(input);
    },

    /** An existing category keeps its default group: an admin may have re-routed it. */
    async ensureCategory(raw: unknown): Promise<Ensured<CategoryView>> {
      const input = parseInput(createCategorySchema, raw);
      const existing = await findCategoryRow(input.name);
      return existing
        ? { value: categoryView(existing), created: false }
        : { value: await insertCategory(input), created: true };
    },
  };
};
