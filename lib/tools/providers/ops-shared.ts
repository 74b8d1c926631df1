// Shared by the ops tools (Gorgias, Zendesk, Slack, GitHub, Vercel, Railway, Figma): a period input, duration
// statistics with their definitions, and a bounded page reader for the lists the core's `paginate` cannot walk —
// lists read newest first that stop at the start of a period, a numeric cursor (Vercel), GraphQL variables
// (Railway). It keeps the core's bounds and their meaning: at most `maxPages` pages, no new page after
// `budgetMs`, and `partial: true` whenever pages remained unread.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { TToolContext, TToolRequest } from "../define-tool";
import { ToolError } from "../tool-error";

// --- Inputs ----------------------------------------------------------------------------------------------

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/;

export const ZInstant = z
  .string()
  .regex(ISO, "an ISO 8601 date (2026-11-01, read as 00:00 UTC) or date-time with an offset")
  .refine((s) => !Number.isNaN(Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s)), "not a real date")
  .describe("ISO 8601 date (2026-11-01 = 00:00 UTC) or date-time with an offset");

export const toMs = (s: string): number => Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);

export const ZPeriodInput = z.object({
  from: ZInstant.optional().describe("Start of the period, inclusive (default: 30 days before `to`)"),
  to: ZInstant.optional().describe("End of the period, exclusive (default: now)"),
});

export type TPeriod = { from: number; to: number };

export const ZPeriodOutput = z.object({ from: z.string(), to: z.string() });

/** The period of an input, defaults applied; `to` must be after `from`. */
export function periodOf(input: { from?: string | undefined; to?: string | undefined }, now: Date): TPeriod {
  const to = input.to ? toMs(input.to) : now.getTime();
  const from = input.from ? toMs(input.from) : to - 30 * 86_400_000;
  if (!(from < to))
    throw new AppError("validation_failed", {
      message: "Some fields are missing or invalid.",
      details: { issues: [{ path: "input.from", message: "`from` must be before `to`", code: "custom" }] },
    });
  return { from, to };
}

export const periodOutput = (p: TPeriod) => ({
  from: new Date(p.from).toISOString(),
  to: new Date(p.to).toISOString(),
});

export const inPeriod = (t: number | null, p: TPeriod): boolean => t !== null && t >= p.from && t < p.to;

export const ZMaxResults = (fallback: number, max = 10_000) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(max)
    .default(fallback)
    .describe(
      `Read at most this many records (default ${String(fallback)}); the answer says partial when more remained.`,
    );

// --- Duration statistics -----------------------------------------------------------------------------------

/**
 * Percentile by linear interpolation between closest ranks: sort ascending, h = (n − 1)·p, value = x[⌊h⌋] +
 * (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]) — the "R-7" definition (Excel PERCENTILE.INC, numpy's default). Null for no data.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const xs = [...values].sort((a, b) => a - b);
  const h = (xs.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, xs.length - 1);
  return xs[lo]! + (h - lo) * (xs[hi]! - xs[lo]!);
}

const round2 = (n: number | null) => (n === null ? null : Math.round(n * 100) / 100);

export const ZDurationStats = z.object({
  count: z.number().int().describe("tickets that have this duration (answered / resolved)"),
  missing: z.number().int().describe("tickets of the period without it (never answered / not resolved yet)"),
  median_minutes: z.number().nullable(),
  p90_minutes: z.number().nullable(),
  mean_minutes: z.number().nullable(),
});

/** Median, p90 and mean of durations in minutes, rounded to 2 decimals; `missing` counted beside. */
export function durationStats(minutes: readonly number[], missing: number): z.infer<typeof ZDurationStats> {
  const mean = minutes.length ? minutes.reduce((a, b) => a + b, 0) / minutes.length : null;
  return {
    count: minutes.length,
    missing,
    median_minutes: round2(percentile(minutes, 0.5)),
    p90_minutes: round2(percentile(minutes, 0.9)),
    mean_minutes: round2(mean),
  };
}

export const STATS_DEFINITION =
  "Median and p90 use linear interpolation between closest ranks (h = (n − 1)·p, as Excel PERCENTILE.INC); the mean is arithmetic; all in minutes, rounded to 2 decimals.";

// --- Bounded page reader -------------------------------------------------------------------------------------

export const DEFAULT_MAX_PAGES = 50;
export const DEFAULT_BUDGET_MS = 20_000;

/**
 * A page cap for reading `max` items in pages of `pageSize`: enough pages for `max` even when the provider sends
 * short pages, never below the core's default; `maxItems` is what stops the read at `max`.
 */
export const pageCap = (max: number, pageSize: number): number =>
  Math.max(DEFAULT_MAX_PAGES, Math.ceil(max / pageSize) + 1);

export type TReadPagesOptions<T> = {
  first: TToolRequest;
  /** the items of one page, from its JSON body (parse with the wire-format schema) */
  items: (body: unknown) => T[];
  /** the next page's request, or null after the last page */
  next: (req: TToolRequest, body: unknown, headers: Headers, items: T[]) => TToolRequest | null;
  /** true when this page's items show that nothing further is wanted (e.g. older than the period): not partial */
  done?: (items: T[]) => boolean;
  maxPages?: number;
  budgetMs?: number;
  maxItems?: number;
};

export type TReadPages<T> = { items: T[]; pages: number; partial: boolean };

export async function readPages<T>(tctx: TToolContext, o: TReadPagesOptions<T>): Promise<TReadPages<T>> {
  const maxPages = o.maxPages ?? DEFAULT_MAX_PAGES;
  const budgetMs = o.budgetMs ?? DEFAULT_BUDGET_MS;
  const started = Date.now();
  const items: T[] = [];
  let pages = 0;
  let req: TToolRequest | null = o.first;
  while (req) {
    if (pages >= maxPages || (pages > 0 && Date.now() - started >= budgetMs))
      return { items, pages, partial: true };
    if (o.maxItems !== undefined && items.length >= o.maxItems) return { items, pages, partial: true };
    const res = await tctx.request(req);
    const body = await res.json();
    let got: T[];
    try {
      got = o.items(body);
    } catch (err) {
      throw err instanceof ToolError ? err : invalidResponse(tctx.connection.provider, err);
    }
    pages++;
    items.push(...got);
    if (o.done?.(got)) break;
    req = o.next(req, body, res.headers, got);
  }
  return { items, pages, partial: false };
}

/** `items` of a list body keyed by `key`, parsed with `item`. */
export const listOf =
  <S extends z.ZodType>(key: string, item: S) =>
  (body: unknown): z.output<S>[] =>
    z.object({ [key]: z.array(item) }).parse(body)[key] as z.output<S>[];

export const ZPartial = {
  partial: z
    .boolean()
    .describe("true when a page cap, the time budget or max_results stopped reading: a prefix"),
  pages: z.number().int(),
};

/** A 2xx body that is not the shape a tool reads (as the core's paginate says it). */
function invalidResponse(provider: string, err: unknown): ToolError {
  const issues =
    err instanceof z.ZodError
      ? err.issues.slice(0, 5).map((i) => ({ path: i.path.map(String).join("."), message: i.message }))
      : undefined;
  return new ToolError(
    "invalid_response",
    "bad_gateway",
    `The ${provider} answer did not have the shape this tool reads; the provider's API may have changed.`,
    issues ? { issues } : {},
  );
}
