// One pagination for every list of /api/v1 and the dashboard: `?limit=&cursor=` → `{ data, next_cursor }`.
//
// Lists are newest first, ordered by (createdAt DESC, id DESC) — a total order, so a page boundary never skips or
// repeats a row, however many rows share a timestamp or are inserted meanwhile. The cursor is opaque to callers
// (base64url of "<createdAt ISO>|<id>" of the previous page's last row); `next_cursor` is null on the last page.
// No list counts its rows: a count(*) walks every matching row, which is what a keyset page avoids.
//
// This is kernel (not lib/http) because the feature functions that build pages sit below lib/http in the layers.
import { z } from "zod";

export type TCursor = { createdAt: Date; id: string };
export type TPage<T> = { data: T[]; next_cursor: string | null };

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;

export function encodeCursor(row: TCursor): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}

export function decodeCursor(s: string): TCursor | null {
  const [t, id, ...rest] = Buffer.from(s, "base64url").toString("utf8").split("|");
  if (!t || !id || rest.length || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
  const createdAt = new Date(t);
  return Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== t ? null : { createdAt, id };
}

/** A cursor parameter: decoded at the edge; anything not returned by a list is a 422, never a 500. */
export const ZCursor = z
  .string()
  .max(200)
  .transform((s, c) => {
    const d = decodeCursor(s);
    if (!d) c.addIssue({ code: "custom", message: "Not a cursor returned by this endpoint." });
    return d ?? z.NEVER;
  });

/** The query fields of a paged list, to spread into the list's own zod object. */
export function pageQueryFields(o: { defaultLimit?: number; maxLimit?: number } = {}) {
  return {
    limit: z.coerce
      .number()
      .int()
      .min(1)
      .max(o.maxLimit ?? MAX_PAGE_LIMIT)
      .default(o.defaultLimit ?? DEFAULT_PAGE_LIMIT),
    cursor: ZCursor.optional(),
  };
}
export const ZPageQuery = z.object(pageQueryFields()).strict();
export type TPageQuery = { limit: number; cursor?: TCursor };

/** The response of a paged list. */
export function ZPageOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), next_cursor: z.string().nullable() });
}

/**
 * Rows strictly after the cursor in (createdAt DESC, id DESC). Written as `createdAt <= c AND (createdAt < c OR
 * id < i)` rather than a plain OR so that the first term bounds an index range scan on (…, createdAt, id): a deep
 * page starts where the cursor is instead of filtering every row before it.
 */
export function afterCursor(c: TCursor) {
  return {
    createdAt: { lte: c.createdAt },
    OR: [{ createdAt: { lt: c.createdAt } }, { id: { lt: c.id } }],
  };
}

export const NEWEST_FIRST = [{ createdAt: "desc" as const }, { id: "desc" as const }];

/** The one list that is oldest first — brands, whose first is the team's default — pages the other way. */
export function beforeCursor(c: TCursor) {
  return {
    createdAt: { gte: c.createdAt },
    OR: [{ createdAt: { gt: c.createdAt } }, { id: { gt: c.id } }],
  };
}
export const OLDEST_FIRST = [{ createdAt: "asc" as const }, { id: "asc" as const }];

/** An optional page of a repo read: `take` rows after `after` (callers ask for the page size + 1). */
export type TPageRequest = { take: number; after?: TCursor };

/** Fetch `limit + 1` rows, then cut: the extra row says whether there is a next page (no count needed). */
export function toPage<R extends TCursor, T>(rows: R[], limit: number, view: (r: R) => T): TPage<T> {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { data: page.map(view), next_cursor: rows.length > limit && last ? encodeCursor(last) : null };
}
