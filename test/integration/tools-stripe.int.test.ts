// Stripe tools against the fake Stripe (e2e/fixtures/fake-providers/stripe-billing.ts) over HTTP, through the real
// proxy core: starting_after pages across the boundary, Stripe's error shape as a tool error, a 429 retried, and
// MRR, churn and LTV checked against figures computed by hand in the comments.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  maskStripeKey,
  startFakeStripe,
  stripeCoupon,
  stripeSubscription,
  type FakeStripeHandle,
} from "@/e2e/fixtures/fake-providers";
import { setOutboundHostMapForTests, setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { closeProxyAgentsForTests } from "@/lib/proxy/agent";
import { resetThrottleForTests } from "@/lib/proxy/throttle";
import { makeToolConnection, postTool, run, runError, toolTeam, type TToolTeam } from "../tool-fixtures";

const KEY = "sk_test_toolsStripeKey0123456789";
let fake: FakeStripeHandle;
const t = (iso: string) => Math.floor(Date.parse(iso) / 1000);
const NOW = new Date("2025-06-01T00:00:00Z");

beforeEach(async () => {
  setOutboundPolicyForTests({ allowPrivate: true });
  resetThrottleForTests();
  fake = await startFakeStripe({ validKeys: [KEY] });
  setOutboundHostMapForTests({ "api.stripe.com": fake.url });
});
afterEach(async () => {
  setOutboundPolicyForTests(undefined);
  setOutboundHostMapForTests(undefined);
  await closeProxyAgentsForTests();
  await fake.close();
});

const stripeConnection = (team: TToolTeam, key = KEY) =>
  makeToolConnection(team, "stripe", "api_key", { type: "api_key", api_key: key });

const subsCalls = () => fake.requestsTo("/v1/subscriptions");

describe("stripe.list_subscriptions", () => {
  it("pages with starting_after across the boundary: 250 subscriptions in 3 pages, none twice", async () => {
    fake.billing.data.subscriptions = Array.from({ length: 250 }, (_, i) =>
      stripeSubscription({
        id: `sub_${String(i).padStart(4, "0")}`,
        customer: `cus_${i}`,
        status: "active",
        created: t("2025-01-01T00:00:00Z") + i * 60,
        items: [{ price: 1000, interval: "month" }],
      }),
    );
    const team = await toolTeam();
    const id = await stripeConnection(team);
    const res = await run(team, id, "stripe.list_subscriptions", {}, NOW);
    const data = res.data as { subscriptions: { id: string; mrr: number }[]; count: number; pages: number };
    expect(data.count).toBe(250);
    expect(new Set(data.subscriptions.map((s) => s.id)).size).toBe(250);
    expect(data.subscriptions[0]!.id).toBe("sub_0249"); // newest first
    expect(data.subscriptions[100]!.id).toBe("sub_0149"); // the first of page 2 follows the last of page 1
    expect(data.subscriptions[0]!.mrr).toBe(10);
    const calls = subsCalls();
    expect(calls).toHaveLength(3);
    expect(calls[0]!.query).toMatchObject({ limit: "100", status: "all", "expand[0]": "data.discounts" });
    expect(calls[1]!.query.starting_after).toBe("sub_0150");
    expect(calls[2]!.query.starting_after).toBe("sub_0050");
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(calls[0]!.headers["stripe-version"]).toBe("2025-03-31.basil");
  });

  it("Stripe's error is a clear tool error (its message and code); a 429 is retried", async () => {
    const team = await toolTeam();
    const revoked = "sk_test_revokedKey0123456789abcd";
    const id = await stripeConnection(team, revoked);
    const err = await runError(run(team, id, "stripe.list_subscriptions", {}));
    expect(err.status).toBe(502);
    expect(err.message).toBe(
      `stripe answered 401: Invalid API Key provided: ${maskStripeKey(revoked)} (invalid_request_error)`,
    );
    expect(err.details).toMatchObject({ kind: "provider_error", provider_status: 401 });

    const ok = await stripeConnection(team);
    fake.setMode("429", 1);
    const before = subsCalls().length;
    const res = await run(team, ok, "stripe.list_subscriptions", {});
    expect((res.data as { count: number }).count).toBe(0);
    expect(subsCalls().length - before).toBe(2);
  });
});

describe("stripe.mrr", () => {
  it("normalises intervals and quantities, applies recurring discounts, leaves out trials and cancellations", async () => {
    const created = t("2025-01-01T00:00:00Z");
    const s = (
      id: string,
      status: Parameters<typeof stripeSubscription>[0]["status"],
      items: Parameters<typeof stripeSubscription>[0]["items"],
      extra: Partial<Parameters<typeof stripeSubscription>[0]> = {},
    ) => stripeSubscription({ id, customer: `cus_${id}`, status, created, items, ...extra });
    fake.billing.data.subscriptions = [
      s("a", "active", [{ price: 5000, interval: "month" }]), //                                       $50.00
      s("b", "active", [{ price: 120000, interval: "year" }]), //                           $1200 / 12 = $100.00
      s("c", "active", [
        { price: 2000, interval: "month", quantity: 3 },
        { price: 1, interval: "month", metered: true },
      ]), // $60.00 (+1 metered item left out)
      s("d", "active", [{ price: 10000, interval: "month" }], {
        discounts: [stripeCoupon("25off", { percent: 25 })],
      }), // $75.00
      s("e", "active", [{ price: 4000, interval: "month" }], {
        discounts: [stripeCoupon("10usd", { amount: 1000 })],
      }), // $30.00
      s("f", "active", [{ price: 9000, interval: "month", intervalCount: 3 }]), //         $90 / 3 = $30.00
      s("g", "trialing", [{ price: 99900, interval: "month" }], { trialEnd: t("2025-06-15T00:00:00Z") }), // excluded
      s("h", "canceled", [{ price: 50000, interval: "month" }], { endedAt: t("2025-03-01T00:00:00Z") }), // excluded
      s("i", "active", [{ price: 3000, interval: "month" }], {
        discounts: [stripeCoupon("half-once", { percent: 50 }, "once")],
      }), // $30.00 (a once coupon is not recurring)
      s("j", "past_due", [{ price: 1200, interval: "week" }]), //                        $12 × 52 / 12 = $52.00
      s("k", "active", [{ price: 1000, interval: "month", currency: "eur" }]), //                     €10.00
    ];
    const team = await toolTeam();
    const id = await stripeConnection(team);
    const res = await run(team, id, "stripe.mrr", {}, NOW);
    // 50 + 100 + 60 + 75 + 30 + 30 + 30 + 52 = 427.00 over 8 paying customers → ARPU 53.375 → 53.38
    expect(res.data).toEqual({
      currency: "usd",
      mrr: 427,
      arr: 5124,
      active_subscriptions: 8,
      paying_customers: 8,
      arpu: 53.38,
      by_currency: [
        { currency: "eur", mrr: 10, subscriptions: 1, customers: 1 },
        { currency: "usd", mrr: 427, subscriptions: 8, customers: 8 },
      ],
      excluded_items: 1,
      partial: false,
    });
    const eur = await postTool(team.key, id, "stripe.mrr", { currency: "EUR" });
    expect(((await eur.json()) as { data: { mrr: number } }).data.mrr).toBe(10);
  });
});

describe("stripe.churn_rate and stripe.ltv", () => {
  // May 2025. c1 upgrades (cancels one subscription, starts another): not churn. c2 cancels: churn. c3, c7 (past
  // due) stay. c4 was in trial on May 1st: not a customer at the start, new at the end. c5 left in April. c6 is
  // new. c8 cancelled at period end, which is after May: still paying on June 1st.
  // Start {c1 c2 c3 c7 c8} = 5, end {c1 c3 c4 c6 c7 c8} = 6, churned {c2} → 1 / 5 = 0.2, new {c4 c6} = 2.
  function may() {
    const m = (
      id: string,
      customer: string,
      status: Parameters<typeof stripeSubscription>[0]["status"],
      start: string,
      extra: Partial<Parameters<typeof stripeSubscription>[0]> = {},
    ) =>
      stripeSubscription({
        id,
        customer,
        status,
        created: t(start),
        items: [{ price: 10000, interval: "month" }],
        ...extra,
      });
    return [
      m("s1a", "c1", "canceled", "2025-01-01T00:00:00Z", {
        canceledAt: t("2025-05-15T00:00:00Z"),
        endedAt: t("2025-05-15T00:00:00Z"),
      }),
      m("s1b", "c1", "active", "2025-05-15T00:00:00Z"),
      m("s2", "c2", "canceled", "2025-02-01T00:00:00Z", {
        canceledAt: t("2025-05-20T00:00:00Z"),
        endedAt: t("2025-05-20T00:00:00Z"),
      }),
      m("s3", "c3", "active", "2025-03-01T00:00:00Z"),
      m("s4", "c4", "active", "2025-04-20T00:00:00Z", { trialEnd: t("2025-05-04T00:00:00Z") }),
      m("s5", "c5", "canceled", "2025-01-01T00:00:00Z", {
        canceledAt: t("2025-04-10T00:00:00Z"),
        endedAt: t("2025-04-10T00:00:00Z"),
      }),
      m("s6", "c6", "active", "2025-05-10T00:00:00Z"),
      m("s7", "c7", "past_due", "2025-01-01T00:00:00Z"),
      m("s8", "c8", "active", "2025-01-01T00:00:00Z", { canceledAt: t("2025-05-25T00:00:00Z") }),
    ];
  }

  it("customer churn over May: upgrades are not churn", async () => {
    fake.billing.data.subscriptions = may();
    const team = await toolTeam();
    const id = await stripeConnection(team);
    const res = await run(team, id, "stripe.churn_rate", {
      since: "2025-05-01T00:00:00Z",
      until: "2025-06-01T00:00:00Z",
    });
    expect(res.data).toEqual({
      since: "2025-05-01T00:00:00.000Z",
      until: "2025-06-01T00:00:00.000Z",
      customers_at_start: 5,
      customers_at_end: 6,
      churned_customers: 1,
      new_customers: 2,
      churn_rate: 0.2,
      partial: false,
    });
  });

  it("LTV = ARPU / monthly churn", async () => {
    fake.billing.data.subscriptions = may();
    const team = await toolTeam();
    const id = await stripeConnection(team);
    // Now June 1st, 31-day window = May: c = 0.2; monthly = 1 − 0.8^(30.4375/31) = 0.19676 → 0.1968.
    // MRR: s1b, s3, s4, s6, s7, s8 at $100 = $600 over 6 customers → ARPU $100; LTV = 100 / 0.19676 = $508.25.
    const res = await run(team, id, "stripe.ltv", { days: 31 }, NOW);
    expect(res.data).toEqual({
      currency: "usd",
      arpu: 100,
      monthly_churn_rate: 0.1968,
      ltv: 508.25,
      window_days: 31,
      period_churn_rate: 0.2,
      partial: false,
    });
  });
});
