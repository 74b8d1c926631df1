// Google Analytics 4 tools, on the Data API's runReport (POST /properties/{property_id}:runReport, the property
// from the connection's params). A report pages by offset/limit in the request body, `rowCount` being the total;
// every value is a string; `rows` and `rowCount` are left out when nothing matched. Totals come from GA4 itself
// (metricAggregations TOTAL), because users are not additive across rows (one user on two days is one user).
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { defineTool, type TToolContext } from "../define-tool";
import { round } from "../money";
import { resolvePeriod, ZAdsPeriodInput } from "./ads-shared";

const PAGE_LIMIT = 10_000;
const MAX_PAGES = 50;

const ZValue = z.object({ value: z.string().optional() });
const ZRow = z.object({
  dimensionValues: z.array(ZValue).default([]),
  metricValues: z.array(ZValue).default([]),
});
const ZReport = z.object({
  rows: z.array(ZRow).default([]),
  totals: z.array(ZRow).optional(),
  rowCount: z.number().int().default(0),
  metadata: z.object({ currencyCode: z.string().optional(), timeZone: z.string().optional() }).optional(),
});
type TReport = z.infer<typeof ZReport>;
type TRow = { dims: string[]; mets: number[] };

const toRow = (r: z.infer<typeof ZRow>): TRow => ({
  dims: r.dimensionValues.map((v) => v.value ?? ""),
  mets: r.metricValues.map((v) => Number(v.value ?? "0") || 0),
});

type TReportRequest = {
  dimensions: string[];
  metrics: string[];
  since: string;
  until: string;
  orderBys?: unknown[];
  dimensionFilter?: unknown;
  /** read at most this many rows */
  maxRows?: number;
};

/** Runs one report to the end (or maxRows), bounded by the core's page cap and time budget. */
async function runReport(
  tctx: TToolContext,
  r: TReportRequest,
): Promise<{
  rows: TRow[];
  totals: number[] | null;
  rowCount: number;
  meta: TReport["metadata"];
  partial: boolean;
  pages: number;
}> {
  const raw = tctx.connection.params.property_id;
  const property = typeof raw === "string" || typeof raw === "number" ? String(raw) : "";
  if (!/^\d{6,12}$/.test(property)) {
    throw new AppError("conflict", {
      message: "This Google Analytics connection has no GA4 property id; reconnect it and give the property.",
    });
  }
  const path = `/properties/${property}:runReport`;
  const limit = Math.min(PAGE_LIMIT, r.maxRows ?? PAGE_LIMIT);
  const body: Record<string, unknown> = {
    dateRanges: [{ startDate: r.since, endDate: r.until }],
    dimensions: r.dimensions.map((name) => ({ name })),
    metrics: r.metrics.map((name) => ({ name })),
    metricAggregations: ["TOTAL"],
    limit,
    offset: 0,
    ...(r.orderBys ? { orderBys: r.orderBys } : {}),
    ...(r.dimensionFilter ? { dimensionFilter: r.dimensionFilter } : {}),
  };
  // A report is a read: safe to send again after a 429 (the proxy retries only what is marked so).
  const headers = { "idempotency-key": `ga4-${property}-${r.since}-${r.until}-${r.dimensions.join(",")}` };
  const first = ZReport.parse(await tctx.json({ method: "POST", path, headers, body }));
  const rows = first.rows.map(toRow);
  const want = Math.min(first.rowCount, r.maxRows ?? Number.POSITIVE_INFINITY);
  let pages = 1;
  let partial = false;
  if (rows.length > 0 && rows.length < want) {
    // The rest by offset, page size as GA4 served it (it may serve fewer rows than asked).
    const rest = await tctx.paginate({
      method: "POST",
      path,
      headers,
      body: { ...body, offset: rows.length },
      strategy: { type: "offset", param: "offset", pageSize: rows.length, in: "body" },
      maxPages: MAX_PAGES - 1,
      maxItems: want - rows.length,
      items: (b) => ZReport.parse(b).rows.map(toRow),
    });
    rows.push(...rest.items);
    pages += rest.pages;
    partial = rest.partial && rows.length < want;
  }
  const totalsRow = first.totals?.[0];
  return {
    rows: rows.slice(0, want),
    totals: totalsRow ? toRow(totalsRow).mets : null,
    rowCount: first.rowCount,
    meta: first.metadata,
    partial,
    pages,
  };
}

const isoFromGa = (d: string) =>
  /^\d{8}$/.test(d) ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}` : d;
const ratio = (n: number, d: number): number | null => (d > 0 ? round(n / d, 4) : null);

const ZPeriodOut = z.object({ since: z.string(), until: z.string() });
const ZReadMeta = { partial: z.boolean(), pages: z.number().int(), time_zone: z.string().nullable() };

export const ga4Traffic = defineTool({
  name: "google_analytics.traffic",
  title: "GA4 traffic",
  description:
    "Sessions, total users and engaged sessions of the GA4 property for a date range, by day, by default channel group (Organic Search, Direct, Paid Social …) or both, with totals. Engagement rate = engaged sessions / sessions (GA4's definition; null when there were no sessions). Dates are in the property's time zone. Totals come from GA4 (users are de-duplicated there, so they are not the sum of the rows).",
  providers: ["google-analytics"],
  requiredScopes: ["https://www.googleapis.com/auth/analytics.readonly"],
  access: "read",
  input: z.object({
    ...ZAdsPeriodInput,
    by: z
      .enum(["date", "channel", "date_and_channel"])
      .default("date")
      .describe("How to break traffic down."),
  }),
  output: z.object({
    period: ZPeriodOut,
    rows: z.array(
      z.object({
        // present only when the breakdown has it, so a by-day report charts as a time series
        date: z.string().optional(),
        channel: z.string().optional(),
        sessions: z.number().int(),
        total_users: z.number().int(),
        engaged_sessions: z.number().int(),
        engagement_rate: z.number().nullable(),
      }),
    ),
    totals: z.object({
      sessions: z.number().int(),
      total_users: z.number().int(),
      engaged_sessions: z.number().int(),
      engagement_rate: z.number().nullable(),
    }),
    ...ZReadMeta,
  }),
  run: async (tctx, input) => {
    const { since, until } = resolvePeriod(tctx, input);
    const dims =
      input.by === "date"
        ? ["date"]
        : input.by === "channel"
          ? ["sessionDefaultChannelGroup"]
          : ["date", "sessionDefaultChannelGroup"];
    const rep = await runReport(tctx, {
      dimensions: dims,
      metrics: ["sessions", "totalUsers", "engagedSessions"],
      since,
      until,
      orderBys: dims.map((d) => ({ dimension: { dimensionName: d } })),
    });
    const rows = rep.rows.map((r) => {
      const [sessions = 0, users = 0, engaged = 0] = r.mets;
      return {
        ...(input.by === "channel" ? {} : { date: isoFromGa(r.dims[0] ?? "") }),
        ...(input.by === "date" ? {} : { channel: r.dims[input.by === "channel" ? 0 : 1] ?? "(not set)" }),
        sessions,
        total_users: users,
        engaged_sessions: engaged,
        engagement_rate: ratio(engaged, sessions),
      };
    });
    const [sessions = 0, users = 0, engaged = 0] = rep.totals ?? [0, 0, 0];
    return {
      period: { since, until },
      rows,
      totals: {
        sessions,
        total_users: users,
        engaged_sessions: engaged,
        engagement_rate: ratio(engaged, sessions),
      },
      partial: rep.partial,
      pages: rep.pages,
      time_zone: rep.meta?.timeZone ?? null,
    };
  },
});

export const ga4TopPages = defineTool({
  name: "google_analytics.top_pages",
  title: "GA4 top pages",
  description:
    "The most viewed pages (and app screens) of the GA4 property for a date range: page path, title, views (screenPageViews) and active users, most viewed first, with each page's share of all views in the period (page views / total views of every page, not only the listed ones).",
  providers: ["google-analytics"],
  requiredScopes: ["https://www.googleapis.com/auth/analytics.readonly"],
  access: "read",
  input: z.object({
    ...ZAdsPeriodInput,
    limit: z.coerce.number().int().min(1).max(1_000).default(10).describe("How many pages to return."),
  }),
  output: z.object({
    period: ZPeriodOut,
    pages_listed: z.number().int(),
    total_views: z.number().int(),
    top_pages: z.array(
      z.object({
        path: z.string(),
        title: z.string(),
        views: z.number().int(),
        active_users: z.number().int(),
        share_of_views: z.number().nullable(),
      }),
    ),
    ...ZReadMeta,
  }),
  run: async (tctx, input) => {
    const { since, until } = resolvePeriod(tctx, input);
    const rep = await runReport(tctx, {
      dimensions: ["pagePath", "pageTitle"],
      metrics: ["screenPageViews", "activeUsers"],
      since,
      until,
      orderBys: [{ metric: { metricName: "screenPageViews" }, desc: true }],
      maxRows: input.limit,
    });
    const total = rep.totals?.[0] ?? 0;
    const top = rep.rows.map((r) => ({
      path: r.dims[0] ?? "",
      title: r.dims[1] ?? "",
      views: r.mets[0] ?? 0,
      active_users: r.mets[1] ?? 0,
      share_of_views: ratio(r.mets[0] ?? 0, total),
    }));
    return {
      period: { since, until },
      pages_listed: top.length,
      total_views: total,
      top_pages: top,
      partial: rep.partial,
      pages: rep.pages,
      time_zone: rep.meta?.timeZone ?? null,
    };
  },
});

export const ga4Conversions = defineTool({
  name: "google_analytics.conversions",
  title: "GA4 conversions (key events)",
  description:
    "The key events (GA4's name for conversions since 2024) of the GA4 property for a date range, by event name: how many key events, how many events in all, and the revenue attributed to the event (totalRevenue, in the property's currency). Only events marked as key events are listed; the totals add up the listed events.",
  providers: ["google-analytics"],
  requiredScopes: ["https://www.googleapis.com/auth/analytics.readonly"],
  access: "read",
  input: z.object({ ...ZAdsPeriodInput }),
  output: z.object({
    period: ZPeriodOut,
    currency: z.string().nullable(),
    events: z.array(
      z.object({
        event: z.string(),
        key_events: z.number().int(),
        event_count: z.number().int(),
        revenue: z.number(),
      }),
    ),
    totals: z.object({ key_events: z.number().int(), revenue: z.number() }),
    ...ZReadMeta,
  }),
  run: async (tctx, input) => {
    const { since, until } = resolvePeriod(tctx, input);
    const rep = await runReport(tctx, {
      dimensions: ["eventName"],
      metrics: ["keyEvents", "eventCount", "totalRevenue"],
      since,
      until,
      orderBys: [{ metric: { metricName: "keyEvents" }, desc: true }],
    });
    const events = rep.rows
      .map((r) => ({
        event: r.dims[0] ?? "",
        key_events: Math.round(r.mets[0] ?? 0),
        event_count: Math.round(r.mets[1] ?? 0),
        revenue: round(r.mets[2] ?? 0, 2),
      }))
      .filter((e) => e.key_events > 0);
    const revenueCents = events.reduce((s, e) => s + Math.round(e.revenue * 100), 0);
    return {
      period: { since, until },
      currency: rep.meta?.currencyCode ?? null,
      events,
      totals: { key_events: events.reduce((s, e) => s + e.key_events, 0), revenue: revenueCents / 100 },
      partial: rep.partial,
      pages: rep.pages,
      time_zone: rep.meta?.timeZone ?? null,
    };
  },
});

export const googleAnalyticsTools = [ga4Traffic, ga4TopPages, ga4Conversions] as const;
