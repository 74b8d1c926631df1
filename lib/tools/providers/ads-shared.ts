// What the three ad platforms' campaign tools share: the period input, one output shape, and the metric
// definitions — so "ROAS" means the same at Meta, Google and TikTok, and an agent can compare them.
//
//   spend        what the platform charged in the period, in the ad account's currency
//   conversions  the platform's attributed purchase conversions (its default attribution window)
//   value        the attributed conversion value of those purchases, in the same currency
//   ROAS         value / spend. Zero spend → null (undefined, not 0 and not infinite), and the tool says which
//                campaigns that was. The total ROAS is total value / total spend — not the average of the
//                campaigns' ROAS — and counts the value of zero-spend campaigns.
import { z } from "zod";
import { AppError } from "@/lib/errors";
import type { TToolContext } from "../define-tool";
import { fromCents, round } from "../money";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const ZAdsPeriodInput = {
  since: z
    .string()
    .regex(ISO_DATE, "a date as YYYY-MM-DD")
    .optional()
    .describe(
      "First day of the period (YYYY-MM-DD, in the account's or property's time zone). Default: 30 days before until.",
    ),
  until: z
    .string()
    .regex(ISO_DATE, "a date as YYYY-MM-DD")
    .optional()
    .describe("Last day of the period, inclusive (YYYY-MM-DD). Default: yesterday."),
};

export const MAX_PERIOD_DAYS = 400;

const DAY_MS = 86_400_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The period asked for, with defaults from tctx.now(); throws a 422 for a reversed or huge range. */
export function resolvePeriod(
  tctx: Pick<TToolContext, "now">,
  input: { since?: string | undefined; until?: string | undefined },
): { since: string; until: string } {
  const until = input.until ?? isoDay(new Date(tctx.now().getTime() - DAY_MS));
  const since = input.since ?? isoDay(new Date(Date.parse(`${until}T00:00:00Z`) - 29 * DAY_MS));
  const days = (Date.parse(`${until}T00:00:00Z`) - Date.parse(`${since}T00:00:00Z`)) / DAY_MS + 1;
  if (!Number.isFinite(days) || days < 1)
    throw periodError(`since (${since}) must be on or before until (${until}).`);
  if (days > MAX_PERIOD_DAYS)
    throw periodError(`The period is ${String(days)} days; at most ${String(MAX_PERIOD_DAYS)}.`);
  return { since, until };
}

/** A period the caller got wrong: a 422 with the field, like any other input error. */
function periodError(message: string): AppError {
  return new AppError("validation_failed", {
    message,
    details: { issues: [{ path: "input.since", message }] },
  });
}

/** ROAS as defined above: null when there was no spend. Four decimals. */
export function roas(valueCents: number, spendCents: number): number | null {
  return spendCents > 0 ? round(valueCents / spendCents, 4) : null;
}

export type TCampaignSums = {
  id: string;
  name: string | null;
  spendCents: number;
  impressions: number;
  clicks: number;
  /** conversions can be fractional (Google Ads' data-driven attribution) */
  conversions: number;
  valueCents: number;
};

export const ZCampaignPerformance = z.object({
  id: z.string(),
  name: z.string().nullable(),
  spend: z.number(),
  impressions: z.number().int(),
  clicks: z.number().int(),
  conversions: z.number(),
  conversion_value: z.number(),
  roas: z.number().nullable().describe("conversion_value / spend; null when spend is 0"),
});

export const ZCampaignPerformanceOutput = z.object({
  period: z.object({ since: z.string(), until: z.string() }),
  currency: z.string().nullable().describe("the ad account's currency (null when the platform does not say)"),
  campaigns: z.array(ZCampaignPerformance),
  totals: ZCampaignPerformance.omit({ id: true, name: true }),
  notes: z
    .array(z.string())
    .describe("what to know before using the figures (zero-spend ROAS, partial reads)"),
  partial: z
    .boolean()
    .describe("true when the page cap or time budget stopped reading; the list is a prefix"),
  pages: z.number().int(),
});
export type TCampaignPerformanceOutput = z.input<typeof ZCampaignPerformanceOutput>;

export const ROAS_DEFINITION =
  "ROAS = attributed conversion value / spend for the period; when spend is 0 the ROAS is null (not 0), and the notes list those campaigns. The totals' ROAS is total value / total spend (not an average of campaign ROAS).";

/** Builds the shared output from per-campaign sums (campaigns listed in the platform's order). */
export function campaignPerformance(
  rows: readonly TCampaignSums[],
  opts: {
    since: string;
    until: string;
    currency: string | null;
    partial: boolean;
    pages: number;
    notes?: string[];
  },
): TCampaignPerformanceOutput {
  const notes = [...(opts.notes ?? [])];
  const total = { spendCents: 0, impressions: 0, clicks: 0, conversions: 0, valueCents: 0 };
  const campaigns = rows.map((r) => {
    total.spendCents += r.spendCents;
    total.impressions += r.impressions;
    total.clicks += r.clicks;
    total.conversions += r.conversions;
    total.valueCents += r.valueCents;
    return {
      id: r.id,
      name: r.name,
      spend: fromCents(r.spendCents),
      impressions: r.impressions,
      clicks: r.clicks,
      conversions: round(r.conversions, 2),
      conversion_value: fromCents(r.valueCents),
      roas: roas(r.valueCents, r.spendCents),
    };
  });
  const zeroSpend = rows.filter((r) => r.spendCents <= 0);
  if (zeroSpend.length > 0) {
    notes.push(
      `ROAS is null for ${String(zeroSpend.length)} campaign(s) with zero spend in the period: ${zeroSpend
        .map((r) => `${r.name ?? "(unnamed)"} (${r.id})`)
        .join(", ")}.`,
    );
  }
  if (opts.partial)
    notes.push(
      "Reading stopped before the last page (page cap or time budget): totals cover only the campaigns listed.",
    );
  return {
    period: { since: opts.since, until: opts.until },
    currency: opts.currency,
    campaigns,
    totals: {
      spend: fromCents(total.spendCents),
      impressions: total.impressions,
      clicks: total.clicks,
      conversions: round(total.conversions, 2),
      conversion_value: fromCents(total.valueCents),
      roas: roas(total.valueCents, total.spendCents),
    },
    notes,
    partial: opts.partial,
    pages: opts.pages,
  };
}

/** Integer count from a provider's string or number ("15000", 15000, undefined → 0). */
export function count(v: unknown): number {
  const n = typeof v === "number" ? v : typeof v === "string" && v !== "" ? Number(v) : 0;
  return Number.isFinite(n) ? Math.round(n) : 0;
}

/** A decimal amount from a string or number, as cents. */
export function cents(v: unknown): number {
  const n = typeof v === "number" ? v : typeof v === "string" && v !== "" ? Number(v) : 0;
  return Number.isFinite(n) ? Math.round(n * 100) : 0;
}

/** A fractional number (conversions) from a string or number. */
export function decimal(v: unknown): number {
  const n = typeof v === "number" ? v : typeof v === "string" && v !== "" ? Number(v) : 0;
  return Number.isFinite(n) ? n : 0;
}
