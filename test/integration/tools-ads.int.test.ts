// The ad platforms' campaign tools (Meta, Google Ads, TikTok) against their fakes (e2e/fixtures/fake-providers/
// ads-apis.ts) over HTTP, through the real proxy core and a real database. One dataset (ads-dataset.ts) with
// figures worked out by hand: 5 campaigns in pages of 2 (boundaries after the 2nd and the 4th), a zero-spend
// campaign whose ROAS is null, a row outside the period. Each platform: the multi-page result, the provider's
// error as a clear tool error, a 429 retried, a missing scope refused before any request.
import { describe, expect, it } from "vitest";
import {
  AD_EXPECTED,
  AD_PERIOD,
  startFakeGoogleAds,
  startFakeMetaAds,
  startFakeTikTokAds,
  type FakeHandle,
} from "@/e2e/fixtures/fake-providers";
import { configureOAuthApp } from "@/lib/providers/configure-app";
import { setOutboundHostMapForTests } from "@/lib/outbound/guarded-fetch";
import { makeToolConnection, postTool, run, runError, toolTeam } from "../tool-fixtures";
import { proxyTestHooks } from "../proxy-fixtures";

type TPerf = {
  period: { since: string; until: string };
  currency: string | null;
  campaigns: Array<{
    id: string;
    name: string | null;
    spend: number;
    impressions: number;
    clicks: number;
    conversions: number;
    conversion_value: number;
    roas: number | null;
  }>;
  totals: {
    spend: number;
    impressions: number;
    clicks: number;
    conversions: number;
    conversion_value: number;
    roas: number | null;
  };
  notes: string[];
  partial: boolean;
  pages: number;
};

/** The hand-computed table of ads-dataset.ts in the tool's output shape. */
const EXPECTED_CAMPAIGNS = AD_EXPECTED.campaigns.map((c) => ({
  id: c.id,
  spend: c.spend,
  impressions: c.impressions,
  clicks: c.clicks,
  conversions: c.conversions,
  conversion_value: c.value,
  roas: c.roas,
}));
const EXPECTED_TOTALS = {
  spend: 288.09,
  impressions: 30_234,
  clicks: 846,
  conversions: 12,
  conversion_value: 935.86,
  roas: 3.2485, // 935.86 / 288.09 — total value over total spend, c-03's value included
};

function expectHandComputed(data: TPerf): void {
  expect(data.period).toEqual({ since: "2026-11-01", until: "2026-11-03" });
  expect(data.campaigns.map(({ name: _n, ...rest }) => rest)).toEqual(EXPECTED_CAMPAIGNS);
  expect(data.campaigns[0]?.name).toBe("Black Friday – Prospecting");
  expect(data.totals).toEqual(EXPECTED_TOTALS);
  // zero spend → ROAS null, and the tool says so
  expect(data.campaigns.find((c) => c.id === "1003")?.roas).toBeNull();
  expect(data.notes.join(" ")).toMatch(
    /ROAS is null for 1 campaign\(s\) with zero spend in the period: Brand awareness \(1003\)/,
  );
  expect(data.partial).toBe(false);
  expect(data.pages).toBe(3);
}

let fakes: FakeHandle[] = [];
proxyTestHooks(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

// ---------------------------------------------------------------------------------------------------------------

describe("meta_ads.campaign_performance", () => {
  const ACCOUNT = "123456789012345";
  async function setup(granted = ["ads_read", "business_management"]) {
    const fake = await startFakeMetaAds({ tokens: { EAAmetaToolToken: ["ads_read"] }, pageSize: 2 });
    fakes.push(fake);
    setOutboundHostMapForTests({ "graph.facebook.com": fake.url });
    const team = await toolTeam();
    const id = await makeToolConnection(
      team,
      "meta-ads",
      "oauth2",
      { type: "oauth2", access_token: "EAAmetaToolToken", extra: {} },
      { scopes: granted },
    );
    return { fake, team, id };
  }
  const insights = (fake: FakeHandle) => fake.requestsTo(`/v21.0/act_${ACCOUNT}/insights`);

  it("reads 3 pages by paging.next across both boundaries; figures match the hand-computed table", async () => {
    const { fake, team, id } = await setup();
    const res = await run(team, id, "meta_ads.campaign_performance", {
      ad_account_id: `act_${ACCOUNT}`,
      ...AD_PERIOD,
    });
    const data = res.data as TPerf;
    expectHandComputed(data);
    expect(data.currency).toBe("USD");
    expect(res.meta).toMatchObject({ provider: "meta-ads", pages: 3, requests: 3 });
    const calls = insights(fake);
    expect(calls).toHaveLength(3);
    expect(calls[0]?.query).toMatchObject({ level: "campaign", time_range: JSON.stringify(AD_PERIOD) });
    expect(calls[0]?.query.after).toBeUndefined();
    expect(calls[1]?.query.after).toBeTruthy();
    expect(calls[2]?.query.after).not.toBe(calls[1]?.query.after);
    expect(calls[0]?.headers.authorization).toBe("Bearer EAAmetaToolToken");
    // Meta's paging.next carries the access token in its query; nothing of it reaches the tool's result
    expect(JSON.stringify(res)).not.toContain("EAAmetaToolToken");
    // one purchase is reported under three overlapping action types: exactly one is counted (6, not 18)
    expect(data.campaigns[0]?.conversions).toBe(6);
  });

  it("the REST route runs it too (tools:run key), and malformed input is a 422 before any request", async () => {
    const { fake, team, id } = await setup();
    const ok = await postTool(team.key, id, "meta_ads.campaign_performance", {
      ad_account_id: ACCOUNT,
      ...AD_PERIOD,
    });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { data: TPerf };
    expect(body.data.totals.roas).toBe(3.2485);
    const before = fake.requests.length;
    const bad = await postTool(team.key, id, "meta_ads.campaign_performance", {
      ad_account_id: "acme",
      since: "11/01/2026",
    });
    expect(bad.status).toBe(422);
    const reversed = await postTool(team.key, id, "meta_ads.campaign_performance", {
      ad_account_id: ACCOUNT,
      since: "2026-11-03",
      until: "2026-11-01",
    });
    expect(reversed.status).toBe(422);
    expect(fake.requests.length).toBe(before);
  });

  it("Meta's error (an ad account the token cannot read) is a clear tool error with Meta's message", async () => {
    const { team, id } = await setup();
    const err = await runError(
      run(team, id, "meta_ads.campaign_performance", { ad_account_id: "999", ...AD_PERIOD }),
    );
    expect(err.status).toBe(502);
    expect(err.message).toContain("Object with ID 'act_999' does not exist");
    expect(err.details).toMatchObject({ kind: "provider_error", provider_status: 400 });
  });

  it("a 429 (X-Business-Use-Case-Usage, Retry-After) is waited out and retried by the proxy", async () => {
    const { fake, team, id } = await setup();
    fake.setMode("429", 1);
    const res = await run(team, id, "meta_ads.campaign_performance", {
      ad_account_id: ACCOUNT,
      ...AD_PERIOD,
    });
    expectHandComputed(res.data as TPerf);
    const calls = insights(fake);
    expect(calls).toHaveLength(4); // the refused first page, then the 3 pages
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(900); // Retry-After: 1
  });

  it("without ad_account_id it uses the connection's only ad account (/me/adaccounts)", async () => {
    const { fake, team, id } = await setup();
    const res = await run(team, id, "meta_ads.campaign_performance", AD_PERIOD);
    expectHandComputed(res.data as TPerf);
    expect(fake.requestsTo("/v21.0/me/adaccounts")).toHaveLength(1);
  });

  it("with several ad accounts and none named, the error lists them and no report is asked for", async () => {
    const fake = await startFakeMetaAds({
      tokens: { EAAtwoAccounts: ["ads_read"] },
      accounts: { "111": [], "222": [] },
    });
    fakes.push(fake);
    setOutboundHostMapForTests({ "graph.facebook.com": fake.url });
    const team = await toolTeam();
    const id = await makeToolConnection(
      team,
      "meta-ads",
      "oauth2",
      { type: "oauth2", access_token: "EAAtwoAccounts", extra: {} },
      { scopes: ["ads_read"] },
    );
    const err = await runError(run(team, id, "meta_ads.campaign_performance", AD_PERIOD));
    expect(err.status).toBe(400);
    expect(err.message).toContain("2 ad accounts; say which one in ad_account_id");
    expect(err.details).toMatchObject({ ad_accounts: [{ id: "act_111" }, { id: "act_222" }] });
    expect(fake.requestsTo(/insights/)).toHaveLength(0);
  });

  it("Meta's usual throttle answer (HTTP 400, code 80000) is a 429 tool error, not a bad request", async () => {
    const { fake, team, id } = await setup();
    fake.throttleAs400(1);
    const err = await runError(
      run(team, id, "meta_ads.campaign_performance", { ad_account_id: ACCOUNT, ...AD_PERIOD }),
    );
    expect(err.status).toBe(429);
    expect(err.message).toContain("(#80000) There have been too many calls from this ad-account");
    expect(err.details).toMatchObject({ kind: "provider_error", provider_status: 400 });
    expect(insights(fake)).toHaveLength(1); // a 400 is not retried by the proxy
  });

  it("a connection without ads_read is refused before any request", async () => {
    const { fake, team, id } = await setup(["business_management"]);
    const err = await runError(
      run(team, id, "meta_ads.campaign_performance", { ad_account_id: ACCOUNT, ...AD_PERIOD }),
    );
    expect(err.status).toBe(403);
    expect(err.details).toMatchObject({ kind: "missing_scopes", missing_scopes: ["ads_read"] });
    expect(fake.requests).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe("google_ads.campaign_performance", () => {
  const DEV = "DevTok_toolsAds0123456789";
  async function setup(granted = ["https://www.googleapis.com/auth/adwords"]) {
    const fake = await startFakeGoogleAds({
      developerToken: DEV,
      validTokens: ["ya29.adsToolToken"],
      pageSize: 2,
      managerCustomerId: "9990001111",
    });
    fakes.push(fake);
    setOutboundHostMapForTests({ "googleads.googleapis.com": fake.url });
    const team = await toolTeam();
    await configureOAuthApp(team.owner.ctx, "google-ads", {
      level: "team",
      client_id: "ads-client.apps.googleusercontent.com",
      client_secret: "ads-client-secret-value",
      settings: { developer_token: DEV },
    });
    const id = await makeToolConnection(
      team,
      "google-ads",
      "oauth2",
      { type: "oauth2", access_token: "ya29.adsToolToken", extra: {} },
      { scopes: granted },
    );
    return { fake, team, id };
  }
  const searches = (fake: FakeHandle) =>
    fake.requestsTo("/v21/customers/1234567890/googleAds:search", "POST");
  const input = { customer_id: "123-456-7890", login_customer_id: "999-000-1111", ...AD_PERIOD };

  it("reads 3 pages by nextPageToken (in the body); micros and omitted zeros read right; figures match", async () => {
    const { fake, team, id } = await setup();
    const res = await run(team, id, "google_ads.campaign_performance", input);
    const data = res.data as TPerf;
    expectHandComputed(data);
    expect(data.currency).toBe("USD");
    const calls = searches(fake);
    expect(calls).toHaveLength(3);
    const bodies = calls.map((c) => JSON.parse(c.body) as { query: string; pageToken?: string });
    expect(bodies[0]?.query).toContain("segments.date BETWEEN '2026-11-01' AND '2026-11-03'");
    expect(bodies[0]?.pageToken).toBeUndefined();
    expect(bodies[1]?.pageToken).toBeTruthy();
    expect(calls[0]?.headers["developer-token"]).toBe(DEV);
    expect(calls[0]?.headers["login-customer-id"]).toBe("9990001111");
  });

  it("Google's refusal (client account without login-customer-id) is a tool error with Google's message", async () => {
    const { team, id } = await setup();
    const err = await runError(
      run(team, id, "google_ads.campaign_performance", { customer_id: "1234567890", ...AD_PERIOD }),
    );
    expect(err.status).toBe(502);
    expect(err.message).toContain("login-customer-id");
    expect(err.details).toMatchObject({ kind: "provider_error", provider_status: 403 });
  });

  it("a 429 RESOURCE_EXHAUSTED on a search (a POST) is retried: the read is marked safe to repeat", async () => {
    const { fake, team, id } = await setup();
    fake.setMode("429", 1);
    const res = await run(team, id, "google_ads.campaign_performance", input);
    expectHandComputed(res.data as TPerf);
    expect(searches(fake)).toHaveLength(4);
  });

  it("a connection without the adwords scope is refused before any request", async () => {
    const { fake, team, id } = await setup(["openid", "email"]);
    const err = await runError(run(team, id, "google_ads.campaign_performance", input));
    expect(err.details).toMatchObject({
      kind: "missing_scopes",
      missing_scopes: ["https://www.googleapis.com/auth/adwords"],
    });
    expect(fake.requests).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe("tiktok_ads.campaign_performance", () => {
  const ADVERTISER = "7000000000000000001";
  async function setup() {
    const fake = await startFakeTikTokAds({ tokens: { ttToolToken0123: [ADVERTISER] }, pageSize: 2 });
    fakes.push(fake);
    setOutboundHostMapForTests({ "business-api.tiktok.com": fake.url });
    const team = await toolTeam();
    const id = await makeToolConnection(team, "tiktok-ads", "oauth2", {
      type: "oauth2",
      access_token: "ttToolToken0123",
      extra: {},
    });
    return { fake, team, id };
  }
  const reports = (fake: FakeHandle) => fake.requestsTo("/open_api/v1.3/report/integrated/get/");
  const input = { advertiser_id: ADVERTISER, ...AD_PERIOD };

  it("reads 3 numbered pages as page_info says; TikTok's own ROAS of 0 for no spend is not used", async () => {
    const { fake, team, id } = await setup();
    const res = await run(team, id, "tiktok_ads.campaign_performance", input);
    const data = res.data as TPerf;
    expectHandComputed(data);
    expect(data.currency).toBeNull();
    const calls = reports(fake);
    expect(calls.map((c) => c.query.page)).toEqual(["1", "2", "3"]);
    expect(calls[0]?.headers["access-token"]).toBe("ttToolToken0123");
    expect(calls[0]?.headers.authorization).toBeUndefined();
  });

  it("code ≠ 0 in an HTTP 200 (no permission for this advertiser) is a tool error with TikTok's message", async () => {
    const { team, id } = await setup();
    const err = await runError(
      run(team, id, "tiktok_ads.campaign_performance", { ...input, advertiser_id: "7000000000000000999" }),
    );
    expect(err.status).toBe(502);
    expect(err.message).toBe(
      "TikTok refused the report: No permission to operate advertiser 7000000000000000999. (code 40001).",
    );
    expect(err.details).toMatchObject({ kind: "provider_error", provider_code: 40001 });
  });

  it("TikTok's rate limit as HTTP 200 + code 40100 is waited out by the tool; an HTTP 429 by the proxy", async () => {
    const { fake, team, id } = await setup();
    fake.failWithCode(40100, "Too many requests. Please retry in some time.", 1);
    const first = await run(team, id, "tiktok_ads.campaign_performance", input);
    expectHandComputed(first.data as TPerf);
    expect(reports(fake)).toHaveLength(4);

    fake.setMode("429", 1);
    const second = await run(team, id, "tiktok_ads.campaign_performance", input);
    expectHandComputed(second.data as TPerf);
    expect(reports(fake)).toHaveLength(8);
  });

  it("a rate limit that does not clear ends as a 429 tool error after bounded waits", async () => {
    const { fake, team, id } = await setup();
    fake.failWithCode(40100, "Too many requests.", 10);
    const err = await runError(run(team, id, "tiktok_ads.campaign_performance", input));
    expect(err.status).toBe(429);
    expect(err.details).toMatchObject({ kind: "provider_error", provider_code: 40100 });
    expect(reports(fake)).toHaveLength(3); // the first try and two waits
  });
});
