/**
 * Makes a bench-style run stop cleanly however it ends: cleanups registered here (stop a server, drop a database)
 * run on Ctrl-C (SIGINT) and SIGTERM, and any child process still registered is killed when the process exits, so
 * a run never leaves a server listening or a database behind. A normal or failed run removes its cleanups itself,
 * in its own `finally`.
 */

type Cleanup = () => Promise<void>;

const cleanups: Cleanup[] = [];
const children = new Set<number>();
let shuttingDown = false;

const CLEANUP_BOUND_MS = 30_000;

const runCleanups = async (): Promise<void> => {
  // Last registered first: a server is stopped before the database under it is dropped.
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup().catch((error: unknown) => process.stderr.write(`cleanup failed: ${error instanceof Error ? error.message : String(error)}\n`));
  }
};

const onSignal = (signal: 'SIGINT' | 'SIGTERM') => {
  if (shuttingDown) return;
  shuttingDown = true;
  process.stderr.write(`\n${signal}: stopping servers and removing databases…\n`);
  const code = signal === 'SIGINT' ? 130 : 143;
  // Never hang on a stuck cleanup: the exit hook below kills what is left.
  const bound = setTimeout(() => process.exit(code), CLEANUP_BOUND_MS);
  void runCleanups().finally(() => {
    clearTimeout(bound);
    process.exit(code);
  });
};
const onSigint = () => onSignal('SIGINT');
const onSigterm = () => onSignal('SIGTERM');

// 'exit' handlers must be synchronous: a kill is all that can be done here.
const onExit = () => {
  for (const pid of children) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
};

/**
 * Puts the handlers in place, again if they were removed: `strapi.destroy()` of an app loaded in this process calls
 * `process.removeAllListeners()`, so every registration checks that they are still there.
 */
const install = (): void => {
  if (!process.listeners('SIGINT').includes(onSigint)) process.on('SIGINT', onSigint);
  if (!process.listeners('SIGTERM').includes(onSigterm)) process.on('SIGTERM', onSigterm);
  if (!process.listeners('exit').includes(onExit)) process.on('exit', onExit);
};

type Listener = (...args: unknown[]) => void;
export type ProcessListeners = Map<string | symbol, Listener[]>;

/** The process as the plain event emitter it is: its typings only name the signals. */
const emitter = process as unknown as NodeJS.EventEmitter;

/** Every process listener now, Node's own included (it wires signals to their listeners through 'newListener'). */
export const processListeners = (): ProcessListeners =>
  new Map(emitter.eventNames().map((name) => [name, emitter.listeners(name) as Listener[]]));

/**
 * Puts back the listeners of a snapshot and drops the ones added since to the signals. `strapi.destroy()` of an app
 * loaded in this process calls `process.removeAllListeners()`, which also removes Node's internal 'newListener'
 * hook: a SIGINT listener added after that is never wired to the signal, and Ctrl-C kills the process outright,
 * leaving its server and database behind. And Strapi's own SIGINT handler (destroy, then exit) must not outlive it.
 */
export const restoreProcessListeners = (snapshot: ProcessListeners): void => {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const kept = snapshot.get(signal) ?? [];
    for (const listener of emitter.listeners(signal) as Listener[]) if (!kept.includes(listener)) emitter.off(signal, listener);
  }
  // In snapshot order: Node's hooks were added first, so the signal listeners after them are wired again.
  for (const [name, listeners] of snapshot) {
    for (const listener of listeners) {
      if (!emitter.listeners(name).includes(listener)) emitter.on(name, listener);
    }
  }
  install();
};

/** Registers a cleanup for an interrupted run; returns the function that unregisters it (call it once done). */
export const onShutdown = (cleanup: Cleanup): (() => void) => {
  install();
  cleanups.push(cleanup);
  return () => {
    const at = cleanups.indexOf(cleanup);
    if (at >= 0) cleanups.splice(at, 1);
  };
};

/** A child process to kill if this process exits while it still runs. */
export const trackChild = (pid: number): (() => void) => {
  install();
  children.add(pid);
  return () => void children.delete(pid);
};

/** True once Ctrl-C or SIGTERM arrived: long loops check it and stop sending. */
export const isShuttingDown = (): boolean => shuttingDown;
