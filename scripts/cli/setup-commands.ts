import { service } from '../../src/plugins/helpdesk/server/src/services/registry';
import {
  addMemberSchema,
  createAccountSchema,
  createCategorySchema,
  createGroupSchema,
} from '../../src/plugins/helpdesk/server/src/validation/accounts';
import { defineCommand, type Command } from './command';

const ROLE_LABEL = { user: 'User', staff: 'Staff', admin: 'Admin' } as const;

/** Headless set-up: accounts, groups and categories. The logic lives in the plugin's accounts service. */
export const setupCommands: Command[] = [
  defineCommand({
    name: 'user:create',
    summary: 'Create a help-desk account that can sign in with its email and password',
    usage: '--email EMAIL --password PASSWORD --role user|staff|admin [--group NAME] [--name NAME]',
    options: { email: 'string', password: 'string', role: 'string', group: 'string', name: 'string' },
    input: createAccountSchema,
    async run(strapi, input) {
      const { account, group } = await service(strapi, 'accounts').createAccount(input);
      const membership = group ? `, member of group "${group.name}"` : '';
      return `Created ${ROLE_LABEL[account.role]} account ${account.email} (id ${account.id})${membership}.`;
    },
  }),
  defineCommand({
    name: 'group:create',
    summary: 'Create a group of staff that tickets can be routed and assigned to',
    usage: '--name NAME',
    options: { name: 'string' },
    input: createGroupSchema,
    async run(strapi, input) {
      const group = await service(strapi, 'accounts').createGroup(input);
      return `Created group "${group.name}" (id ${group.id}).`;
    },
  }),
  defineCommand({
    name: 'group:add-member',
    summary: 'Add an existing account to a group',
    usage: '--group NAME --email EMAIL',
    options: { group: 'string', email: 'string' },
    input: addMemberSchema,
    async run(strapi, input) {
      const { group, account, added } = await service(strapi, 'accounts').addMember(input);
      return added
        ? `Added ${account.email} to group "${group.name}".`
        : `${account.email} is already a member of group "${group.name}"; nothing changed.`;
    },
  }),
  defineCommand({
    name: 'category:create',
    summary: "Create a ticket category; new tickets in it go to its group",
    usage: '--name NAME [--group NAME] [--description TEXT]',
    options: { name: 'string', group: 'string', description: 'string' },
    input: createCategorySchema,
    async run(strapi, input) {
      const category = await service(strapi, 'accounts').createCategory(input);
      const routing = category.default_group
        ? `new tickets in it go to group "${category.default_group.name}"`
        : 'no default group yet';
      return `Created category "${category.name}" (id ${category.id}), ${routing}.`;
    },
  }),
];
