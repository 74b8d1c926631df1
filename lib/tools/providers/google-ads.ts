// Google Ads tools, on GoogleAdsService.Search (POST /customers/{id}/googleAds:search with a GAQL query, the API
// version pinned in the catalog's API base). Pages follow `nextPageToken`, sent back as `pageToken` in the body
// (pagination.ts); the developer token rides as the catalog's default header, login-customer-id is per call.
// Wire format: proto3 JSON — int64 as strings (costMicros "150500000"), doubles as numbers, and every zero value
// left out, so a missing metric means 0.
import { z } from "zod";
import { defineTool } from "../define-tool";
import {
  campaignPerformance,
  count,
  decimal,
  resolvePeriod,
  ROAS_DEFINITION,
  ZAdsPeriodInput,
  ZCampaignPerformanceOutput,
  type TCampaignSums,
} from "./ads-shared";

const ZNum = z.union([z.string(), z.number()]).optional();
const ZRow = z.object({
  campaign: z.object({ id: z.union([z.string(), z.number()]), name: z.string().optional() }),
  customer: z.object({ currencyCode: z.string().optional() }).optional(),
  metrics: z
    .object({
      costMicros: ZNum,
      impressions: ZNum,
      clicks: ZNum,
      conversions: ZNum,
      conversionsValue: ZNum,
    })
    .default({}),
});
const ZSearchPage = z.object({ results: z.array(ZRow).default([]) });

const ZCustomerId = z
  .string()
  .transform((s) => s.replaceAll("-", ""))
  .pipe(z.string().regex(/^\d{10}$/, "a 10-digit customer id (dashes allowed)"));

/** Micros (1/1,000,000 of the currency unit) → cents, rounded half away from zero. */
const microsToCents = (v: unknown): number => Math.round(decimal(v) / 10_000);

export const googleAdsCampaignPerformance = defineTool({
  name: "google_ads.campaign_performance",
  title: "Google Ads campaign performance",
  description: `Cost, impressions, clicks, conversions, conversion value and ROAS per campaign of one Google Ads customer account for a date range, with totals. Use it to compare search, shopping, display and Performance Max campaigns. Spend is metrics.cost_micros / 1,000,000; conversions and conversion value are metrics.conversions and metrics.conversions_value (the account's primary conversion actions, its attribution model — may be fractional). ${ROAS_DEFINITION} Amounts are in the account's currency. For a client account reached through a manager (MCC), give login_customer_id. Removed campaigns and campaigns with no activity in the period are not listed.`,
  providers: ["google-ads"],
  requiredScopes: ["https://www.googleapis.com/auth/adwords"],
  access: "read",
  input: z.object({
    customer_id: ZCustomerId.describe("The Google Ads customer id, e.g. 123-456-7890."),
    login_customer_id: ZCustomerId.optional().describe(
      "The manager account id when the customer is reached through a manager account.",
    ),
    ...ZAdsPeriodInput,
  }),
  output: ZCampaignPerformanceOutput,
  run: async (tctx, input) => {
    const { since, until } = resolvePeriod(tctx, input);
    // Dates are validated as YYYY-MM-DD by the input schema, so they cannot break out of the quotes.
    const query = [
      "SELECT campaign.id, campaign.name, customer.currency_code, metrics.cost_micros, metrics.impressions,",
      "metrics.clicks, metrics.conversions, metrics.conversions_value",
      "FROM campaign",
      `WHERE segments.date BETWEEN '${since}' AND '${until}' AND campaign.status != 'REMOVED'`,
      "ORDER BY campaign.id",
    ].join(" ");
    const read = await tctx.paginate({
      method: "POST",
      path: `/customers/${input.customer_id}/googleAds:search`,
      headers: {
        ...(input.login_customer_id ? { "login-customer-id": input.login_customer_id } : {}),
        // A search is a read: safe to send again after a 429 or 503 (the proxy retries only what is marked so).
        "idempotency-key": `search-${input.customer_id}-${since}-${until}`,
      },
      body: { query },
      items: (body) => ZSearchPage.parse(body).results,
    });
    let currency: string | null = null;
    const rows: TCampaignSums[] = read.items.map((r) => {
      currency ??= r.customer?.currencyCode ?? null;
      return {
        id: String(r.campaign.id),
        name: r.campaign.name ?? null,
        spendCents: microsToCents(r.metrics.costMicros),
        impressions: count(r.metrics.impressions),
        clicks: count(r.metrics.clicks),
        conversions: decimal(r.metrics.conversions),
        valueCents: Math.round(decimal(r.metrics.conversionsValue) * 100),
      };
    });
    return campaignPerformance(rows, { since, until, currency, partial: read.partial, pages: read.pages });
  },
});

export const googleAdsTools = [googleAdsCampaignPerformance] as const;
