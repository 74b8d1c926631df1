// Klaviyo tools, on the JSON:API at a.klaviyo.com/api (revision header from the catalog's default headers). Lists
// follow `links.next` (an absolute URL with page[cursor], pagination.ts); campaign statistics come from the
// campaign values report (POST /campaign-values-reports/), which needs the account's conversion metric.
import { z } from "zod";
import { defineTool } from "../define-tool";
import { round } from "../money";

const ZMaxResults = z.coerce
  .number()
  .int()
  .min(1)
  .max(5_000)
  .default(500)
  .describe("Read at most this many records.");

const resources = <A extends z.ZodType>(attributes: A) =>
  z.object({ data: z.array(z.object({ id: z.string(), type: z.string(), attributes })) });

const ZCampaignAttrs = z.object({
  name: z.string(),
  status: z.string(),
  archived: z.boolean().optional(),
  created_at: z.string().nullable().optional(),
  scheduled_at: z.string().nullable().optional(),
  send_time: z.string().nullable().optional(),
});
const ZFlowAttrs = z.object({
  name: z.string(),
  status: z.string(),
  archived: z.boolean().optional(),
  trigger_type: z.string().nullable().optional(),
  created: z.string().nullable().optional(),
  updated: z.string().nullable().optional(),
});
const ZSegmentAttrs = z.object({
  name: z.string(),
  is_active: z.boolean().optional(),
  profile_count: z.number().int().optional(),
  created: z.string().nullable().optional(),
  updated: z.string().nullable().optional(),
});

const ZListMeta = {
  partial: z.boolean().describe("true when the page cap, time budget or max_results stopped reading"),
  pages: z.number().int(),
};

const ZChannel = z
  .enum(["email", "sms"])
  .default("email")
  .describe("Klaviyo lists campaigns of one channel at a time.");

export const klaviyoListCampaigns = defineTool({
  name: "klaviyo.list_campaigns",
  title: "Klaviyo campaigns",
  description:
    "The email (or SMS) campaigns of the Klaviyo account: name, status (Draft, Scheduled, Sending, Sent, Cancelled), when scheduled and when sent. Use it to see what was sent or is planned; for opens, clicks and revenue per campaign use klaviyo.campaign_performance.",
  providers: ["klaviyo"],
  requiredScopes: ["campaigns:read"],
  access: "read",
  input: z.object({ channel: ZChannel, max_results: ZMaxResults }),
  output: z.object({
    campaigns: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        channel: z.string(),
        status: z.string(),
        scheduled_at: z.string().nullable(),
        sent_at: z.string().nullable(),
      }),
    ),
    ...ZListMeta,
  }),
  run: async (tctx, input) => {
    const read = await tctx.paginate({
      path: "/campaigns/",
      query: { filter: `equals(messages.channel,'${input.channel}')` },
      items: (body) => resources(ZCampaignAttrs).parse(body).data,
      maxItems: input.max_results,
    });
    return {
      campaigns: read.items.slice(0, input.max_results).map((c) => ({
        id: c.id,
        name: c.attributes.name,
        channel: input.channel,
        status: c.attributes.status,
        scheduled_at: c.attributes.scheduled_at ?? null,
        sent_at: c.attributes.send_time ?? null,
      })),
      partial: read.partial,
      pages: read.pages,
    };
  },
});

export const klaviyoListFlows = defineTool({
  name: "klaviyo.list_flows",
  title: "Klaviyo flows",
  description:
    "The automated flows of the Klaviyo account (welcome series, abandoned cart …): name, status (live, manual, draft) and trigger type. Use it to see which automations run.",
  providers: ["klaviyo"],
  requiredScopes: ["flows:read"],
  access: "read",
  input: z.object({ max_results: ZMaxResults }),
  output: z.object({
    flows: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        status: z.string(),
        trigger_type: z.string().nullable(),
        updated_at: z.string().nullable(),
      }),
    ),
    live: z.number().int().describe("how many of the listed flows are live"),
    ...ZListMeta,
  }),
  run: async (tctx, input) => {
    const read = await tctx.paginate({
      path: "/flows/",
      query: { "page[size]": 50 },
      items: (body) => resources(ZFlowAttrs).parse(body).data,
      maxItems: input.max_results,
    });
    const flows = read.items.slice(0, input.max_results).map((f) => ({
      id: f.id,
      name: f.attributes.name,
      status: f.attributes.status,
      trigger_type: f.attributes.trigger_type ?? null,
      updated_at: f.attributes.updated ?? null,
    }));
    return {
      flows,
      live: flows.filter((f) => f.status === "live").length,
      partial: read.partial,
      pages: read.pages,
    };
  },
});

export const klaviyoListSegments = defineTool({
  name: "klaviyo.list_segments",
  title: "Klaviyo segments",
  description:
    "The segments of the Klaviyo account with their current profile count (Klaviyo's profile_count: profiles in the segment now) and whether they are active. Use it to size audiences.",
  providers: ["klaviyo"],
  requiredScopes: ["segments:read"],
  access: "read",
  input: z.object({ max_results: ZMaxResults }),
  output: z.object({
    segments: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        profile_count: z.number().int().nullable(),
        active: z.boolean().nullable(),
      }),
    ),
    ...ZListMeta,
  }),
  run: async (tctx, input) => {
    const read = await tctx.paginate({
      path: "/segments/",
      query: { "additional-fields[segment]": "profile_count" },
      items: (body) => resources(ZSegmentAttrs).parse(body).data,
      maxItems: input.max_results,
    });
    return {
      segments: read.items.slice(0, input.max_results).map((s) => ({
        id: s.id,
        name: s.attributes.name,
        profile_count: s.attributes.profile_count ?? null,
        active: s.attributes.is_active ?? null,
      })),
      partial: read.partial,
      pages: read.pages,
    };
  },
});

const STATS = ["recipients", "delivered", "opens", "clicks", "conversion_value"] as const;
const ZValuesReport = z.object({
  data: z.object({
    attributes: z.object({
      results: z.array(
        z.object({
          groupings: z.object({ campaign_id: z.string(), send_channel: z.string().optional() }),
          statistics: z.record(z.string(), z.number().nullable()),
        }),
      ),
    }),
  }),
});

const TIMEFRAMES = [
  "last_7_days",
  "last_30_days",
  "last_90_days",
  "last_365_days",
  "this_month",
  "last_month",
  "this_year",
  "last_year",
] as const;

const rate = (n: number, d: number): number | null => (d > 0 ? round(n / d, 4) : null);

export const klaviyoCampaignPerformance = defineTool({
  name: "klaviyo.campaign_performance",
  title: "Klaviyo campaign performance",
  description:
    "Recipients, deliveries, unique opens, unique clicks and attributed revenue per sent campaign over a timeframe, from Klaviyo's campaign values report. Open rate = opens / delivered and click rate = clicks / delivered (Klaviyo's definitions); when nothing was delivered the rates are null (not 0). Revenue (conversion_value) is the value of the given conversion metric (usually Placed Order) attributed to the campaign, in the account currency. Needs the id of that conversion metric.",
  providers: ["klaviyo"],
  requiredScopes: ["campaigns:read"],
  access: "read",
  input: z.object({
    conversion_metric_id: z
      .string()
      .regex(/^[A-Za-z0-9]{1,64}$/)
      .describe("The Klaviyo metric whose value counts as revenue, e.g. the id of Placed Order."),
    timeframe: z.enum(TIMEFRAMES).default("last_30_days").describe("Klaviyo's named timeframe."),
  }),
  output: z.object({
    timeframe: z.string(),
    campaigns: z.array(
      z.object({
        campaign_id: z.string(),
        channel: z.string().nullable(),
        recipients: z.number().int(),
        delivered: z.number().int(),
        opens: z.number().int(),
        clicks: z.number().int(),
        conversion_value: z.number(),
        open_rate: z.number().nullable(),
        click_rate: z.number().nullable(),
      }),
    ),
    totals: z.object({
      recipients: z.number().int(),
      delivered: z.number().int(),
      opens: z.number().int(),
      clicks: z.number().int(),
      conversion_value: z.number(),
      open_rate: z.number().nullable(),
      click_rate: z.number().nullable(),
    }),
  }),
  run: async (tctx, input) => {
    const body = await tctx.json({
      method: "POST",
      path: "/campaign-values-reports/",
      headers: {
        "content-type": "application/vnd.api+json",
        // A report is a read: safe to send again after a 429 (the proxy retries only what is marked so).
        "idempotency-key": `campaign-values-${input.conversion_metric_id}-${input.timeframe}`,
      },
      body: JSON.stringify({
        data: {
          type: "campaign-values-report",
          attributes: {
            statistics: STATS,
            timeframe: { key: input.timeframe },
            conversion_metric_id: input.conversion_metric_id,
          },
        },
      }),
    });
    const results = ZValuesReport.parse(body).data.attributes.results;
    const t = { recipients: 0, delivered: 0, opens: 0, clicks: 0, valueCents: 0 };
    const campaigns = results.map((r) => {
      const s = (k: string) => r.statistics[k] ?? 0;
      const row = {
        campaign_id: r.groupings.campaign_id,
        channel: r.groupings.send_channel ?? null,
        recipients: Math.round(s("recipients")),
        delivered: Math.round(s("delivered")),
        opens: Math.round(s("opens")),
        clicks: Math.round(s("clicks")),
        conversion_value: round(s("conversion_value"), 2),
      };
      t.recipients += row.recipients;
      t.delivered += row.delivered;
      t.opens += row.opens;
      t.clicks += row.clicks;
      t.valueCents += Math.round(s("conversion_value") * 100);
      return {
        ...row,
        open_rate: rate(row.opens, row.delivered),
        click_rate: rate(row.clicks, row.delivered),
      };
    });
    return {
      timeframe: input.timeframe,
      campaigns,
      totals: {
        recipients: t.recipients,
        delivered: t.delivered,
        opens: t.opens,
        clicks: t.clicks,
        conversion_value: t.valueCents / 100,
        open_rate: rate(t.opens, t.delivered),
        click_rate: rate(t.clicks, t.delivered),
      },
    };
  },
});

export const klaviyoTools = [
  klaviyoListCampaigns,
  klaviyoListFlows,
  klaviyoListSegments,
  klaviyoCampaignPerformance,
] as const;
