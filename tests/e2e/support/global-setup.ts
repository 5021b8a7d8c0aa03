import { execFileSync } from 'child_process';
import path from 'path';

/**
 * `strapi build`: compiles the app into dist/ and builds the admin panel into dist/build, which the app serves.
 * About a minute and 2 GB. HELPDESK_E2E_SKIP_BUILD=1 reuses the last build while iterating on the test alone.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env.HELPDESK_E2E_SKIP_BUILD === '1') return;
  const root = path.join(__dirname, '..', '..', '..');
  const started = Date.now();
  execFileSync(process.execPath, [path.join(root, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js'), 'build'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true', NODE_ENV: 'production' },
  });
  process.stdout.write(`\nadmin panel built in ${Math.round((Date.now() - started) / 1000)} s\n`);
}
