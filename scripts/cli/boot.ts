import path from 'path';
import type { Core } from '@strapi/strapi';

// Compiled, this file is dist/scripts/cli/boot.js: the app is three levels up, its compiled copy in dist/.
const appDir = path.join(__dirname, '..', '..', '..');
const distDir = path.join(appDir, 'dist');

/** Loads Strapi (database, plugins, bootstrap) without the HTTP server, with only errors in its log. */
export const bootStrapi = async (): Promise<Core.Strapi> => {
  // Strapi reads .env when it is first required, from the working directory unless ENV_PATH says otherwise:
  // pointing it at the app's .env lets the CLI run from any directory. Bad input never gets this far.
  process.env.ENV_PATH ??= path.join(appDir, '.env');
  const { createStrapi } = await import('@strapi/strapi');
  const strapi = createStrapi({ appDir, distDir });
  strapi.log.level = process.env.HELPDESK_CLI_LOG_LEVEL ?? 'error';
  await strapi.load();
  return strapi;
};
