import { describe, expect, it } from "vitest";
import { collect, paginate, type Page } from "./pagination";

/** A list of 7 items in pages of 3, keyed by an opaque cursor; records which cursors were asked for. */
function pages() {
  const items = [1, 2, 3, 4, 5, 6, 7];
  const asked: (string | undefined)[] = [];
  const fetchPage = async (cursor: string | undefined): Promise<Page<number>> => {
    asked.push(cursor);
    const start = cursor ? Number(atob(cursor)) : 0;
    const data = items.slice(start, start + 3);
    const next = start + 3 < items.length ? btoa(String(start + 3)) : null;
    return { data, next_cursor: next };
  };
  return { fetchPage, asked };
}

describe("paginate", () => {
  it("walks every page in order, passing next_cursor back, and stops on null", async () => {
    const p = pages();
    expect(await collect(paginate(p.fetchPage))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(p.asked).toEqual([undefined, btoa("3"), btoa("6")]);
  });

  it("fetches lazily: leaving the loop early fetches no further page", async () => {
    const p = pages();
    const seen: number[] = [];
    for await (const n of paginate(p.fetchPage)) {
      seen.push(n);
      if (n === 2) break;
    }
    expect(seen).toEqual([1, 2]);
    expect(p.asked).toHaveLength(1);
  });

  it("maxPages bounds the walk; an empty first page ends at once", async () => {
    const p = pages();
    expect(await collect(paginate(p.fetchPage, { maxPages: 2 }))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await collect(paginate(async () => ({ data: [], next_cursor: null })))).toEqual([]);
  });

  it("a cursor handed back twice is an error, not an endless loop", async () => {
    await expect(collect(paginate(async () => ({ data: [1], next_cursor: "same" })))).rejects.toThrow(
      /came back twice/,
    );
  });

  it("an aborted signal stops before the next page", async () => {
    const p = pages();
    const controller = new AbortController();
    const it = paginate(p.fetchPage, { signal: controller.signal });
    expect((await it.next()).value).toBe(1);
    await it.next();
    await it.next();
    controller.abort();
    await expect(it.next()).rejects.toMatchObject({ name: "AbortError" });
    expect(p.asked).toHaveLength(1);
  });
});
