import path from 'path';
import { spawn } from 'child_process';
import { applyTestEnvironment } from './test-env';
import type { TestDatabase } from './database';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

const appDir = path.join(__dirname, '..', '..');
const cliPath = path.join(appDir, 'dist', 'scripts', 'helpdesk-cli.js');

/** Runs the compiled CLI (as `npm run helpdesk -- …` does after compiling) against a test database. */
export const runCli = (args: string[], database: TestDatabase): Promise<CliResult> => {
  applyTestEnvironment();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      cwd: appDir,
      env: { ...process.env, ...database.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
};
