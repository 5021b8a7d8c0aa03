import { createPanelUser, panelUserIdByEmail } from '../../src/plugins/helpdesk/server/src/admin-panel/panel-users';
import {
  createPanelUserSchema,
  linkPanelUserByEmailSchema,
  unlinkPanelUserSchema,
} from '../../src/plugins/helpdesk/server/src/validation/panel-users';
import { z } from 'zod';
import { HelpdeskError, invalid } from '../../src/plugins/helpdesk/server/src/errors';
import { service } from '../../src/plugins/helpdesk/server/src/services/registry';
import { defineCommand, type Command } from './command';
import { operator } from './operator';

const NOT_LINKED = {
  user_role: (email: string) => `is not linked: ${email} has the User role (panel users work tickets as Staff or Admin accounts; link one with panel-user:link)`,
  no_account: (email: string) => `is not linked: no help-desk account has the email ${email} (create a Staff one with user:create, then panel-user:link)`,
} as const;

/**
 * Admin-panel users for staff: the Help Desk pages live in the Strapi admin panel, and each panel user works tickets
 * as the account it is linked to. Whoever runs the CLI runs the server, and so may make and withdraw links.
 */
export const panelCommands: Command[] = [
  defineCommand({
    name: 'panel-user:create',
    summary: 'Create an admin-panel user linked to a Staff or Admin account, so a staff member can sign in to the Help Desk pages',
    usage: '--email EMAIL --password PASSWORD [--role "Help Desk Staff"] [--name NAME] [--account ACCOUNT_EMAIL]',
    options: { email: 'string', password: 'string', role: 'string', name: 'string', account: 'string' },
    input: createPanelUserSchema,
    async run(strapi, input) {
      const user = await createPanelUser(strapi, input);
      const linked = 'reason' in user.linked ? NOT_LINKED[user.linked.reason](user.linked.email) : `works tickets as the ${user.linked.role} account ${user.linked.email}`;
      return `Created admin-panel user ${user.email} with role "${user.role}"; it ${linked}.`;
    },
  }),
  defineCommand({
    name: 'panel-user:link',
    summary: 'Link an admin-panel user to the Staff or Admin account it works tickets as (replacing its link)',
    usage: '--email PANEL_USER_EMAIL --account ACCOUNT_EMAIL',
    options: { email: 'string', account: 'string' },
    input: linkPanelUserByEmailSchema,
    async run(strapi, input) {
      const account = await service(strapi, 'accounts').findAccount(input.account);
      if (!account) throw new HelpdeskError('not_found', `No help-desk account has the email ${input.account}.`);
      if (account.role === 'user') {
        throw invalid([{ field: 'account', rule: 'staff_or_admin', message: `must be a Staff or Admin account (${account.email} has the User role)` }]);
      }
      const view = await service(strapi, 'panel-access').link(null, await panelUserIdByEmail(strapi, input.email), account.id, 'panel-user:link (CLI)');
      return `Linked admin-panel user ${view.panel_user.email} to the ${account.role} account ${account.email}.`;
    },
  }),
  defineCommand({
    name: 'panel-user:unlink',
    summary: 'Withdraw an admin-panel user\'s link: it can no longer work tickets until linked again',
    usage: '--email PANEL_USER_EMAIL',
    options: { email: 'string' },
    input: unlinkPanelUserSchema,
    async run(strapi, input) {
      const view = await service(strapi, 'panel-access').unlink(null, await panelUserIdByEmail(strapi, input.email), 'panel-user:unlink (CLI)');
      return `Admin-panel user ${view.panel_user.email} is not linked to any help-desk account now.`;
    },
  }),
  defineCommand({
    name: 'panel-user:list',
    summary: 'List admin-panel users and the help-desk account each works tickets as',
    usage: '',
    options: {},
    input: z.strictObject({}),
    async run(strapi) {
      const rows = await service(strapi, 'panel-access').list(operator);
      if (rows.length === 0) return 'No admin-panel users yet.';
      return rows
        .map((r) => {
          const who = r.panel_user.super_admin ? 'super admin, acts as Admin' : r.panel_user.roles.join(', ');
          const as = r.account ? `${r.account.email} (${r.account.role}${r.account.blocked ? ', blocked' : ''})` : 'not linked';
          return `${r.panel_user.email}\t${who}\t→ ${as}`;
        })
        .join('\n');
    },
  }),
];
