import { runCli } from '../../helpers/cli';
import { createTestDatabase } from '../../helpers/database';
import { startHelpdesk, type TestApp } from '../../helpers/strapi';

/** Admin-panel password of every panel user the run creates (Strapi wants upper, lower and a digit). */
export const PANEL_PASSWORD = 'Panel-password-1';

/** Panel users: two staff of different groups, a help-desk User, and the super admin (help-desk Admin). */
export const PEOPLE = {
  staff: 'staff1@demo.local',
  outsider: 'staff3@demo.local',
  user: 'user1@demo.local',
  owner: 'owner@example.com',
} as const;

const cli = async (args: string[], database: TestApp['database']) => {
  const result = await runCli(args, database);
  if (result.code !== 0) throw new Error(`helpdesk ${args[0]} failed (${result.code}): ${result.stderr || result.stdout}`);
  return result.stdout;
};

/**
 * A temporary SQLite database with the demo loaded and the panel users created through the CLI, as an operator
 * would, then the app itself, in this process, serving the admin build on a free port: the test reads the same
 * database through the same services the pages call.
 */
export const startE2eApp = async (): Promise<TestApp> => {
  const database = await createTestDatabase();
  await cli(['demo'], database);
  for (const email of [PEOPLE.staff, PEOPLE.outsider, PEOPLE.user]) {
    await cli(['panel-user:create', '--email', email, '--password', PANEL_PASSWORD], database);
  }
  // The super admin has no help-desk account: one is made the first time they open the pages.
  await cli(['panel-user:create', '--email', PEOPLE.owner, '--password', PANEL_PASSWORD, '--role', 'Super Admin'], database);
  return startHelpdesk({ database });
};
