import type { ChildProcess } from 'child_process';

/**
 * What an operator script (soak, faults, fuzz) started must not outlive it: servers, a private PostgreSQL, a private
 * Redis, a fresh database, a temporary directory. Each is registered here as it is made; `runCleanups` undoes them
 * newest first, and it runs on a normal end, on a failure, and on Ctrl-C or SIGTERM. If the process dies anyway (an
 * uncaught error in a callback), the 'exit' hook still SIGKILLs every child that is left, since nothing async can
 * run there. An app loaded in the script's own process must be loaded with `keepProcessListeners` around it:
 * `strapi.destroy()` calls `process.removeAllListeners()`, which would take all of this away.
 */

type Cleanup = { label: string; run: () => Promise<void> };

const cleanups: Cleanup[] = [];
const children = new Set<ChildProcess>();
let cleaning: Promise<void> | null = null;
let interrupted = 0;

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

/** True once Ctrl-C or SIGTERM arrived: long loops check it and stop sending. */
export const isShuttingDown = (): boolean => interrupted > 0;

type Listener = (...args: unknown[]) => void;

/** The process as the plain event emitter it is: its typings only name the signals. */
const emitter = process as unknown as NodeJS.EventEmitter;

/**
 * Takes a snapshot of every process listener, Node's own included (it wires signals to their listeners through
 * 'newListener'), and returns the function that puts it back. Call that after loading an app in this process (to
 * drop Strapi's own SIGINT and SIGTERM handler, which would destroy the app and exit before the cleanups had run)
 * and again after `strapi.destroy()`: its `process.removeAllListeners()` also removes Node's internal 'newListener'
 * hook, so a signal listener added after it would never be wired, and Ctrl-C would kill the script outright,
 * leaving its servers and databases behind.
 */
export const keepProcessListeners = (): (() => void) => {
  const snapshot = new Map(emitter.eventNames().map((name) => [name, emitter.listeners(name) as Listener[]]));
  return () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const kept = snapshot.get(signal) ?? [];
      for (const listener of emitter.listeners(signal) as Listener[]) if (!kept.includes(listener)) emitter.off(signal, listener);
    }
    // In snapshot order: Node's hooks were added first, so the signal listeners after them are wired again.
    for (const [name, listeners] of snapshot) {
      for (const listener of listeners) if (!emitter.listeners(name).includes(listener)) emitter.on(name, listener);
    }
  };
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
