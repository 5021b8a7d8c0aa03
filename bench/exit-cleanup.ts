import type { ChildProcess } from 'child_process';

/**
 * What an operator script started must not outlive it: servers, a private PostgreSQL, a private Redis, a fresh
 * database, a temporary directory. Each is registered here as it is made; `runCleanups` undoes them newest first,
 * and it runs on a normal end, on a failure, and on Ctrl-C or SIGTERM. If the process dies anyway (an uncaught
 * error in a callback), the 'exit' hook still SIGKILLs every child that is left, since nothing async can run there.
 */

type Cleanup = { label: string; run: () => Promise<void> };

const cleanups: Cleanup[] = [];
const children = new Set<ChildProcess>();
let cleaning: Promise<void> | null = null;

/** Registers `run` to be undone at the end; returns a function that unregisters it (once undone by hand). */
export const onCleanup = (label: string, run: () => Promise<void>): (() => void) => {
  const entry = { label, run };
  cleanups.push(entry);
  return () => {
    const index = cleanups.indexOf(entry);
    if (index >= 0) cleanups.splice(index, 1);
  };
};

/** Keeps `child` on the list of processes to kill at exit until it has exited. */
export const trackChild = (child: ChildProcess): void => {
  children.add(child);
  child.once('exit', () => children.delete(child));
};

const alive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

/** Undoes everything registered, newest first, each bounded so one stuck step cannot keep the rest from running. */
export const runCleanups = (): Promise<void> => {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const entry = cleanups.pop() as Cleanup;
      try {
        await Promise.race([entry.run(), new Promise((_, reject) => setTimeout(() => reject(new Error('timed out after 20 s')), 20_000))]);
      } catch (error) {
        process.stderr.write(`cleanup: ${entry.label}: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
    for (const child of children) if (alive(child)) child.kill('SIGKILL');
  })();
  return cleaning;
};

/** Bad options: the script exits 2 with the message and its usage, as the help-desk CLI does. */
export class UsageError extends Error {}

/**
 * A bound on the whole script: past `ms`, whatever it is waiting for, it says so, undoes what it started and exits
 * 1. The scripts set it from their options (traffic time plus a margin for boot, seeding and the checks).
 */
export const limitRunTime = (name: string, ms: number): void => {
  setTimeout(() => {
    process.stderr.write(`${name}: still running after ${Math.round(ms / 1000)} s, its limit; stopping everything it started\n`);
    void runCleanups().then(() => process.exit(1));
  }, ms).unref();
};

/**
 * Runs `main`, then the cleanups, and exits with main's code (1 when it threw). Ctrl-C and SIGTERM run the cleanups
 * too and exit 130 / 143; a second Ctrl-C while cleaning up kills every child at once and exits.
 */
export const runScript = (name: string, main: () => Promise<number>): void => {
  let interrupted = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted += 1;
    if (interrupted > 1) {
      for (const child of children) if (alive(child)) child.kill('SIGKILL');
      process.exit(signal === 'SIGINT' ? 130 : 143);
    }
    process.stderr.write(`\n${name}: ${signal}, stopping everything it started…\n`);
    void runCleanups().then(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('exit', () => {
    for (const child of children) if (alive(child)) child.kill('SIGKILL');
  });
  main()
    .catch((error: unknown) => {
      if (error instanceof UsageError) {
        process.stderr.write(`${name}: ${error.message}\n`);
        return 2;
      }
      // The message is for the operator; the stack only when asked for (OPS_DEBUG=1).
      const detail = error instanceof Error ? (process.env.OPS_DEBUG ? (error.stack ?? error.message) : error.message) : String(error);
      process.stderr.write(`${name} failed: ${detail}\n`);
      return 1;
    })
    .then(async (code) => {
      await runCleanups();
      process.exit(code);
    });
};
