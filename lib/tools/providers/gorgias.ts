// Gorgias tools, on the REST API (https://developers.gorgias.com): HTTP Basic (email : API key) on
// https://{domain}.gorgias.com/api. Lists page with `meta.next_cursor` → `cursor`, at most 100 a page; tickets are
// read newest first (`order_by=created_datetime:desc`) so a period's read stops at its start. Gorgias writes
// datetimes without an offset: they are UTC. The proxy retries 429s after Retry-After (Gorgias' leaky bucket).
import { z } from "zod";
import { defineTool, type TAnyTool, type TToolContext, type TToolRequest } from "../define-tool";
import {
  STATS_DEFINITION,
  ZDurationStats,
  ZMaxResults,
  ZPartial,
  ZPeriodInput,
  ZPeriodOutput,
  durationStats,
  inPeriod,
  periodOf,
  periodOutput,
  readPages,
  type TPeriod,
  pageCap,
} from "./ops-shared";

const PAGE = 100;

/** Gorgias datetimes are UTC without an offset ("2026-11-01T09:00:00.000000"). */
export function gorgiasTime(s: string | null | undefined): number | null {
  if (!s) return null;
  const t = Date.parse(/(Z|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}Z`);
  return Number.isNaN(t) ? null : t;
}
const iso = (t: number | null) => (t === null ? null : new Date(t).toISOString());

// --- Wire formats (only the fields read) -------------------------------------------------------------------

const ZPerson = z.object({
  id: z.number(),
  email: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
});
const ZTicket = z.object({
  id: z.number(),
  status: z.string(),
  channel: z.string().nullable().optional(),
  subject: z.string().nullable().optional(),
  customer: ZPerson.nullable().optional(),
  assignee_user: ZPerson.nullable().optional(),
  tags: z.array(z.object({ name: z.string() })).default([]),
  messages_count: z.number().nullable().optional(),
  created_datetime: z.string(),
  closed_datetime: z.string().nullable().optional(),
  updated_datetime: z.string().nullable().optional(),
});
type TTicket = z.infer<typeof ZTicket>;
const ZMessage = z.object({
  id: z.number(),
  public: z.boolean(),
  from_agent: z.boolean(),
  created_datetime: z.string(),
  sent_datetime: z.string().nullable().optional(),
});
const ZSurvey = z.object({
  id: z.number(),
  ticket_id: z.number(),
  score: z.number().int().nullable(),
  created_datetime: z.string(),
  scored_datetime: z.string().nullable().optional(),
  sent_datetime: z.string().nullable().optional(),
});
const ZList = <S extends z.ZodType>(item: S) =>
  z.object({ data: z.array(item), meta: z.object({ next_cursor: z.string().nullable().optional() }) });

/** The next page of a Gorgias list: the same request with `cursor` = meta.next_cursor. */
function nextCursor(req: TToolRequest, body: unknown): TToolRequest | null {
  const cursor = z.object({ meta: z.object({ next_cursor: z.string().nullable().optional() }) }).parse(body)
    .meta.next_cursor;
  return cursor ? { ...req, query: { ...req.query, cursor } } : null;
}

/** Tickets created in the period, newest first, stopping at the first page that reaches before its start. */
async function ticketsCreatedIn(tctx: TToolContext, period: TPeriod, max: number, status?: string) {
  const page = await readPages(tctx, {
    first: { path: "/tickets", query: { limit: PAGE, order_by: "created_datetime:desc" } },
    items: (b) => ZList(ZTicket).parse(b).data,
    next: nextCursor,
    done: (got) => got.some((t) => (gorgiasTime(t.created_datetime) ?? 0) < period.from),
    maxPages: pageCap(max, PAGE),
  });
  const tickets = page.items
    .filter((t) => inPeriod(gorgiasTime(t.created_datetime), period))
    .filter((t) => !status || t.status === status);
  const over = tickets.length > max;
  return { tickets: tickets.slice(0, max), pages: page.pages, partial: page.partial || over };
}

// --- Tools ---------------------------------------------------------------------------------------------------

const ZTicketOut = z.object({
  id: z.string(),
  subject: z.string().nullable(),
  status: z.string(),
  channel: z.string().nullable(),
  customer_email: z.string().nullable(),
  assignee_email: z.string().nullable(),
  tags: z.array(z.string()),
  messages: z.number().int().nullable(),
  created_at: z.string(),
  closed_at: z.string().nullable(),
});

const ticketOut = (t: TTicket): z.infer<typeof ZTicketOut> => ({
  id: String(t.id),
  subject: t.subject ?? null,
  status: t.status,
  channel: t.channel ?? null,
  customer_email: t.customer?.email ?? null,
  assignee_email: t.assignee_user?.email ?? null,
  tags: t.tags.map((x) => x.name),
  messages: t.messages_count ?? null,
  created_at: iso(gorgiasTime(t.created_datetime)) ?? t.created_datetime,
  closed_at: iso(gorgiasTime(t.closed_datetime)),
});

export const gorgiasListTickets = defineTool({
  name: "gorgias.list_tickets",
  title: "List tickets",
  description:
    "Gorgias helpdesk tickets created in a period (default: the last 30 days), newest first, with status (open / closed), channel, customer and assignee e-mails, tags, message count and created / closed times in UTC. Use it to see what customers wrote about and which tickets are still open.",
  providers: ["gorgias"],
  requiredScopes: [],
  access: "read",
  input: ZPeriodInput.extend({
    status: z.enum(["open", "closed"]).optional().describe("Only tickets with this status"),
    max_results: ZMaxResults(500),
  }),
  output: z.object({
    period: ZPeriodOutput,
    tickets: z.array(ZTicketOut),
    count: z.number().int(),
    ...ZPartial,
  }),
  async run(tctx, input) {
    const period = periodOf(input, tctx.now());
    const r = await ticketsCreatedIn(tctx, period, input.max_results, input.status);
    return {
      period: periodOutput(period),
      tickets: r.tickets.map(ticketOut),
      count: r.tickets.length,
      partial: r.partial,
      pages: r.pages,
    };
  },
});

export const gorgiasResponseTimes = defineTool({
  name: "gorgias.response_times",
  title: "Response and resolution times",
  description:
    "First-response and resolution times of the Gorgias tickets created in a period [from, to) (default: the last 30 days). " +
    "First-response time = the first public message sent by an agent (or a rule acting as the helpdesk; internal notes excluded) minus the ticket's creation time; a ticket with none is counted as unanswered. " +
    "Resolution time = closed time minus creation time, for tickets closed now; open ones are counted as unresolved. " +
    `${STATS_DEFINITION} Reads each ticket's messages (one request per ticket), so max_tickets bounds the cost.`,
  providers: ["gorgias"],
  requiredScopes: [],
  access: "read",
  input: ZPeriodInput.extend({ max_tickets: ZMaxResults(200, 2_000) }),
  output: z.object({
    period: ZPeriodOutput,
    tickets: z.number().int(),
    first_response: ZDurationStats,
    resolution: ZDurationStats,
    ...ZPartial,
  }),
  async run(tctx, input) {
    const period = periodOf(input, tctx.now());
    const r = await ticketsCreatedIn(tctx, period, input.max_tickets);
    let pages = r.pages;
    const firstResponse: number[] = [];
    const resolution: number[] = [];
    for (const t of r.tickets) {
      const created = gorgiasTime(t.created_datetime)!;
      const msgs = await tctx.paginate({
        path: `/tickets/${String(t.id)}/messages`,
        query: { limit: PAGE, order_by: "created_datetime:asc" },
        items: (b) => ZList(ZMessage).parse(b).data,
        maxPages: 10,
      });
      pages += msgs.pages;
      const replies = msgs.items
        .filter((m) => m.public && m.from_agent)
        .map((m) => gorgiasTime(m.sent_datetime ?? m.created_datetime))
        .filter((x): x is number => x !== null && x >= created);
      if (replies.length) firstResponse.push((Math.min(...replies) - created) / 60_000);
      const closed = gorgiasTime(t.closed_datetime);
      if (t.status === "closed" && closed !== null) resolution.push((closed - created) / 60_000);
    }
    return {
      period: periodOutput(period),
      tickets: r.tickets.length,
      first_response: durationStats(firstResponse, r.tickets.length - firstResponse.length),
      resolution: durationStats(resolution, r.tickets.length - resolution.length),
      partial: r.partial,
      pages,
    };
  },
});

/** Surveys are read newest-created first; one created this long before the period can still be rated in it. */
const SURVEY_LOOKBACK_MS = 30 * 86_400_000;

export const gorgiasCsat = defineTool({
  name: "gorgias.csat",
  title: "Customer satisfaction (CSAT)",
  description:
    "Customer satisfaction from Gorgias satisfaction surveys rated in a period [from, to) (by the time the customer scored, default: the last 30 days). " +
    "Surveys score 1–5: good = 4 or 5, bad = 1 to 3; CSAT = good / (good + bad), 0–1 (null when nothing was rated). " +
    "Also the score distribution, and `unrated` = surveys sent in the period that have no score. " +
    "Surveys created more than 30 days before the period are not read.",
  providers: ["gorgias"],
  requiredScopes: [],
  access: "read",
  input: ZPeriodInput.extend({ max_results: ZMaxResults(5_000) }),
  output: z.object({
    period: ZPeriodOutput,
    csat: z.number().nullable(),
    good: z.number().int(),
    bad: z.number().int(),
    rated: z.number().int(),
    unrated: z.number().int(),
    distribution: z.record(z.enum(["1", "2", "3", "4", "5"]), z.number().int()),
    ...ZPartial,
  }),
  async run(tctx, input) {
    const period = periodOf(input, tctx.now());
    const page = await readPages(tctx, {
      first: { path: "/satisfaction-surveys", query: { limit: PAGE, order_by: "created_datetime:desc" } },
      items: (b) => ZList(ZSurvey).parse(b).data,
      next: nextCursor,
      done: (got) =>
        got.some((s) => (gorgiasTime(s.created_datetime) ?? 0) < period.from - SURVEY_LOOKBACK_MS),
      maxPages: pageCap(input.max_results, PAGE),
    });
    const distribution = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 };
    let unrated = 0;
    for (const s of page.items) {
      if (s.score === null) {
        if (inPeriod(gorgiasTime(s.sent_datetime), period)) unrated++;
        continue;
      }
      if (!inPeriod(gorgiasTime(s.scored_datetime), period)) continue;
      const k = String(Math.min(5, Math.max(1, s.score))) as keyof typeof distribution;
      distribution[k]++;
    }
    const good = distribution["4"] + distribution["5"];
    const bad = distribution["1"] + distribution["2"] + distribution["3"];
    return {
      period: periodOutput(period),
      csat: good + bad > 0 ? good / (good + bad) : null,
      good,
      bad,
      rated: good + bad,
      unrated,
      distribution,
      partial: page.partial,
      pages: page.pages,
    };
  },
});

export const gorgiasTools: readonly TAnyTool[] = [gorgiasListTickets, gorgiasResponseTimes, gorgiasCsat];
