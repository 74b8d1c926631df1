// Klaviyo, PostHog and GA4 tools against their fakes (e2e/fixtures/fake-providers/klaviyo-api.ts, posthog-api.ts,
// ga4-api.ts) over HTTP, through the real proxy core and a real database: multi-page lists across the boundary,
// the provider's error as a clear tool error, a 429 retried, a missing scope refused before any request (for the
// OAuth connections; a PostHog personal key's scopes are PostHog's to enforce), and the metrics checked against
// the figures worked out by hand in each fake's header.
import { describe, expect, it } from "vitest";
import {
  startFakeGa4,
  startFakeKlaviyoApi,
  startFakePostHogApi,
  type FakeHandle,
} from "@/e2e/fixtures/fake-providers";
import { viewOf } from "@/components/tools/tool-result-view";
import { setOutboundHostMapForTests } from "@/lib/outbound/guarded-fetch";
import { makeToolConnection, postTool, run, runError, toolTeam } from "../tool-fixtures";
import { proxyTestHooks } from "../proxy-fixtures";

let fakes: FakeHandle[] = [];
proxyTestHooks(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

const PERIOD = { since: "2026-11-01", until: "2026-11-03" };

// ---------------------------------------------------------------------------------------------------------------

describe("klaviyo", () => {
  const ALL = ["campaigns:read", "flows:read", "segments:read"];
  async function setup(opts: { granted?: string[]; authMode?: "api_key" | "oauth2" } = {}) {
    const fake = await startFakeKlaviyoApi({
      keys: { pk_toolsKlaviyo0123456789abcd: ALL, klaviyoOAuthToken: ALL },
      pageSize: 2,
    });
    fakes.push(fake);
    setOutboundHostMapForTests({ "a.klaviyo.com": fake.url });
    const team = await toolTeam();
    const id =
      opts.authMode === "oauth2"
        ? await makeToolConnection(
            team,
            "klaviyo",
            "oauth2",
            { type: "oauth2", access_token: "klaviyoOAuthToken", extra: {} },
            { scopes: opts.granted ?? ALL },
          )
        : await makeToolConnection(team, "klaviyo", "api_key", {
            type: "api_key",
            api_key: "pk_toolsKlaviyo0123456789abcd",
          });
    return { fake, team, id };
  }

  it("list_campaigns follows links.next (page[cursor]) over 3 pages; the channel filter rides every page", async () => {
    const { fake, team, id } = await setup();
    const res = await run(team, id, "klaviyo.list_campaigns", {});
    const data = res.data as {
      campaigns: { id: string; status: string; sent_at: string | null }[];
      pages: number;
      partial: boolean;
    };
    expect(data.campaigns.map((c) => c.id.slice(-2))).toEqual(["01", "02", "03", "04", "05", "06"]);
    expect(data.campaigns[0]).toMatchObject({ status: "Sent", sent_at: "2026-11-20T15:00:00+00:00" });
    expect(data.campaigns[3]).toMatchObject({ status: "Draft", sent_at: null });
    expect(data).toMatchObject({ pages: 3, partial: false });
    const calls = fake.requestsTo("/api/campaigns/");
    expect(calls).toHaveLength(3);
    expect(calls[1]?.query["page[cursor]"]).toBeTruthy();
    for (const c of calls) {
      expect(c.query.filter).toBe("equals(messages.channel,'email')");
      expect(c.headers.authorization).toBe("Klaviyo-API-Key pk_toolsKlaviyo0123456789abcd");
      expect(c.headers.revision).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
    const sms = await run(team, id, "klaviyo.list_campaigns", { channel: "sms" });
    expect((sms.data as { campaigns: { name: string }[] }).campaigns.map((c) => c.name)).toEqual([
      "Flash sale SMS",
    ]);
  });

  it("max_results stops early with partial: true", async () => {
    const { team, id } = await setup();
    const res = await run(team, id, "klaviyo.list_campaigns", { max_results: 3 });
    const data = res.data as { campaigns: unknown[]; partial: boolean; pages: number };
    expect(data.campaigns).toHaveLength(3);
    expect(data).toMatchObject({ partial: true, pages: 2 });
    expect(res.partial).toEqual({ reason: "max_items" });
  });

  it("flows and segments (profile counts) across pages", async () => {
    const { team, id } = await setup();
    const flows = (await run(team, id, "klaviyo.list_flows", {})).data as {
      flows: { name: string; status: string }[];
      live: number;
      pages: number;
    };
    expect(flows.flows.map((f) => f.status)).toEqual(["live", "draft", "manual"]);
    expect(flows).toMatchObject({ live: 1, pages: 2 });
    const segs = (await run(team, id, "klaviyo.list_segments", {})).data as {
      segments: { name: string; profile_count: number | null; active: boolean | null }[];
      pages: number;
    };
    expect(segs.segments.map((s) => [s.name, s.profile_count, s.active])).toEqual([
      ["Engaged 30 days", 1520, true],
      ["VIP (empty)", 0, true],
      ["Lapsed buyers", 87, false],
    ]);
    expect(segs.pages).toBe(2);
  });

  it("campaign_performance: rates from opens / delivered, null when nothing was delivered — by hand", async () => {
    const { fake, team, id } = await setup();
    const res = await run(team, id, "klaviyo.campaign_performance", { conversion_metric_id: "RevMetric" });
    const data = res.data as {
      campaigns: {
        campaign_id: string;
        open_rate: number | null;
        click_rate: number | null;
        conversion_value: number;
      }[];
      totals: Record<string, number | null>;
    };
    const byId = Object.fromEntries(data.campaigns.map((c) => [c.campaign_id.slice(-2), c]));
    expect(byId["01"]).toMatchObject({ open_rate: 0.4, click_rate: 0.05, conversion_value: 1234.5 }); // 400/1000, 50/1000
    expect(byId["02"]).toMatchObject({ open_rate: 0.2, click_rate: 0.05, conversion_value: 0 }); // 100/500, 25/500
    expect(byId["03"]).toMatchObject({ open_rate: null, click_rate: null }); // 0 delivered: Klaviyo says 0, we say null
    // totals: recipients 1000+500+0+300, delivered 1000+500+0+290, opens 500, clicks 115, value 1234.5+410
    expect(data.totals).toEqual({
      recipients: 1800,
      delivered: 1790,
      opens: 500,
      clicks: 115,
      conversion_value: 1644.5,
      open_rate: 0.2793, // 500 / 1790 = 0.27932…
      click_rate: 0.0642, // 115 / 1790 = 0.06424…
    });
    const sent = JSON.parse(fake.requestsTo("/api/campaign-values-reports/", "POST")[0]!.body) as {
      data: { attributes: { conversion_metric_id: string; timeframe: { key: string } } };
    };
    expect(sent.data.attributes).toMatchObject({
      conversion_metric_id: "RevMetric",
      timeframe: { key: "last_30_days" },
    });
  });

  it("Klaviyo's refusal (a key without flows:read) is a tool error with Klaviyo's detail", async () => {
    const fake = await startFakeKlaviyoApi({ keys: { pk_campaignsOnly0123456789abcd: ["campaigns:read"] } });
    fakes.push(fake);
    setOutboundHostMapForTests({ "a.klaviyo.com": fake.url });
    const team = await toolTeam();
    const id = await makeToolConnection(team, "klaviyo", "api_key", {
      type: "api_key",
      api_key: "pk_campaignsOnly0123456789abcd",
    });
    const err = await runError(run(team, id, "klaviyo.list_flows", {}));
    expect(err.status).toBe(502);
    expect(err.message).toContain("This API key is missing required scopes: flows:read");
    expect(err.details).toMatchObject({ kind: "provider_error", provider_status: 403 });
  });

  it("a 429 (Retry-After) on a list page and on the report POST is retried", async () => {
    const { fake, team, id } = await setup();
    fake.setMode("429", 1);
    const res = await run(team, id, "klaviyo.list_segments", {});
    expect((res.data as { segments: unknown[] }).segments).toHaveLength(3);
    expect(fake.requestsTo("/api/segments/")).toHaveLength(3); // refused + 2 pages
    fake.setMode("429", 1);
    await run(team, id, "klaviyo.campaign_performance", { conversion_metric_id: "RevMetric" });
    expect(fake.requestsTo("/api/campaign-values-reports/", "POST")).toHaveLength(2);
  });

  it("an OAuth connection without segments:read is refused before any request", async () => {
    const { fake, team, id } = await setup({ authMode: "oauth2", granted: ["campaigns:read"] });
    const err = await runError(run(team, id, "klaviyo.list_segments", {}));
    expect(err.details).toMatchObject({ kind: "missing_scopes", missing_scopes: ["segments:read"] });
    expect(fake.requests).toHaveLength(0);
    const ok = await run(team, id, "klaviyo.list_campaigns", {});
    expect((ok.data as { campaigns: unknown[] }).campaigns).toHaveLength(6);
    expect(fake.requestsTo("/api/campaigns/")[0]?.headers.authorization).toBe("Bearer klaviyoOAuthToken");
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe("posthog", () => {
  async function setup(scopes = ["insight:read", "feature_flag:read"]) {
    const fake = await startFakePostHogApi({ keys: { phx_toolsPostHog0123456789abcd: scopes }, maxLimit: 2 });
    fakes.push(fake);
    setOutboundHostMapForTests({ "eu.posthog.com": fake.url });
    const team = await toolTeam();
    const id = await makeToolConnection(
      team,
      "posthog",
      "api_key",
      { type: "api_key", api_key: "phx_toolsPostHog0123456789abcd" },
      { params: { host: "eu.posthog.com" } },
    );
    return { fake, team, id };
  }

  it("list_funnels: 2 pages by `next`, steps and conversion rates by hand, a rate over 0 people is null", async () => {
    const { fake, team, id } = await setup();
    const res = await run(team, id, "posthog.list_funnels", { project_id: 12345 });
    const data = res.data as {
      funnels: {
        name: string;
        overall_conversion: number | null;
        steps: {
          name: string;
          count: number;
          conversion_from_previous: number | null;
          conversion_from_first: number | null;
        }[];
      }[];
      pages: number;
    };
    expect(data.pages).toBe(2);
    expect(data.funnels.map((f) => f.name)).toEqual(["Signup funnel", "Checkout", "Activation"]);
    const [signup, checkout, activation] = data.funnels;
    // 1000 → 420 → 105: 42 % then 25 %; 10.5 % overall
    expect(signup?.steps.map((s) => [s.count, s.conversion_from_previous, s.conversion_from_first])).toEqual([
      [1000, 1, 1],
      [420, 0.42, 0.42],
      [105, 0.25, 0.105],
    ]);
    expect(signup?.overall_conversion).toBe(0.105);
    // 800 → 0 → 0: 0 % into step 2; step 3 from step 2 has no base (null), from the first it is 0
    expect(checkout?.steps.map((s) => [s.conversion_from_previous, s.conversion_from_first])).toEqual([
      [1, 1],
      [0, 0],
      [null, 0],
    ]);
    expect(activation?.overall_conversion).toBe(1);
    const calls = fake.requestsTo("/api/projects/12345/insights/");
    expect(calls).toHaveLength(2);
    expect(calls[1]?.query).toMatchObject({ offset: "2", insight: "FUNNELS" });
    expect(calls[1]?.headers["x-patchbay-original-host"]).toBe("eu.posthog.com"); // `next` stayed on the region host
  });

  it("list_feature_flags: 3 pages; rollout and variants; the project defaults to the key's current one", async () => {
    const { fake, team, id } = await setup();
    const res = await run(team, id, "posthog.list_feature_flags", {});
    const data = res.data as {
      project_id: number;
      flags: {
        key: string;
        active: boolean;
        rollout_percentages: (number | null)[];
        variants: { key: string }[];
      }[];
      pages: number;
    };
    expect(data.project_id).toBe(12345);
    expect(data.pages).toBe(3);
    expect(data.flags.map((f) => [f.key, f.active, f.rollout_percentages])).toEqual([
      ["new-checkout", true, [100]],
      ["beta-dashboard", true, [30]],
      ["kill-switch-search", false, [0]],
      ["pricing-test", true, [100]],
      ["dark-mode", true, [null]],
    ]);
    expect(data.flags[3]?.variants.map((v) => v.key)).toEqual(["control", "annual-first"]);
    expect(fake.requestsTo("/api/users/@me/")).toHaveLength(1);
    const active = await run(team, id, "posthog.list_feature_flags", {
      project_id: 12345,
      active_only: true,
    });
    expect((active.data as { flags: unknown[] }).flags).toHaveLength(4);
  });

  it("a key without insight:read: PostHog's 403 is the tool error, with PostHog's detail", async () => {
    const { team, id } = await setup(["feature_flag:read"]);
    const err = await runError(run(team, id, "posthog.list_funnels", { project_id: 12345 }));
    expect(err.status).toBe(502);
    expect(err.message).toContain("API key missing required scope 'insight:read'");
    expect(err.details).toMatchObject({ kind: "provider_error", provider_status: 403 });
  });

  it("a 429 throttled_error is waited out and retried", async () => {
    const { fake, team, id } = await setup();
    fake.setMode("429", 1);
    const res = await run(team, id, "posthog.list_feature_flags", { project_id: 12345 });
    expect((res.data as { flags: unknown[] }).flags).toHaveLength(5);
    expect(fake.requestsTo("/api/projects/12345/feature_flags/")).toHaveLength(4);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe("google analytics (GA4 runReport)", () => {
  const READONLY = "https://www.googleapis.com/auth/analytics.readonly";
  async function setup(granted = [READONLY], maxLimit = 3) {
    const fake = await startFakeGa4({ validTokens: ["ya29.ga4ToolToken"], maxLimit });
    fakes.push(fake);
    setOutboundHostMapForTests({ "analyticsdata.googleapis.com": fake.url });
    const team = await toolTeam();
    const id = await makeToolConnection(
      team,
      "google-analytics",
      "oauth2",
      { type: "oauth2", access_token: "ya29.ga4ToolToken", extra: {} },
      { params: { property_id: "312345678" }, scopes: granted },
    );
    return { fake, team, id };
  }
  const reports = (fake: FakeHandle) => fake.requestsTo("/v1beta/properties/312345678:runReport", "POST");

  it("traffic by date × channel: 8 rows in pages of 3 by offset (boundaries 3 and 6), totals by hand", async () => {
    const { fake, team, id } = await setup();
    const res = await run(team, id, "google_analytics.traffic", { ...PERIOD, by: "date_and_channel" });
    const data = res.data as {
      rows: { date: string; channel: string; sessions: number }[];
      totals: { sessions: number; engaged_sessions: number; engagement_rate: number | null };
      pages: number;
      partial: boolean;
    };
    expect(data.rows).toHaveLength(8);
    expect(data.rows.map((r) => `${r.date} ${r.channel} ${String(r.sessions)}`)).toEqual([
      "2026-11-01 Direct 60",
      "2026-11-01 Organic Search 120",
      "2026-11-01 Paid Social 20",
      "2026-11-02 Direct 70",
      "2026-11-02 Organic Search 130",
      "2026-11-03 Direct 50",
      "2026-11-03 Organic Search 100",
      "2026-11-03 Paid Social 30",
    ]);
    // sessions 580, engaged 350 → 350 / 580 = 0.60345; the 2026-10-31 row is outside the period
    expect(data.totals).toMatchObject({ sessions: 580, engaged_sessions: 350, engagement_rate: 0.6034 });
    expect(data).toMatchObject({ pages: 3, partial: false });
    const offsets = reports(fake).map((r) => (JSON.parse(r.body) as { offset: number }).offset);
    expect(offsets).toEqual([0, 3, 6]);
  });

  it("traffic by day and by channel", async () => {
    const { team, id } = await setup([READONLY], 100);
    const byDay = (await run(team, id, "google_analytics.traffic", PERIOD)).data as {
      rows: { date: string; sessions: number }[];
    };
    expect(byDay.rows.map((r) => [r.date, r.sessions])).toEqual([
      ["2026-11-01", 200],
      ["2026-11-02", 200],
      ["2026-11-03", 180],
    ]);
    // the dashboard charts a by-day report as a time series (components/tools/tool-result-view.ts)
    const series = viewOf(byDay).series;
    expect(series).toMatchObject({ key: "rows", x: "date" });
    expect(series?.lines).toContain("sessions");
    const byChannel = (await run(team, id, "google_analytics.traffic", { ...PERIOD, by: "channel" }))
      .data as {
      rows: { channel: string; sessions: number; engagement_rate: number | null }[];
    };
    expect(byChannel.rows.map((r) => [r.channel, r.sessions, r.engagement_rate])).toEqual([
      ["Direct", 180, 0.5278], // 95 / 180
      ["Organic Search", 350, 0.6857], // 240 / 350
      ["Paid Social", 50, 0.3], // 15 / 50
    ]);
  });

  it("top_pages: most viewed first, share of all views (1020) by hand, across a page boundary", async () => {
    const { fake, team, id } = await setup([READONLY], 2);
    const res = await run(team, id, "google_analytics.top_pages", { ...PERIOD, limit: 3 });
    const data = res.data as {
      total_views: number;
      top_pages: { path: string; views: number; share_of_views: number | null }[];
      pages: number;
    };
    expect(data.total_views).toBe(1020);
    expect(data.top_pages.map((p) => [p.path, p.views, p.share_of_views])).toEqual([
      ["/", 500, 0.4902], // 500 / 1020
      ["/products", 300, 0.2941],
      ["/cart", 120, 0.1176],
    ]);
    expect(data.pages).toBe(2);
    expect(reports(fake)).toHaveLength(2);
  });

  it("conversions: key events only, revenue by hand", async () => {
    const { team, id } = await setup([READONLY], 100);
    const data = (await run(team, id, "google_analytics.conversions", PERIOD)).data as {
      currency: string;
      events: { event: string; key_events: number; revenue: number }[];
      totals: { key_events: number; revenue: number };
    };
    expect(data.currency).toBe("USD");
    expect(data.events.map((e) => [e.event, e.key_events, e.revenue])).toEqual([
      ["sign_up", 40, 0],
      ["purchase", 12, 935.86], // 551.50 + 384.36
    ]);
    expect(data.totals).toEqual({ key_events: 52, revenue: 935.86 });
  });

  it("a property the credentials cannot read is a clear tool error with GA4's message", async () => {
    const { team } = await setup();
    const id = await makeToolConnection(
      team,
      "google-analytics",
      "oauth2",
      { type: "oauth2", access_token: "ya29.ga4ToolToken", extra: {} },
      { params: { property_id: "999999999" }, scopes: [READONLY] },
    );
    const err = await runError(run(team, id, "google_analytics.traffic", PERIOD));
    expect(err.status).toBe(502);
    expect(err.message).toContain("User does not have sufficient permissions for this property");
    expect(err.details).toMatchObject({ kind: "provider_error", provider_status: 403 });
  });

  it("a 429 RESOURCE_EXHAUSTED on runReport (a POST) is retried", async () => {
    const { fake, team, id } = await setup([READONLY], 100);
    fake.setMode("429", 1);
    const res = await run(team, id, "google_analytics.conversions", PERIOD);
    expect((res.data as { totals: { key_events: number } }).totals.key_events).toBe(52);
    expect(reports(fake)).toHaveLength(2);
  });

  it("a connection without analytics.readonly is refused before any request; the REST route says 403", async () => {
    const { fake, team, id } = await setup(["openid"]);
    const res = await postTool(team.key, id, "google_analytics.top_pages", PERIOD);
    expect(res.status).toBe(403);
    const body = (await res.json()) as { error: { details: { kind: string; missing_scopes: string[] } } };
    expect(body.error.details).toMatchObject({ kind: "missing_scopes", missing_scopes: [READONLY] });
    expect(fake.requests).toHaveLength(0);
  });
});
