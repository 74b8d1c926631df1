// Stripe tools, on the REST API with the version the catalog pins (Stripe-Version 2025-03-31.basil: discounts are
// an array — ids unless expanded, each Discount with its coupon; the singular `discount` is gone). Lists page with
// `starting_after` + `has_more` (pagination.ts), at most 100 a page.
//
// The metrics, as the tool descriptions say (the usual SaaS definitions, as Stripe's own Billing analytics and
// ChartMogul use them):
//   MRR      Σ over subscriptions that are `active` or `past_due` (not trialing, canceled, incomplete, unpaid or
//            paused) of Σ items unit_amount × quantity, normalised to a month: month ÷ interval_count,
//            year ÷ (12 × interval_count), week × 52/12 ÷ interval_count, day × 365/12 ÷ interval_count; minus
//            discounts that are still running and recur (duration forever or repeating, not once): percent_off
//            multiplies, amount_off is taken off each billing period (so normalised the same way); item discounts
//            apply to their item, subscription discounts to the subscription; never below 0. Metered, tiered and
//            amount-less prices are left out (counted in `excluded_items`). Per currency.
//   churn    customer (logo) churn: of the customers paying at `since` (a subscription started, out of trial and not
//            ended), the share with no paying subscription at `until`. Moving to another plan or subscription —
//            an upgrade or downgrade — is not churn, since the customer still pays.
//   LTV      ARPU ÷ monthly churn, where ARPU = MRR ÷ paying customers now and monthly churn = 1 − (1 − c)^(30.4375/d)
//            for churn c over the last d days. Null when nobody churned (unbounded).
import { z } from "zod";
import { defineTool, type TToolContext } from "../define-tool";
import { fromCents, round } from "../money";

const DAY = 86_400;

// --- Wire formats ------------------------------------------------------------------------------------------

const ZCoupon = z.object({
  id: z.string(),
  percent_off: z.number().nullable().optional(),
  amount_off: z.number().nullable().optional(),
  currency: z.string().nullable().optional(),
  duration: z.enum(["forever", "once", "repeating"]),
});
const ZDiscount = z.union([
  z.string(), // not expanded
  z.object({ id: z.string(), coupon: ZCoupon, end: z.number().nullable().optional() }),
]);
const ZInterval = z.enum(["day", "week", "month", "year"]);
const ZItem = z.object({
  id: z.string(),
  quantity: z.number().nullable().optional(),
  discounts: z.array(ZDiscount).default([]),
  price: z.object({
    id: z.string(),
    currency: z.string(),
    unit_amount: z.number().nullable().optional(),
    billing_scheme: z.string().optional(),
    product: z.union([z.string(), z.object({ id: z.string() })]).optional(),
    recurring: z
      .object({ interval: ZInterval, interval_count: z.number(), usage_type: z.string().optional() })
      .nullable()
      .optional(),
  }),
});
const ZSubscription = z.object({
  id: z.string(),
  customer: z.union([z.string(), z.object({ id: z.string() })]),
  status: z.string(),
  created: z.number(),
  start_date: z.number(),
  canceled_at: z.number().nullable().optional(),
  ended_at: z.number().nullable().optional(),
  trial_end: z.number().nullable().optional(),
  currency: z.string(),
  discounts: z.array(ZDiscount).default([]),
  items: z.object({ data: z.array(ZItem) }),
});
type TSubscription = z.infer<typeof ZSubscription>;
type TDiscount = z.infer<typeof ZDiscount>;

const ZList = z.object({ object: z.literal("list"), data: z.array(ZSubscription), has_more: z.boolean() });

// --- The arithmetic (pure, exported for the unit test) -------------------------------------------------------

const PER_MONTH: Record<z.infer<typeof ZInterval>, number> = {
  day: 365 / 12,
  week: 52 / 12,
  month: 1,
  year: 1 / 12,
};

/** Factor turning one billing period's amount into a month's. */
export const monthlyFactor = (interval: z.infer<typeof ZInterval>, count: number) =>
  PER_MONTH[interval] / count;

const MRR_STATUSES = new Set(["active", "past_due"]);

function runningCoupons(discounts: TDiscount[], nowSec: number) {
  return discounts.flatMap((d) =>
    typeof d === "string" || d.coupon.duration === "once" || (d.end != null && d.end <= nowSec)
      ? []
      : [d.coupon],
  );
}

function applyCoupons(
  amount: number,
  coupons: z.infer<typeof ZCoupon>[],
  currency: string,
  factor: number,
): number {
  let v = amount;
  for (const c of coupons) {
    if (c.percent_off != null) v *= 1 - c.percent_off / 100;
    else if (c.amount_off != null && (c.currency ?? currency) === currency) v -= c.amount_off * factor;
  }
  return Math.max(0, v);
}

/** A subscription's MRR in minor units of its currency (0 when it does not count), and items left out. */
export function subscriptionMrr(s: TSubscription, nowSec: number): { cents: number; excluded: number } {
  if (!MRR_STATUSES.has(s.status)) return { cents: 0, excluded: 0 };
  let total = 0;
  let excluded = 0;
  let subFactor: number | null = null;
  for (const it of s.items.data) {
    const r = it.price.recurring;
    if (
      !r ||
      r.usage_type === "metered" ||
      it.price.billing_scheme === "tiered" ||
      it.price.unit_amount == null
    ) {
      excluded++;
      continue;
    }
    const factor = monthlyFactor(r.interval, r.interval_count);
    subFactor ??= factor;
    const monthly = it.price.unit_amount * (it.quantity ?? 1) * factor;
    total += applyCoupons(monthly, runningCoupons(it.discounts, nowSec), s.currency, factor);
  }
  total = applyCoupons(total, runningCoupons(s.discounts, nowSec), s.currency, subFactor ?? 1);
  return { cents: total, excluded };
}

const customerOf = (s: TSubscription) => (typeof s.customer === "string" ? s.customer : s.customer.id);

/** Was this subscription paying at `t` (unix seconds): started, out of trial, not ended, not stuck unpaid. */
export function payingAt(s: TSubscription, t: number): boolean {
  if (s.start_date > t) return false;
  if (s.trial_end != null && s.trial_end > t) return false;
  if (s.ended_at != null && s.ended_at <= t) return false;
  if (s.ended_at == null && ["incomplete", "incomplete_expired", "unpaid", "paused"].includes(s.status))
    return false;
  return true;
}

export function customerChurn(subs: TSubscription[], since: number, until: number) {
  const at = (t: number) => new Set(subs.filter((s) => payingAt(s, t)).map(customerOf));
  const start = at(since);
  const end = at(until);
  const churned = [...start].filter((c) => !end.has(c));
  const fresh = [...end].filter((c) => !start.has(c));
  return {
    start: start.size,
    end: end.size,
    churned: churned.length,
    new: fresh.length,
    rate: start.size ? churned.length / start.size : null,
  };
}

export function mrrByCurrency(subs: TSubscription[], nowSec: number) {
  const by = new Map<string, { cents: number; subscriptions: number; customers: Set<string> }>();
  let excluded = 0;
  for (const s of subs) {
    const m = subscriptionMrr(s, nowSec);
    excluded += m.excluded;
    if (!MRR_STATUSES.has(s.status)) continue;
    const e = by.get(s.currency) ?? { cents: 0, subscriptions: 0, customers: new Set<string>() };
    e.cents += m.cents;
    e.subscriptions++;
    e.customers.add(customerOf(s));
    by.set(s.currency, e);
  }
  return { by, excluded };
}

// --- Reading ---------------------------------------------------------------------------------------------

async function readSubscriptions(
  tctx: TToolContext,
  q: { status?: string; createdGte?: number; max?: number },
) {
  return tctx.paginate({
    path: "/subscriptions",
    query: {
      limit: 100,
      status: q.status ?? "all",
      "created[gte]": q.createdGte,
      "expand[0]": "data.discounts",
      "expand[1]": "data.items.data.discounts",
    },
    items: (body) => ZList.parse(body).data,
    maxItems: q.max,
    maxPages: q.max ? Math.ceil(q.max / 100) : 200,
  });
}

const ZPeriod = {
  since: z
    .string()
    .datetime({ offset: true })
    .optional()
    .describe("Start (ISO date-time); default 30 days before until"),
  until: z.string().datetime({ offset: true }).optional().describe("End (ISO date-time); default now"),
};

function period(tctx: TToolContext, input: { since?: string; until?: string }, days = 30) {
  const until = input.until ? Date.parse(input.until) : tctx.now().getTime();
  const since = input.since ? Date.parse(input.since) : until - days * DAY * 1000;
  return { since: Math.floor(since / 1000), until: Math.floor(until / 1000) };
}

const iso = (sec: number) => new Date(sec * 1000).toISOString();

function pickCurrency(by: Map<string, { cents: number }>, wanted?: string): string | null {
  if (wanted) return wanted.toLowerCase();
  let best: string | null = null;
  for (const [c, v] of by) if (best === null || v.cents > (by.get(best)?.cents ?? 0)) best = c;
  return best;
}

// --- Tools -------------------------------------------------------------------------------------------------

const ZSubscriptionRow = z.object({
  id: z.string(),
  customer: z.string(),
  status: z.string(),
  currency: z.string(),
  created: z.string(),
  canceled_at: z.string().nullable(),
  ended_at: z.string().nullable(),
  trial_end: z.string().nullable(),
  items: z.array(
    z.object({
      price: z.string(),
      unit_amount: z.number().nullable(),
      interval: z.string().nullable(),
      interval_count: z.number().nullable(),
      quantity: z.number(),
    }),
  ),
  mrr: z.number(),
});

export const stripeListSubscriptions = defineTool({
  name: "stripe.list_subscriptions",
  title: "List subscriptions",
  description:
    "Stripe subscriptions, newest first, with customer, status, items (price, unit amount in major units, billing interval, quantity) and each one's MRR contribution (see stripe.mrr for the definition; 0 unless active or past_due). status: any Stripe status, or all (default, includes canceled). Filter by creation date with created_since.",
  providers: ["stripe"],
  requiredScopes: [],
  access: "read",
  input: z.object({
    status: z
      .enum([
        "all",
        "active",
        "past_due",
        "unpaid",
        "canceled",
        "incomplete",
        "incomplete_expired",
        "trialing",
        "paused",
        "ended",
      ])
      .default("all"),
    created_since: z.string().datetime({ offset: true }).optional(),
    max_results: z.coerce.number().int().min(1).max(10_000).default(1_000),
  }),
  output: z.object({
    subscriptions: z.array(ZSubscriptionRow),
    count: z.number().int(),
    partial: z.boolean(),
    pages: z.number().int(),
  }),
  run: async (tctx, input) => {
    const nowSec = Math.floor(tctx.now().getTime() / 1000);
    const page = await readSubscriptions(tctx, {
      status: input.status,
      createdGte: input.created_since ? Math.floor(Date.parse(input.created_since) / 1000) : undefined,
      max: input.max_results,
    });
    const subscriptions = page.items.slice(0, input.max_results).map((s) => ({
      id: s.id,
      customer: customerOf(s),
      status: s.status,
      currency: s.currency,
      created: iso(s.created),
      canceled_at: s.canceled_at != null ? iso(s.canceled_at) : null,
      ended_at: s.ended_at != null ? iso(s.ended_at) : null,
      trial_end: s.trial_end != null ? iso(s.trial_end) : null,
      items: s.items.data.map((it) => ({
        price: it.price.id,
        unit_amount: it.price.unit_amount != null ? fromCents(it.price.unit_amount) : null,
        interval: it.price.recurring?.interval ?? null,
        interval_count: it.price.recurring?.interval_count ?? null,
        quantity: it.quantity ?? 1,
      })),
      mrr: fromCents(subscriptionMrr(s, nowSec).cents),
    }));
    return { subscriptions, count: subscriptions.length, partial: page.partial, pages: page.pages };
  },
});

export const stripeMrr = defineTool({
  name: "stripe.mrr",
  title: "Monthly recurring revenue",
  description:
    "MRR now, per currency, in major units. Definition: over subscriptions that are active or past_due (trialing, canceled, incomplete, unpaid and paused are excluded), the sum of each item's unit_amount × quantity normalised to a month (month ÷ interval_count; year ÷ 12·interval_count; week × 52/12 ÷ interval_count; day × 365/12 ÷ interval_count), less running recurring discounts (forever or repeating coupons, not once: percent_off multiplies, amount_off is taken off per billing period, item discounts on their item, subscription discounts on the total, never below 0). Metered and tiered prices are left out and counted in excluded_items. `mrr` is for `currency` (default: the currency with the most MRR); `by_currency` lists them all. ARPU = MRR ÷ paying customers.",
  providers: ["stripe"],
  requiredScopes: [],
  access: "read",
  input: z.object({
    currency: z
      .string()
      .regex(/^[a-zA-Z]{3}$/)
      .optional()
      .describe("ISO currency, e.g. usd"),
  }),
  output: z.object({
    currency: z.string().nullable(),
    mrr: z.number(),
    arr: z.number(),
    active_subscriptions: z.number().int(),
    paying_customers: z.number().int(),
    arpu: z.number().nullable(),
    by_currency: z.array(
      z.object({
        currency: z.string(),
        mrr: z.number(),
        subscriptions: z.number().int(),
        customers: z.number().int(),
      }),
    ),
    excluded_items: z.number().int(),
    partial: z.boolean(),
  }),
  run: async (tctx, input) => {
    const nowSec = Math.floor(tctx.now().getTime() / 1000);
    const page = await readSubscriptions(tctx, { status: "all" });
    const { by, excluded } = mrrByCurrency(page.items, nowSec);
    const currency = pickCurrency(by, input.currency);
    const main = currency ? by.get(currency) : undefined;
    const mrrCents = main?.cents ?? 0;
    return {
      currency,
      mrr: fromCents(mrrCents),
      arr: fromCents(mrrCents * 12),
      active_subscriptions: main?.subscriptions ?? 0,
      paying_customers: main?.customers.size ?? 0,
      arpu: main?.customers.size ? fromCents(mrrCents / main.customers.size) : null,
      by_currency: [...by.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([c, v]) => ({
          currency: c,
          mrr: fromCents(v.cents),
          subscriptions: v.subscriptions,
          customers: v.customers.size,
        })),
      excluded_items: excluded,
      partial: page.partial,
    };
  },
});

export const stripeChurnRate = defineTool({
  name: "stripe.churn_rate",
  title: "Customer churn rate over a period",
  description:
    "Customer (logo) churn over [since, until] (default: the last 30 days). Definition: customers paying at `since` = customers with a subscription started, out of trial and not ended at that moment; churned = those of them with no paying subscription at `until`; rate = churned ÷ customers at start (null when there were none). Upgrades, downgrades and plan switches are not churn: the customer still pays at the end. Also returns customers at the end and new customers (paying at the end, not at the start).",
  providers: ["stripe"],
  requiredScopes: [],
  access: "read",
  input: z.object(ZPeriod),
  output: z.object({
    since: z.string(),
    until: z.string(),
    customers_at_start: z.number().int(),
    customers_at_end: z.number().int(),
    churned_customers: z.number().int(),
    new_customers: z.number().int(),
    churn_rate: z.number().nullable(),
    partial: z.boolean(),
  }),
  run: async (tctx, input) => {
    const p = period(tctx, input);
    const page = await readSubscriptions(tctx, { status: "all" });
    const c = customerChurn(page.items, p.since, p.until);
    return {
      since: iso(p.since),
      until: iso(p.until),
      customers_at_start: c.start,
      customers_at_end: c.end,
      churned_customers: c.churned,
      new_customers: c.new,
      churn_rate: c.rate === null ? null : round(c.rate, 4),
      partial: page.partial,
    };
  },
});

export const stripeLtv = defineTool({
  name: "stripe.ltv",
  title: "Customer lifetime value",
  description:
    "LTV = ARPU ÷ monthly customer churn. ARPU = MRR ÷ paying customers now (MRR as stripe.mrr defines it, in `currency`, default the currency with the most MRR). Monthly churn = 1 − (1 − c)^(30.4375 / days), c being the customer churn (as stripe.churn_rate defines it) over the last `days` days (default 90). LTV is null when no customer churned in that window (unbounded).",
  providers: ["stripe"],
  requiredScopes: [],
  access: "read",
  input: z.object({
    days: z.coerce.number().int().min(7).max(730).default(90),
    currency: z
      .string()
      .regex(/^[a-zA-Z]{3}$/)
      .optional(),
  }),
  output: z.object({
    currency: z.string().nullable(),
    arpu: z.number().nullable(),
    monthly_churn_rate: z.number().nullable(),
    ltv: z.number().nullable(),
    window_days: z.number().int(),
    period_churn_rate: z.number().nullable(),
    partial: z.boolean(),
  }),
  run: async (tctx, input) => {
    const nowSec = Math.floor(tctx.now().getTime() / 1000);
    const page = await readSubscriptions(tctx, { status: "all" });
    const { by } = mrrByCurrency(page.items, nowSec);
    const currency = pickCurrency(by, input.currency);
    const main = currency ? by.get(currency) : undefined;
    const arpuCents = main?.customers.size ? main.cents / main.customers.size : null;
    const c = customerChurn(page.items, nowSec - input.days * DAY, nowSec).rate;
    const monthly = c === null ? null : 1 - (1 - c) ** (30.4375 / input.days);
    return {
      currency,
      arpu: arpuCents === null ? null : fromCents(arpuCents),
      monthly_churn_rate: monthly === null ? null : round(monthly, 4),
      ltv: arpuCents !== null && monthly ? fromCents(arpuCents / monthly) : null,
      window_days: input.days,
      period_churn_rate: c === null ? null : round(c, 4),
      partial: page.partial,
    };
  },
});

export const stripeTools = [stripeListSubscriptions, stripeMrr, stripeChurnRate, stripeLtv];
