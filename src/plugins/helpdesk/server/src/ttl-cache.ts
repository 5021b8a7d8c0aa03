/**
 * A small in-process cache whose entries live a few seconds: enough to spare the database the same lookups on
 * every request, short enough to be the documented bound for changes made on another instance while Redis is not
 * there to announce them. Changes delete the entry at once here, and on every instance that hears the announcement
 * (services/coordination.ts).
 */
export interface TtlCache<V> {
  get(key: string): V | undefined;
  /**
   * Stores a value read from the database. Pass the generation() taken before the read began: if an entry was
   * deleted or the cache cleared since, the value may predate that change, and it is not stored.
   */
  set(key: string, value: V, readSince?: number): void;
  delete(key: string): void;
  clear(): void;
  /** A counter that moves on with every delete and clear. */
  generation(): number;
}

export const createTtlCache = <V>(options: { ttlMs: number; maxEntries: number; now?: () => number }): TtlCache<V> => {
  const now = options.now ?? Date.now;
  const entries = new Map<string, { at: number; value: V }>();
  // One counter for the whole cache, not one per key: invalidations are rare, and a skipped store is only a miss.
  let generation = 0;
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
    set(key, value, readSince) {
      if (readSince !== undefined && readSince !== generation) return;
      // Maps iterate in insertion order: dropping the first entry drops the oldest.
      if (entries.size >= options.maxEntries) entries.delete(entries.keys().next().value as string);
      entries.set(key, { at: now(), value });
    },
    delete(key) {
      generation += 1;
      entries.delete(key);
    },
    clear() {
      generation += 1;
      entries.clear();
    },
    generation: () => generation,
  };
};

/** How long another instance may keep trusting a revoked key or a changed account without Redis (README: Several instances). */
export const CREDENTIAL_CACHE_MS = 5_000;
