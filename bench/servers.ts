import fs from 'fs';
import net from 'net';
import path from 'path';
import { spawn, type ChildProcess } from 'child_process';
import { APP_DIR } from './database';
import { trackChild } from './exit-cleanup';

export interface RunningServer {
  name: string;
  baseUrl: string;
  pid: number;
  /** Resident set size now, in MB (from /proc/<pid>/status). */
  rssMb(): number | null;
  /** Whether the process is still running (it has neither exited nor been killed). */
  isRunning(): boolean;
  stop(): Promise<void>;
  /** SIGKILL, as a crash or the kernel's OOM killer would end it: no drain, connections reset. */
  kill(): Promise<void>;
}

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

const waitForHealth = async (baseUrl: string, child: ChildProcess, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode} before it was healthy`);
    try {
      const res = await fetch(`${baseUrl}/_health`);
      if (res.status === 204 || res.status === 200) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server not healthy after ${timeoutMs} ms`);
};

export const rssOf = (pid: number): number | null => {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Math.round(Number(kb) / 1024) : null;
  } catch {
    return null;
  }
};

/**
 * Starts one server in production mode, as its own process, logging to a file under bench/results/.
 * `help desk`: the app as `strapi start` runs it. `peers`: bench/peer-server.js (stock content API + Strapi's MCP).
 */
export const startServer = async (options: {
  kind: 'helpdesk' | 'peers';
  env: Record<string, string>;
  logDir: string;
  /** Directory for a V8 CPU profile of the whole run (`node --cpu-prof`), or none. */
  cpuProfDir?: string;
  /** Names the server and its log file (`<name>-server.log`) when several of one kind run; default: the kind. */
  name?: string;
  /** The port to listen on (a restarted instance keeps its address); default: a free one. */
  port?: number;
  /** Adds to the log file instead of starting it afresh (a restarted instance keeps what it logged before). */
  appendLog?: boolean;
}): Promise<RunningServer> => {
  const port = options.port ?? (await freePort());
  const name = options.name ?? options.kind;
  const logFile = path.join(options.logDir, `${name}-server.log`);
  const script =
    options.kind === 'helpdesk'
      ? [path.join(APP_DIR, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js'), 'start']
      : [path.join(APP_DIR, 'dist', 'bench', 'peer-server.js')];
  const nodeFlags = options.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] : [];
  fs.mkdirSync(options.logDir, { recursive: true });
  const log = fs.openSync(logFile, options.appendLog ? 'a' : 'w');
  const child = spawn(process.execPath, [...nodeFlags, ...script], {
    cwd: APP_DIR,
    env: {
      ...process.env,
      ...options.env,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      STRAPI_TELEMETRY_DISABLED: 'true',
      STRAPI_STARTUP_MESSAGE: 'false',
      // The MCP rate limit guards real clients; the load generator is one credential at thousands a minute.
      HELPDESK_RATE_LIMIT_PER_MINUTE: '100000000',
      // Likewise the per-IP budget: every request of the load generator comes from 127.0.0.1.
      HELPDESK_IP_RATE_LIMIT_PER_MINUTE: '100000000',
      ...(options.kind === 'peers' ? { HELPDESK_MCP_PATH: '/helpdesk-mcp' } : {}),
    },
    stdio: ['ignore', log, log],
  });
  trackChild(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => fs.closeSync(log));
  const baseUrl = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(baseUrl, child, 120_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${name} server: ${(error as Error).message}; see ${logFile}`);
  }
  const pid = child.pid as number;
  const running = () => child.exitCode === null && child.signalCode === null;
  return {
    name,
    baseUrl,
    pid,
    rssMb: () => rssOf(pid),
    isRunning: running,
    async stop() {
      if (!running()) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      // SIGINT lets Strapi close cleanly, and lets node write the CPU profile.
      child.kill('SIGINT');
      await exited;
      clearTimeout(timer);
    },
    async kill() {
      if (!running()) return;
      child.kill('SIGKILL');
      await exited;
    },
  };
};
