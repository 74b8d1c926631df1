// Meta Ads tools, on the Marketing API's insights edge (GET /act_{id}/insights, the Graph version pinned in the
// catalog's API base). Pages follow `paging.next` (pagination.ts: Meta's `next_url`); insights numbers arrive as
// decimal strings; purchases and their value sit in the `actions` / `action_values` arrays, where one purchase
// is reported under several overlapping action types — so exactly one type is read, never their sum.
import { z } from "zod";
import { AppError } from "@/lib/errors";
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

const ZAction = z.object({ action_type: z.string(), value: z.union([z.string(), z.number()]) });
const ZInsightRow = z.object({
  campaign_id: z.string(),
  campaign_name: z.string().optional(),
  account_currency: z.string().optional(),
  spend: z.union([z.string(), z.number()]).optional(),
  impressions: z.union([z.string(), z.number()]).optional(),
  clicks: z.union([z.string(), z.number()]).optional(),
  actions: z.array(ZAction).optional(),
  action_values: z.array(ZAction).optional(),
});
type TInsightRow = z.infer<typeof ZInsightRow>;
const ZInsightsPage = z.object({ data: z.array(ZInsightRow) });

const FIELDS = "campaign_id,campaign_name,account_currency,spend,impressions,clicks,actions,action_values";

// Meta refuses a throttled app, user or ad account with HTTP 400 and one of these codes (the proxy retries only 429s
// and 5xx): the tool says it is a rate limit (429), not a bad request. https://developers.facebook.com/docs/graph-api/overview/rate-limiting
const THROTTLE_CODES = /^\(#(4|17|32|613|8000[0-9]|8001[0-4])\)/;

function asThrottle(err: unknown): unknown {
  if (!(err instanceof ToolError) || err.kind !== "provider_error") return err;
  const details = (err.details ?? {}) as Record<string, unknown>;
  const said = typeof details.provider_message === "string" ? details.provider_message : "";
  if (!THROTTLE_CODES.test(said)) return err;
  return new ToolError(
    "provider_error",
    "rate_limited",
    `Meta is throttling calls for this ad account or app; try again later (Meta said: ${said})`,
    details,
  );
}

const ZAdAccounts = z.object({
  data: z.array(
    z.object({ id: z.string(), name: z.string().optional(), account_status: z.number().optional() }),
  ),
});

/** The ad account given, or the only one the token can read; several → the caller chooses (400 listing them). */
async function adAccount(tctx: TToolContext, given: string | undefined): Promise<string> {
  if (given) return given.replace(/^act_/, "");
  const list = ZAdAccounts.parse(
    await tctx.json({ path: "/me/adaccounts", query: { fields: "id,name,account_status", limit: 100 } }),
  ).data;
  const only = list.length === 1 ? list[0] : undefined;
  if (only) return only.id.replace(/^act_/, "");
  throw new AppError("bad_request", {
    message:
      list.length === 0
        ? "This Meta connection can read no ad account."
        : `This Meta connection can read ${String(list.length)} ad accounts; say which one in ad_account_id.`,
    details: { ad_accounts: list.map((a) => ({ id: a.id, name: a.name ?? null })) },
  });
}

const ofType = (list: TInsightRow["actions"], type: string): unknown =>
  list?.find((a) => a.action_type === type)?.value;

export const metaCampaignPerformance = defineTool({
  name: "meta_ads.campaign_performance",
  title: "Meta Ads campaign performance",
  description: `Spend, impressions, clicks, purchase conversions, conversion value and ROAS per campaign of one Meta (Facebook/Instagram) ad account for a date range, with totals. Use it to compare campaigns or to answer "what did we spend and what did it return". Conversions and value are the ad account's attributed events of one action type (default omni_purchase: purchases across web, app and offline, as Ads Manager's "Purchases"), in Meta's default attribution window. ${ROAS_DEFINITION} Amounts are in the ad account's currency. Campaigns with no delivery and no conversions in the period are not listed.`,
  providers: ["meta-ads"],
  requiredScopes: ["ads_read"],
  access: "read",
  input: z.object({
    ad_account_id: z
      .string()
      .regex(/^(act_)?\d{1,20}$/, "the numeric ad account id, with or without act_")
      .optional()
      .describe(
        "The ad account, e.g. act_123456789012345. Default: the only ad account the connection can read (with several, the error lists them).",
      ),
    ...ZAdsPeriodInput,
    conversion_action_type: z
      .string()
      .regex(/^[a-z0-9_.]+$/)
      .default("omni_purchase")
      .describe(
        "Which Meta action type counts as a conversion (e.g. omni_purchase, offsite_conversion.fb_pixel_purchase, lead).",
      ),
  }),
  output: ZCampaignPerformanceOutput,
  run: async (tctx, input) => {
    const { since, until } = resolvePeriod(tctx, input);
    const account = await adAccount(tctx, input.ad_account_id);
    const read = await tctx
      .paginate({
        path: `/act_${account}/insights`,
        query: {
          level: "campaign",
          fields: FIELDS,
          time_range: JSON.stringify({ since, until }),
          limit: 500,
        },
        items: (body) => ZInsightsPage.parse(body).data,
      })
      .catch((err: unknown) => {
        throw asThrottle(err);
      });
    let currency: string | null = null;
    const rows: TCampaignSums[] = read.items.map((r) => {
      currency ??= r.account_currency ?? null;
      return {
        id: r.campaign_id,
        name: r.campaign_name ?? null,
        spendCents: cents(r.spend),
        impressions: count(r.impressions),
        clicks: count(r.clicks),
        conversions: decimal(ofType(r.actions, input.conversion_action_type)),
        valueCents: cents(ofType(r.action_values, input.conversion_action_type)),
      };
    });
    return campaignPerformance(rows, { since, until, currency, partial: read.partial, pages: read.pages });
  },
});

export const metaAdsTools = [metaCampaignPerformance] as const;
