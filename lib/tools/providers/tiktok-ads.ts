// TikTok Ads tools, on the Business API's synchronous integrated report (GET /report/integrated/get/). TikTok
// wraps every answer in { code, message, request_id, data } and says most failures with HTTP 200 and code ≠ 0 —
// so the envelope is checked on every page, and a code ≠ 0 is a tool error with TikTok's own message. Its rate
// limit (code 40100) also comes as HTTP 200: the proxy cannot see it, so this tool waits and asks again (twice).
// Pages are numbered (page, page_size ≤ 1000) and page_info says how many there are.
import { z } from "zod";
import { defineTool, type TToolContext } from "../define-tool";
import { ToolError } from "../tool-error";
import {
  campaignPerformance,
  cents,
  count,
  decimal,
  resolvePeriod,
  ROAS_DEFINITION,
  ZAdsPeriodInput,
  ZCampaignPerformanceOutput,
  type TCampaignSums,
} from "./ads-shared";

const PAGE_SIZE = 1000;
const MAX_PAGES = 50;
const RATE_LIMITED = 40100;
const RATE_LIMIT_RETRIES = 2;
const RATE_LIMIT_WAIT_MS = 1_000;
const METRICS = [
  "campaign_name",
  "spend",
  "impressions",
  "clicks",
  "complete_payment",
  "total_complete_payment_rate",
];

const ZEnvelope = z.object({
  code: z.number(),
  message: z.string().optional(),
  request_id: z.string().optional(),
  data: z.unknown(),
});
const ZReportData = z.object({
  list: z
    .array(
      z.object({
        dimensions: z.object({ campaign_id: z.union([z.string(), z.number()]) }),
        metrics: z.record(z.string(), z.union([z.string(), z.number()]).nullable()),
      }),
    )
    .default([]),
  page_info: z.object({
    page: z.number().int(),
    page_size: z.number().int(),
    total_number: z.number().int(),
    total_page: z.number().int(),
  }),
});
type TReportData = z.infer<typeof ZReportData>;

/** The envelope's data, or a ToolError with TikTok's code and message (code ≠ 0 is a failure even on HTTP 200). */
function reportData(body: unknown): TReportData {
  const env = ZEnvelope.parse(body);
  if (env.code !== 0) {
    throw new ToolError(
      "provider_error",
      env.code === RATE_LIMITED ? "rate_limited" : "bad_gateway",
      `TikTok refused the report: ${env.message ?? "no message"} (code ${String(env.code)}).`,
      { provider_code: env.code, ...(env.request_id ? { provider_request_id: env.request_id } : {}) },
    );
  }
  return ZReportData.parse(env.data);
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(t);
      reject(new Error("aborted"));
    });
  });

/** One page, waiting out TikTok's in-body rate limit (HTTP 200, code 40100) a bounded number of times. */
async function reportPage(tctx: TToolContext, query: Record<string, string>): Promise<TReportData> {
  for (let attempt = 0; ; attempt++) {
    const body = await tctx.json({ path: "/report/integrated/get/", query });
    try {
      return reportData(body);
    } catch (err) {
      const limited = err instanceof ToolError && err.code === "rate_limited";
      if (!limited || attempt >= RATE_LIMIT_RETRIES) throw err;
      await sleep(RATE_LIMIT_WAIT_MS * (attempt + 1), tctx.signal);
    }
  }
}

export const tiktokCampaignPerformance = defineTool({
  name: "tiktok_ads.campaign_performance",
  title: "TikTok Ads campaign performance",
  description: `Spend, impressions, clicks, purchases (complete payments), purchase value and ROAS per campaign of one TikTok advertiser for a date range, with totals. Use it to compare TikTok campaigns or to set them beside Meta and Google. Conversions are TikTok's complete_payment events and value is total_complete_payment_rate (the attributed purchase value), in TikTok's default attribution window. ${ROAS_DEFINITION} TikTok's own complete_payment_roas reads 0 for zero spend; this tool does not use it. Amounts are in the advertiser account's currency (the report does not name it, so currency is null).`,
  providers: ["tiktok-ads"],
  // TikTok grants permissions per developer app, not per token: there is no scope to check here.
  requiredScopes: [],
  access: "read",
  input: z.object({
    advertiser_id: z
      .string()
      .regex(/^\d{1,24}$/, "the numeric advertiser id")
      .describe("The TikTok advertiser (ad account) id."),
    ...ZAdsPeriodInput,
  }),
  output: ZCampaignPerformanceOutput,
  run: async (tctx, input) => {
    const { since, until } = resolvePeriod(tctx, input);
    const query = {
      advertiser_id: input.advertiser_id,
      report_type: "BASIC",
      data_level: "AUCTION_CAMPAIGN",
      dimensions: JSON.stringify(["campaign_id"]),
      metrics: JSON.stringify(METRICS),
      start_date: since,
      end_date: until,
      page: "1",
      page_size: String(PAGE_SIZE),
    };
    const first = await reportPage(tctx, query);
    const items = [...first.list];
    let pages = 1;
    let partial = false;
    if (first.page_info.total_page > 1) {
      // The rest with the bounded reader, page size as TikTok actually served it; a short page ends the list.
      const rest = await tctx.paginate({
        path: "/report/integrated/get/",
        query: { ...query, page: "2" },
        strategy: { type: "page_number", param: "page", pageSize: first.page_info.page_size },
        maxPages: Math.min(first.page_info.total_page - 1, MAX_PAGES - 1),
        items: (body) => reportData(body).list,
      });
      items.push(...rest.items);
      pages += rest.pages;
      // The page cap is set to the pages TikTok announced: reaching it with every row read is the end, not a cut.
      partial = rest.partial && items.length < first.page_info.total_number;
    }
    const rows: TCampaignSums[] = items.map((r) => ({
      id: String(r.dimensions.campaign_id),
      name: typeof r.metrics.campaign_name === "string" ? r.metrics.campaign_name : null,
      spendCents: cents(r.metrics.spend),
      impressions: count(r.metrics.impressions),
      clicks: count(r.metrics.clicks),
      conversions: decimal(r.metrics.complete_payment),
      valueCents: cents(r.metrics.total_complete_payment_rate),
    }));
    return campaignPerformance(rows, { since, until, currency: null, partial, pages });
  },
});

export const tiktokAdsTools = [tiktokCampaignPerformance] as const;
