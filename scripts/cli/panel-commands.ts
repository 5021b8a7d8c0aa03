import { createPanelUser } from '../../src/plugins/helpdesk/server/src/admin-panel/panel-users';
import { createPanelUserSchema } from '../../src/plugins/helpdesk/server/src/validation/panel-users';
import { defineCommand, type Command } from './command';

const WORKS_AS = {
  staff: 'works tickets as the help-desk Staff account with the same email',
  admin: 'works tickets as the help-desk Admin account with the same email',
  user: 'has only a help-desk User account: the Help Desk pages will tell them they need a Staff or Admin account',
  none: 'has no help-desk account yet: create a Staff one with user:create, or the Help Desk pages will say it is missing',
} as const;

/** Admin-panel users for staff: the Help Desk pages live in the Strapi admin panel. */
export const panelCommands: Command[] = [
  defineCommand({
    name: 'panel-user:create',
    summary: 'Create an admin-panel user, so a staff member can sign in to the Help Desk pages',
    usage: '--email EMAIL --password PASSWORD [--role "Help Desk Staff"] [--name NAME]',
    options: { email: 'string', password: 'string', role: 'string', name: 'string' },
    input: createPanelUserSchema,
    async run(strapi, input) {
      const user = await createPanelUser(strapi, input);
      return `Created admin-panel user ${user.email} with role "${user.role}"; it ${WORKS_AS[user.helpdeskRole ?? 'none']}.`;
    },
  }),
];
