import crypto from 'crypto';
import net from 'net';
import { execFileSync, spawn, type ChildProcess } from 'child_process';
import { onCleanup, trackChild } from './exit-cleanup';
import { freePort } from './servers';

/**
 * A redis-server of the run's own on a free loopback port, with a password and no persistence (the help desk keeps
 * nothing in Redis that must survive it): the faults script stops it, which it must never do to a shared Redis, and
 * the soak uses one when REDIS_URL is not set, so its counts never mix with anyone else's.
 */
export interface PrivateRedis {
  url: string;
  port: number;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export const redisServerInstalled = (): boolean => {
  try {
    execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};

const listening = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

export const startPrivateRedis = async (): Promise<PrivateRedis> => {
  const port = await freePort();
  const password = crypto.randomBytes(12).toString('hex');
  let child: ChildProcess | null = null;

  const start = async () => {
    child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', password], {
      stdio: 'ignore',
    });
    trackChild(child);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (await listening(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not listen on ${port}`);
  };

  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  await start();
  onCleanup('stop the private Redis', stop);
  return { url: `redis://:${password}@127.0.0.1:${port}`, port, start, stop };
};
