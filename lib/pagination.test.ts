import { describe, expect, it } from "vitest";
import { decodeCursor, encodeCursor, toPage, ZPageQuery } from "@/lib/pagination";

describe("lib/pagination", () => {
  const row = { createdAt: new Date("2026-12-01T10:00:00.123Z"), id: "conn_abc" };

  it("round-trips a cursor and refuses anything it did not make", () => {
    expect(decodeCursor(encodeCursor(row))).toEqual(row);
    for (const bad of [
      "",
      "not base64 at all!",
      Buffer.from("2026-12-01T10:00:00.123Z").toString("base64url"), // no id
      Buffer.from("2026-12-01T10:00:00.123Z|a|b").toString("base64url"), // extra part
      Buffer.from("2026-12-01|conn_abc").toString("base64url"), // not the exact ISO form
      Buffer.from("2026-12-01T10:00:00.123Z|conn abc").toString("base64url"), // not an id
    ])
      expect(decodeCursor(bad), bad).toBeNull();
  });

  it("parses limit and cursor at the edge: defaults, bounds, a 422-able issue for a bad cursor", () => {
    expect(ZPageQuery.parse({})).toEqual({ limit: 50 });
    expect(ZPageQuery.parse({ limit: "200", cursor: encodeCursor(row) })).toEqual({
      limit: 200,
      cursor: row,
    });
    expect(ZPageQuery.safeParse({ limit: "201" }).success).toBe(false);
    expect(ZPageQuery.safeParse({ limit: "0" }).success).toBe(false);
    expect(ZPageQuery.safeParse({ cursor: "zzz" }).success).toBe(false);
    expect(ZPageQuery.safeParse({ offset: "10" }).success).toBe(false);
  });

  it("cuts limit + 1 rows into a page and a cursor at the page's last row", () => {
    const rows = [3, 2, 1].map((i) => ({ createdAt: new Date(i * 1000), id: `r${i}` }));
    const page = toPage(rows, 2, (r) => r.id);
    expect(page.data).toEqual(["r3", "r2"]);
    expect(decodeCursor(page.next_cursor!)).toEqual(rows[1]);
    expect(toPage(rows, 3, (r) => r.id).next_cursor).toBeNull();
  });
});
