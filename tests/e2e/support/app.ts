import { createPanelUser } from '../../../src/plugins/helpdesk/server/src/admin-panel/panel-users';
import { createPanelUserSchema } from '../../../src/plugins/helpdesk/server/src/validation/panel-users';
import { runCli } from '../../helpers/cli';
import { createTestDatabase } from '../../helpers/database';
import { startHelpdesk, type TestApp } from '../../helpers/strapi';

/** Admin-panel password of every panel user the run creates (Strapi wants upper, lower and a digit). */
export const PANEL_PASSWORD = 'Panel-password-1';

/**
 * Panel users: two staff of different groups, a help-desk User, and the super admin (help-desk Admin); later steps add
 * a newcomer with no help-desk account (linked on the Panel access page to `linkTarget`, a Staff account no panel user
 * works as) and an Editor of the catalog.
 */
export const PEOPLE = {
  staff: 'staff1@demo.local',
  outsider: 'staff3@demo.local',
  user: 'user1@demo.local',
  owner: 'owner@example.com',
  newcomer: 'newcomer@example.com',
  linkTarget: 'staff4@demo.local',
  editor: 'editor@example.com',
} as const;

/** A panel user made in-process, through the same code as `panel-user:create` (linked by email when it can be). */
export const addPanelUser = (app: TestApp, email: string, options: { role?: string; name?: string } = {}) =>
  createPanelUser(app.strapi, createPanelUserSchema.parse({ email, password: PANEL_PASSWORD, ...options }));

const cli = async (args: string[], database: TestApp['database']) => {
  const result = await runCli(args, database);
  if (result.code !== 0) throw new Error(`helpdesk ${args[0]} failed (${result.code}): ${result.stderr || result.stdout}`);
  return result.stdout;
};

/**
 * A temporary SQLite database with the demo and the staff member's panel user made through the CLI, as an operator
 * would; then the app itself, in this process, serving the admin build on a free port, so the test reads the same
 * database through the same services the pages call. The other panel users go through the same code in-process:
 * every CLI run boots Strapi, which costs seconds on a busy machine.
 */
export const startE2eApp = async (): Promise<TestApp> => {
  const database = await createTestDatabase();
  await cli(['demo'], database);
  await cli(['panel-user:create', '--email', PEOPLE.staff, '--password', PANEL_PASSWORD], database);
  const app = await startHelpdesk({ database });
  await addPanelUser(app, PEOPLE.outsider);
  // Its account has the User role, so it is left unlinked.
  await addPanelUser(app, PEOPLE.user);
  // The super admin has no help-desk account: one is made and linked the first time they open the pages.
  await addPanelUser(app, PEOPLE.owner, { role: 'Super Admin' });
  return app;
};
