// A small in-process cache whose entries live long only while cross-instance invalidation works (bus.ts).
// Loads that raced an invalidation are not stored: a revoke that lands while a lookup is in flight must not be
// undone by that lookup's (older) answer.
import { crossInstanceInvalidation, onInvalidate } from "@/lib/cache-bus/bus";
import { ALL_IDS } from "@/lib/cache-bus/topics";

export type TTtlCacheOptions = {
  /** the bus topic whose ids name entries (see `idOf`) */
  topic: string;
  /** entry lifetime while LISTEN/NOTIFY is healthy, and otherwise (≤ 1 s keeps the 2 s promise) */
  longTtlMs: number;
  shortTtlMs: number;
  maxEntries: number;
};

type TEntry<V> = { value: V; storedAt: number };

export type TTtlCache<V> = {
  get(key: string, load: () => Promise<V | null>, idOf: (v: V) => string): Promise<V | null>;
  delete(key: string): void;
  clear(): void;
  size(): number;
};

export function createTtlCache<V>(name: string, opts: TTtlCacheOptions): TTtlCache<V> {
  const g = globalThis as { __patchbayCaches?: Map<string, TTtlCache<unknown>> };
  g.__patchbayCaches ??= new Map();
  const existing = g.__patchbayCaches.get(name);
  if (existing) return existing as TTtlCache<V>;

  const entries = new Map<string, TEntry<V>>();
  const keysById = new Map<string, Set<string>>();
  // Loads in flight, shared by every caller that misses the same key meanwhile (a busy connection's row expiring
  // must cost one query, not one per concurrent request). Keyed with the epoch they started in: a caller that
  // arrives after an invalidation starts its own load instead of joining one that may return the old value.
  const inflight = new Map<string, { epoch: number; promise: Promise<V | null> | null }>();
  let epoch = 0; // bumped by every invalidation of this cache

  const dropId = (id: string) => {
    epoch++;
    for (const k of keysById.get(id) ?? []) entries.delete(k);
    keysById.delete(id);
  };
  const clear = () => {
    epoch++;
    entries.clear();
    keysById.clear();
  };
  onInvalidate(opts.topic, (id) => (id === ALL_IDS ? clear() : dropId(id)));
  onInvalidate("*", clear);

  const cache: TTtlCache<V> = {
    async get(key, load, idOf) {
      const hit = entries.get(key);
      const ttl = crossInstanceInvalidation() ? opts.longTtlMs : opts.shortTtlMs;
      if (hit && Date.now() - hit.storedAt < ttl) return hit.value;
      if (hit) entries.delete(key);
      const joined = inflight.get(key);
      if (joined?.promise && joined.epoch === epoch) return joined.promise;
      const flight = { epoch, promise: null as Promise<V | null> | null };
      inflight.set(key, flight); // before load() runs: a load that throws at once still clears it (finally)
      flight.promise = (async () => {
        try {
          const value = await load();
          if (value !== null && epoch === flight.epoch) {
            if (entries.size >= opts.maxEntries) {
              const oldest = entries.keys().next().value;
              if (oldest !== undefined) entries.delete(oldest);
            }
            entries.set(key, { value, storedAt: Date.now() });
            const id = idOf(value);
            let keys = keysById.get(id);
            if (!keys) keysById.set(id, (keys = new Set()));
            keys.add(key);
          }
          return value;
        } finally {
          if (inflight.get(key) === flight) inflight.delete(key);
        }
      })();
      return flight.promise;
    },
    // also forgets a load in flight: whoever deletes wants the next get to read the source again
    delete: (key) => {
      entries.delete(key);
      inflight.delete(key);
    },
    clear,
    size: () => entries.size,
  };
  g.__patchbayCaches.set(name, cache);
  return cache;
}
