/**
 * Makes a bench-style run stop cleanly however it ends: cleanups registered here (stop a server, drop a database)
 * run on Ctrl-C (SIGINT) and SIGTERM, and any child process still registered is killed when the process exits, so
 * a run never leaves a server listening or a database behind. A normal or failed run removes its cleanups itself,
 * in its own `finally`.
 */

type Cleanup = () => Promise<void>;

const cleanups: Cleanup[] = [];
const children = new Set<number>();
let installed = false;
let shuttingDown = false;

const CLEANUP_BOUND_MS = 30_000;

const runCleanups = async (): Promise<void> => {
  // Last registered first: a server is stopped before the database under it is dropped.
  for (const cleanup of cleanups.splice(0).reverse()) {
    await cleanup().catch((error: unknown) => process.stderr.write(`cleanup failed: ${error instanceof Error ? error.message : String(error)}\n`));
  }
};

const install = (): void => {
  if (installed) return;
  installed = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (shuttingDown) return;
      shuttingDown = true;
      process.stderr.write(`\n${signal}: stopping servers and removing databases…\n`);
      // Never hang on a stuck cleanup: the exit hook below kills what is left.
      const bound = setTimeout(() => process.exit(signal === 'SIGINT' ? 130 : 143), CLEANUP_BOUND_MS);
      void runCleanups().finally(() => {
        clearTimeout(bound);
        process.exit(signal === 'SIGINT' ? 130 : 143);
      });
    });
  }
  // 'exit' handlers must be synchronous: a kill is all that can be done here.
  process.on('exit', () => {
    for (const pid of children) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  });
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
