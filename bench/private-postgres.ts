import fs from 'fs';
import os from 'os';
import path from 'path';
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import { onCleanup, trackChild } from './exit-cleanup';
import { freePort } from './servers';
import type { PgServer } from './fresh-help-desk';

/**
 * A PostgreSQL cluster of the run's own, in a temporary directory, on a free port, listening on 127.0.0.1 only,
 * with trust authentication for `postgres`: the faults script stops it and starts it again, which it must never do
 * to the machine's shared server. The postmaster runs as a child of this process (not daemonized by pg_ctl), so
 * the script knows its pid, sees it exit, and kills it if the script itself is killed. SIGINT is PostgreSQL's
 * "fast" shutdown, what `pg_ctl stop -m fast` sends: sessions are ended, open transactions rolled back, and a
 * checkpoint written.
 */
export interface PrivatePostgres {
  server: PgServer;
  /** The data directory, for the log. */
  dataDir: string;
  /** Stops the server (fast shutdown) and waits until it has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port and data, and waits until it accepts connections. */
  start(): Promise<void>;
}

/** The binaries of the newest PostgreSQL installed the Debian way, or of PG_BIN; null when there are none. */
export const findPostgresBinaries = (): string | null => {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const root = '/usr/lib/postgresql';
  if (fs.existsSync(root)) {
    const versions = fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => path.join(root, v, 'bin')));
  }
  return candidates.find((dir) => ['initdb', 'postgres', 'pg_isready'].every((b) => fs.existsSync(path.join(dir, b)))) ?? null;
};

/** initdb and postgres refuse to run as root: when this script is root, they run as the `postgres` account. */
const runAs = (): { uid: number; gid: number } | null => {
  if (process.getuid?.() !== 0) return null;
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    return { uid, gid };
  } catch {
    throw new Error('running as root, and there is no `postgres` account to run a private PostgreSQL as');
  }
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const startPrivatePostgres = async (binDir: string, log: (message: string) => void): Promise<PrivatePostgres> => {
  const owner = runAs();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpdesk-faults-pg-'));
  onCleanup(`remove ${dataDir}`, async () => fs.rmSync(dataDir, { recursive: true, force: true }));
  if (owner) fs.chownSync(dataDir, owner.uid, owner.gid);
  const spawnOptions = owner ? { uid: owner.uid, gid: owner.gid } : {};
  const cluster = path.join(dataDir, 'data');
  execFileSync(path.join(binDir, 'initdb'), ['-D', cluster, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--no-instructions'], {
    ...spawnOptions,
    stdio: ['ignore', 'ignore', 'pipe'],
    cwd: dataDir,
  });
  const port = await freePort();
  const logFile = path.join(dataDir, 'postgres.log');
  let child: ChildProcess | null = null;

  const ready = async (timeoutMs: number) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (!child || child.exitCode !== null) throw new Error(`private PostgreSQL exited; see ${logFile}`);
      try {
        execFileSync(path.join(binDir, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-q'], { stdio: 'ignore' });
        return;
      } catch {
        await sleep(100);
      }
    }
    throw new Error(`private PostgreSQL not ready after ${timeoutMs} ms; see ${logFile}`);
  };

  const start = async () => {
    const out = fs.openSync(logFile, 'a');
    // Unix sockets in the data directory, not /var/run/postgresql, which belongs to the machine's server.
    child = spawn(path.join(binDir, 'postgres'), ['-D', cluster, '-p', String(port), '-h', '127.0.0.1', '-k', dataDir], {
      ...spawnOptions,
      stdio: ['ignore', out, out],
      cwd: dataDir,
    });
    trackChild(child);
    child.once('exit', () => fs.closeSync(out));
    await ready(30_000);
  };

  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGINT');
    const timer = setTimeout(() => running.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  // Registered after the directory, so it runs before the directory is removed.
  onCleanup('stop the private PostgreSQL', stop);
  log(`private PostgreSQL ${path.basename(binDir) === 'bin' ? path.basename(path.dirname(binDir)) : binDir} on 127.0.0.1:${port} (${dataDir})`);
  return {
    server: { host: '127.0.0.1', port, user: 'postgres', password: '' },
    dataDir,
    stop,
    start,
  };
};
