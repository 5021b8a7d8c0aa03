import net from 'net';
import path from 'path';
import { spawn, type ChildProcess } from 'child_process';

/** Another help-desk process on the same database: the second instance behind a load balancer. */
export interface ChildInstance {
  baseUrl: string;
  /** Everything it wrote to stdout and stderr so far. */
  log(): string;
  stop(): Promise<void>;
}

const appDir = path.join(__dirname, '..', '..');

export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

const stopChild = (child: ChildProcess, signal: NodeJS.Signals): Promise<void> =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });

/**
 * `strapi start` on the compiled app (globalSetup compiled it), in its own process: Strapi keeps one global
 * `strapi`, so a second instance cannot share the test's process. It inherits the test's environment (the same
 * secrets and pepper, as instances behind one load balancer share them) plus `env`.
 */
export const startChildInstance = async (env: Record<string, string>): Promise<ChildInstance> => {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(appDir, 'node_modules', '@strapi', 'strapi', 'bin', 'strapi.js'), 'start'], {
    cwd: appDir,
    env: { ...process.env, ...env, HOST: '127.0.0.1', PORT: String(port), STRAPI_STARTUP_MESSAGE: 'false', NODE_ENV: 'test' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 45_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`second instance exited with ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${baseUrl}/_health`);
      if (res.status === 204 || res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stopChild(child, 'SIGKILL');
      throw new Error(`second instance not healthy after 45 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return { baseUrl, log: () => output, stop: () => stopChild(child, 'SIGINT') };
};

/** A Redis server of the test's own, on a port of its own, that the test may stop and start again. */
export interface OwnRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export const startOwnRedis = async (password: string): Promise<OwnRedis> => {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const up = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', password], {
      stdio: 'ignore',
    });
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const open = await new Promise<boolean>((resolve) => {
        const socket = net.connect(port, '127.0.0.1', () => {
          socket.end();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
      if (open) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not listen on ${port}`);
  };
  await up();
  return {
    url: `redis://:${password}@127.0.0.1:${port}`,
    port,
    start: up,
    async stop() {
      if (child) await stopChild(child, 'SIGTERM');
      child = null;
    },
  };
};
