/**
 * Fixed-window counters kept in this process. Behind a load balancer each instance counts on its own, so the
 * effective limit is the per-instance limit times the number of instances (documented in the README).
 */
export interface RateLimiter {
  /** Counts one hit; returns the seconds to wait when the key is over its limit, or 0. */
  hit(key: string): number;
  /** Seconds to wait if the key is already over its limit, without counting a hit. */
  blockedFor(key: string): number;
  reset(): void;
}

export const createRateLimiter = (options: { limit: () => number; windowMs: number; now?: () => number }): RateLimiter => {
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();

  const current = (key: string) => {
    const t = now();
    let w = windows.get(key);
    if (!w || t - w.start >= options.windowMs) {
      w = { start: t, count: 0 };
      windows.set(key, w);
      // Forget stale windows now and then, so the map cannot grow without bound.
      if (windows.size > 10_000) {
        for (const [k, v] of windows) if (t - v.start >= options.windowMs) windows.delete(k);
      }
    }
    return w;
  };
  const wait = (w: { start: number }) => Math.max(1, Math.ceil((w.start + options.windowMs - now()) / 1000));

  return {
    hit(key) {
      const w = current(key);
      w.count += 1;
      return w.count > options.limit() ? wait(w) : 0;
    },
    blockedFor(key) {
      const w = current(key);
      return w.count >= options.limit() ? wait(w) : 0;
    },
    reset() {
      windows.clear();
    },
  };
};
