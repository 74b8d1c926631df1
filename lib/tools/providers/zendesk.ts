// Zendesk Support tools, on the Ticketing API (https://developer.zendesk.com/api-reference/): API token (Basic
// `{email}/token:{token}`) or OAuth bearer on https://{subdomain}.zendesk.com/api/v2. Lists use cursor pagination
// (`page[size]` ≤ 100, `meta.after_cursor` → `page[after]` while `meta.has_more`), in the API's own order (by id,
// oldest first): a period is filtered here, bounded by the page cap. The proxy retries 429s after Retry-After.
import { z } from "zod";
import { defineTool, type TAnyTool } from "../define-tool";
import {
  STATS_DEFINITION,
  ZDurationStats,
  ZMaxResults,
  ZPartial,
  ZPeriodInput,
  ZPeriodOutput,
  durationStats,
  inPeriod,
  listOf,
  periodOf,
  periodOutput,
} from "./ops-shared";

const PAGE = 100;
/** OAuth connections need `read` (or the narrower `tickets:read`); API-token connections carry no grant to check. */
const READ = ["read"] as const;

const t = (s: string | null | undefined) => {
  if (!s) return null;
  const v = Date.parse(s);
  return Number.isNaN(v) ? null : v;
};

// --- Wire formats (only the fields read) -------------------------------------------------------------------

const ZTicket = z.object({
  id: z.number(),
  subject: z.string().nullable().optional(),
  status: z.string(),
  priority: z.string().nullable().optional(),
  type: z.string().nullable().optional(),
  requester_id: z.number().nullable().optional(),
  assignee_id: z.number().nullable().optional(),
  group_id: z.number().nullable().optional(),
  tags: z.array(z.string()).default([]),
  via: z.object({ channel: z.string().nullable().optional() }).nullable().optional(),
  created_at: z.string(),
  updated_at: z.string().nullable().optional(),
});
const ZMinutes = z.object({ calendar: z.number().nullable().optional() }).nullable().optional();
const ZMetric = z.object({
  ticket_id: z.number(),
  created_at: z.string(),
  solved_at: z.string().nullable().optional(),
  reply_time_in_minutes: ZMinutes,
  full_resolution_time_in_minutes: ZMinutes,
});
const ZRating = z.object({
  id: z.number(),
  ticket_id: z.number().nullable().optional(),
  score: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});

// --- Tools ---------------------------------------------------------------------------------------------------

export const zendeskListTickets = defineTool({
  name: "zendesk.list_tickets",
  title: "List tickets",
  description:
    "Zendesk Support tickets created in a period [from, to) (default: the last 30 days), oldest first, with status (new, open, pending, hold, solved, closed), priority, type, requester / assignee / group ids, tags and channel. Reads the account's ticket list in Zendesk's order (by id) and keeps the period, up to max_results.",
  providers: ["zendesk"],
  requiredScopes: READ,
  access: "read",
  input: ZPeriodInput.extend({
    status: z
      .enum(["new", "open", "pending", "hold", "solved", "closed"])
      .optional()
      .describe("Only tickets with this status"),
    max_results: ZMaxResults(500),
  }),
  output: z.object({
    period: ZPeriodOutput,
    tickets: z.array(
      z.object({
        id: z.string(),
        subject: z.string().nullable(),
        status: z.string(),
        priority: z.string().nullable(),
        type: z.string().nullable(),
        requester_id: z.string().nullable(),
        assignee_id: z.string().nullable(),
        group_id: z.string().nullable(),
        tags: z.array(z.string()),
        channel: z.string().nullable(),
        created_at: z.string(),
        updated_at: z.string().nullable(),
      }),
    ),
    count: z.number().int(),
    ...ZPartial,
  }),
  async run(tctx, input) {
    const period = periodOf(input, tctx.now());
    const page = await tctx.paginate({
      path: "/tickets.json",
      query: { "page[size]": PAGE },
      items: listOf("tickets", ZTicket),
      maxPages: 100,
    });
    const id = (n: number | null | undefined) => (n === null || n === undefined ? null : String(n));
    const kept = page.items
      .filter((x) => inPeriod(t(x.created_at), period))
      .filter((x) => !input.status || x.status === input.status);
    const tickets = kept.slice(0, input.max_results).map((x) => ({
      id: String(x.id),
      subject: x.subject ?? null,
      status: x.status,
      priority: x.priority ?? null,
      type: x.type ?? null,
      requester_id: id(x.requester_id),
      assignee_id: id(x.assignee_id),
      group_id: id(x.group_id),
      tags: x.tags,
      channel: x.via?.channel ?? null,
      created_at: x.created_at,
      updated_at: x.updated_at ?? null,
    }));
    return {
      period: periodOutput(period),
      tickets,
      count: tickets.length,
      partial: page.partial || kept.length > input.max_results,
      pages: page.pages,
    };
  },
});

export const zendeskResponseTimes = defineTool({
  name: "zendesk.response_times",
  title: "Response and resolution times",
  description:
    "First-response and resolution times of the Zendesk tickets created in a period [from, to) (default: the last 30 days), from Zendesk's own ticket metrics in calendar minutes. " +
    "First-response time = `reply_time_in_minutes.calendar` (creation to the first public agent comment); a ticket without one is counted as unanswered. " +
    "Resolution time = `full_resolution_time_in_minutes.calendar` (creation to the latest solve) for tickets solved now; the rest are counted as unresolved. " +
    `${STATS_DEFINITION} Reads every ticket-metric record (up to 10,000: 100 pages); beyond that the answer is partial.`,
  providers: ["zendesk"],
  requiredScopes: READ,
  access: "read",
  input: ZPeriodInput,
  output: z.object({
    period: ZPeriodOutput,
    tickets: z.number().int(),
    first_response: ZDurationStats,
    resolution: ZDurationStats,
    ...ZPartial,
  }),
  async run(tctx, input) {
    const period = periodOf(input, tctx.now());
    const page = await tctx.paginate({
      path: "/ticket_metrics.json",
      query: { "page[size]": PAGE },
      items: listOf("ticket_metrics", ZMetric),
      maxPages: 100,
    });
    const metrics = page.items.filter((m) => inPeriod(t(m.created_at), period));
    const reply = metrics
      .map((m) => m.reply_time_in_minutes?.calendar)
      .filter((x): x is number => typeof x === "number");
    const resolved = metrics
      .filter((m) => m.solved_at)
      .map((m) => m.full_resolution_time_in_minutes?.calendar)
      .filter((x): x is number => typeof x === "number");
    return {
      period: periodOutput(period),
      tickets: metrics.length,
      first_response: durationStats(reply, metrics.length - reply.length),
      resolution: durationStats(resolved, metrics.length - resolved.length),
      partial: page.partial,
      pages: page.pages,
    };
  },
});

export const zendeskCsat = defineTool({
  name: "zendesk.csat",
  title: "Customer satisfaction (CSAT)",
  description:
    "Customer satisfaction from Zendesk satisfaction ratings (legacy CSAT) rated in a period [from, to) (by the rating's update time, when the customer answered; default: the last 30 days). " +
    "CSAT = good / (good + bad), 0–1 (null when nothing was rated); `unrated` = surveys offered in the period that got no answer (score `offered`).",
  providers: ["zendesk"],
  requiredScopes: READ,
  access: "read",
  input: ZPeriodInput,
  output: z.object({
    period: ZPeriodOutput,
    csat: z.number().nullable(),
    good: z.number().int(),
    bad: z.number().int(),
    rated: z.number().int(),
    unrated: z.number().int(),
    ...ZPartial,
  }),
  async run(tctx, input) {
    const period = periodOf(input, tctx.now());
    const page = await tctx.paginate({
      path: "/satisfaction_ratings.json",
      query: {
        "page[size]": PAGE,
        start_time: Math.floor(period.from / 1000),
        // end_time is inclusive at Zendesk; the exclusive end is applied below.
        end_time: Math.ceil(period.to / 1000),
      },
      items: listOf("satisfaction_ratings", ZRating),
      maxPages: 100,
    });
    let good = 0;
    let bad = 0;
    let unrated = 0;
    for (const r of page.items) {
      if (!inPeriod(t(r.updated_at), period)) continue;
      if (r.score.startsWith("good")) good++;
      else if (r.score.startsWith("bad")) bad++;
      else if (r.score === "offered") unrated++;
    }
    return {
      period: periodOutput(period),
      csat: good + bad > 0 ? good / (good + bad) : null,
      good,
      bad,
      rated: good + bad,
      unrated,
      partial: page.partial,
      pages: page.pages,
    };
  },
});

export const zendeskTools: readonly TAnyTool[] = [zendeskListTickets, zendeskResponseTimes, zendeskCsat];
