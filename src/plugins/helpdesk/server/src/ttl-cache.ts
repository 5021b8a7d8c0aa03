/**
 * A small in-process cache whose entries live a few seconds: enough to spare the database the same lookups on
 * every request, short enough to be the documented bound for changes made on another instance. Changes made on
 * this instance delete the entry at once.
 */
export interface TtlCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V): void;
  delete(key: string): void;
  clear(): void;
}

export const createTtlCache = <V>(options: { ttlMs: number; maxEntries: number; now?: () => number }): TtlCache<V> => {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { at: number; value: V }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (!entry) return undefined;
      if (now() - entry.at >= options.ttlMs) {
        entries.delete(key);
        return undefined;
      }
      return entry.value;
    },
    set(key, value) {
      // Maps iterate in insertion order: dropping the first entry drops the oldest.
      if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, { at: now(), value });
    },
    delete(key) {
      entries.delete(key);
    },
    clear() {
      entries.clear();
    },
  };
};

/** How long another instance may keep trusting a revoked key or a changed account (README: Caching). */
export const CREDENTIAL_CACHE_MS = 5_000;
