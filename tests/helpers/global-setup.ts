import { execFileSync } from 'child_process';
import path from 'path';
import { buildTemplateDatabase } from './template-database';

// Compile the app once for the whole run; each test file then boots the compiled copy, on a copy of the template
// database built here (template-database.ts). HELPDESK_TEST_SKIP_COMPILE=1 reuses an existing dist/ while iterating
// on tests alone.
export default async function globalSetup(): Promise<void> {
  if (process.env.HELPDESK_TEST_SKIP_COMPILE !== '1') {
    const root = path.join(__dirname, '..', '..');
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'tsconfig.json')], {
      cwd: root,
      stdio: 'inherit',
    });
  }
  await buildTemplateDatabase();
}
