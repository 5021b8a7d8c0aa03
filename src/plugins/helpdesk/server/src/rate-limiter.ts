import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract, type RateLimiterRes } from 'rate-limiter-flexible';

/**
 * Fixed-window counters (rate-limiter-flexible). With Redis the count is one for every instance; without it, or
 * while Redis cannot be reached, each instance counts in its own memory (README: Several instances).
 */
export interface RateLimiter {
  /** Counts one hit; resolves to the seconds to wait when the key is over its limit, or 0. */
  hit(key: string): Promise<number>;
  /** Seconds to wait if the key is already over its limit, without counting a hit. */
  blockedFor(key: string): Promise<number>;
  /** Forgets every count (tests). */
  reset(): Promise<void>;
}

export interface RateLimiterOptions {
  /** Read on every hit: the limit may be a run-time setting. */
  limit: () => number;
  windowMs: number;
}

/** Where the counts live: set only when REDIS_URL is. `keyPrefix` keeps each limiter's keys apart. */
export interface SharedCounts {
  client: Redis;
  keyPrefix: string;
}

// The store never refuses on its own: the limit can change between two hits, so it is compared here, on each hit.
const UNBOUNDED = Number.MAX_SAFE_INTEGER;

export const createRateLimiter = (options: RateLimiterOptions, shared?: SharedCounts): RateLimiter => {
  const duration = Math.ceil(options.windowMs / 1000);
  const make = (): RateLimiterAbstract => {
    const memory = new RateLimiterMemory({ points: UNBOUNDED, duration, keyPrefix: shared?.keyPrefix ?? 'helpdesk' });
    if (!shared) return memory;
    return new RateLimiterRedis({
      storeClient: shared.client,
      keyPrefix: shared.keyPrefix,
      points: UNBOUNDED,
      duration,
      // While Redis is away, fail over at once (not after a timeout) to counting in this instance's memory.
      rejectIfRedisNotReady: true,
      insuranceLimiter: memory,
    });
  };
  let store = make();
  const wait = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

  return {
    async hit(key) {
      const res = await store.consume(key);
      return res.consumedPoints > options.limit() ? wait(res) : 0;
    },
    async blockedFor(key) {
      const res = await store.get(key);
      return res && res.consumedPoints >= options.limit() ? wait(res) : 0;
    },
    async reset() {
      if (shared?.client.status === 'ready') {
        // SCAN, not KEYS: it never blocks a Redis that other instances are using.
        for await (const keys of shared.client.scanStream({ match: `${shared.keyPrefix}:*` }) as AsyncIterable<string[]>) {
          if (keys.length > 0) await shared.client.del(...keys);
        }
      }
      store = make();
    },
  };
};
