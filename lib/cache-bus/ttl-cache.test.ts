// The in-process TTL cache's single flight: concurrent misses of one key share one load, an invalidation or a
// delete starts a new one (never a load that may return the old value), and a failed load is not kept.
import { describe, expect, it } from "vitest";
import { invalidateHere } from "@/lib/cache-bus/bus";
import { createTtlCache } from "@/lib/cache-bus/ttl-cache";

type TRow = { id: string; v: number };

let n = 0;
const fresh = () =>
  createTtlCache<TRow>(`ttl-cache-test-${n++}`, {
    topic: `ttl-cache-test-topic-${n}`,
    longTtlMs: 60_000,
    shortTtlMs: 60_000,
    maxEntries: 100,
  });

/** A load the test finishes by hand, counting how many were started. */
function gate() {
  const started: ((row: TRow | null) => void)[] = [];
  const fail: ((err: Error) => void)[] = [];
  const load = () =>
    new Promise<TRow | null>((resolve, reject) => {
      started.push(resolve);
      fail.push(reject);
    });
  return { load, started, fail };
}
const idOf = (r: TRow) => r.id;

describe("createTtlCache: one load per key in flight", () => {
  it("concurrent misses share one load and its answer; the next get is a hit", async () => {
    const cache = fresh();
    const g = gate();
    const gets = Array.from({ length: 20 }, () => cache.get("k", g.load, idOf));
    expect(g.started).toHaveLength(1);
    g.started[0]!({ id: "a", v: 1 });
    const values = await Promise.all(gets);
    expect(values.every((v) => v?.v === 1)).toBe(true);
    expect(await cache.get("k", g.load, idOf)).toEqual({ id: "a", v: 1 });
    expect(g.started).toHaveLength(1);
  });

  it("different keys load separately", async () => {
    const cache = fresh();
    const g = gate();
    const a = cache.get("a", g.load, idOf);
    const b = cache.get("b", g.load, idOf);
    expect(g.started).toHaveLength(2);
    g.started[0]!({ id: "a", v: 1 });
    g.started[1]!({ id: "b", v: 2 });
    expect((await a)?.v).toBe(1);
    expect((await b)?.v).toBe(2);
  });

  it("a caller after an invalidation does not join the older load, and the older answer is not kept", async () => {
    const topic = `ttl-cache-test-topic-inv-${n}`;
    const cache = createTtlCache<TRow>(`ttl-cache-test-inv-${n++}`, {
      topic,
      longTtlMs: 60_000,
      shortTtlMs: 60_000,
      maxEntries: 100,
    });
    const g = gate();
    const before = cache.get("k", g.load, idOf);
    invalidateHere(topic, "a");
    const after = cache.get("k", g.load, idOf);
    expect(g.started).toHaveLength(2);
    g.started[0]!({ id: "a", v: 1 }); // read before the change
    g.started[1]!({ id: "a", v: 2 }); // read after it
    expect((await before)?.v).toBe(1);
    expect((await after)?.v).toBe(2);
    expect((await cache.get("k", g.load, idOf))?.v).toBe(2);
    expect(g.started).toHaveLength(2);
  });

  it("delete() makes the next get read again even while a load is in flight", async () => {
    const cache = fresh();
    const g = gate();
    const first = cache.get("k", g.load, idOf);
    cache.delete("k");
    const second = cache.get("k", g.load, idOf);
    expect(g.started).toHaveLength(2);
    g.started[0]!({ id: "a", v: 1 });
    g.started[1]!({ id: "a", v: 2 });
    expect((await first)?.v).toBe(1);
    expect((await second)?.v).toBe(2);
  });

  it("a failed load fails its joiners and is not kept: the next get loads again", async () => {
    const cache = fresh();
    const g = gate();
    const a = cache.get("k", g.load, idOf);
    const b = cache.get("k", g.load, idOf);
    g.fail[0]!(new Error("database down"));
    await expect(a).rejects.toThrow("database down");
    await expect(b).rejects.toThrow("database down");
    const c = cache.get("k", g.load, idOf);
    expect(g.started).toHaveLength(2);
    g.started[1]!({ id: "a", v: 3 });
    expect((await c)?.v).toBe(3);
  });

  it("a load that throws before its first await is cleared too", async () => {
    const cache = fresh();
    const boom = () => {
      throw new Error("sync failure");
    };
    await expect(cache.get("k", boom, idOf)).rejects.toThrow("sync failure");
    expect(await cache.get("k", async () => ({ id: "a", v: 4 }), idOf)).toEqual({ id: "a", v: 4 });
  });

  it("null (not found) is shared but never kept", async () => {
    const cache = fresh();
    const g = gate();
    const a = cache.get("k", g.load, idOf);
    const b = cache.get("k", g.load, idOf);
    g.started[0]!(null);
    expect(await a).toBeNull();
    expect(await b).toBeNull();
    void cache.get("k", g.load, idOf);
    expect(g.started).toHaveLength(2);
  });
});
