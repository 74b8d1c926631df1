// Inbound provider webhooks end to end through the route handlers: local fake senders sign with each provider's
// real algorithm (e2e/fixtures/fake-providers/webhook-senders.ts, written from the providers' docs, not from our
// verifier). Each attack case says what must not happen: nothing stored, nothing enqueued, a 4xx that says why.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as appRoute from "@/app/api/v1/webhooks/[provider]/route";
import * as sourceRoute from "@/app/api/v1/webhooks/[provider]/[source]/route";
import {
  calendlyDelivery,
  githubDelivery,
  hubspotDelivery,
  klaviyoDelivery,
  linearDelivery,
  shopifyDelivery,
  slackDelivery,
  slackEvent,
  stripeDelivery,
  zendeskDelivery,
  type TDelivery,
} from "@/e2e/fixtures/fake-providers/webhook-senders";
import { createConnection } from "@/lib/connections/create-connection";
import type { TCredentials } from "@/lib/connections/credentials";
import { db } from "@/lib/db";
import { createEndpoint } from "@/lib/events/endpoints";
import { setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { configureOAuthApp } from "@/lib/providers/configure-app";
import { startWorkers, stopQueue } from "@/lib/queue/queue";
import { addInboundSecret, getInboundConfig, removeInboundSecret } from "@/lib/webhooks/inbound-config";
import { WEBHOOK_JOBS } from "@/lib/webhooks/jobs";
import { syncConnectionWebhooks } from "@/lib/webhooks/sync-connection";
import { defaultBrandId, makeOwner, type TTestUser } from "../factories";
import { call } from "../http";

const rand = () => crypto.randomBytes(6).toString("hex");

async function connect(
  owner: TTestUser,
  providerSlug: string,
  fields: {
    params?: object;
    account?: object;
    metadata?: object;
    credentials?: TCredentials;
    authMode?: string;
  },
) {
  const row = await createConnection(
    {
      teamId: owner.teamId,
      brandId: await defaultBrandId(owner.teamId),
      ownerKind: "shared",
      ownerUserId: null,
      providerSlug,
      authMode: fields.authMode ?? "oauth2",
      label: null,
      accountIdentity: fields.account ?? {},
      params: fields.params ?? {},
      metadata: fields.metadata ?? {},
      context: {},
      scopes: [],
      tokenExpiresAt: null,
      refreshTokenExpiresAt: null,
      credentials: fields.credentials ?? { type: "oauth2", access_token: `at_${rand()}`, extra: {} },
    },
    "test",
  );
  // The webhooks.sync job's work, run here (the registration part is tested in webhook-registration).
  await syncConnectionWebhooks(owner.teamId, row.id).catch(() => undefined);
  return row.id;
}

/** POSTs a delivery to the team's endpoint for the provider (or the instance's when `source` is null). */
async function deliver(
  provider: string,
  source: string | null,
  d: TDelivery,
  mutate?: (d: TDelivery) => TDelivery,
) {
  const final = mutate ? mutate(d) : d;
  const path = `/api/v1/webhooks/${provider}${source ? `/${source}` : ""}`;
  return source
    ? call(sourceRoute.POST, {
        method: "POST",
        path,
        params: { provider, source },
        rawBody: final.body,
        headers: final.headers,
      })
    : call(appRoute.POST, {
        method: "POST",
        path,
        params: { provider },
        rawBody: final.body,
        headers: final.headers,
      });
}

async function teamEndpoint(owner: TTestUser, provider: string, secret?: string) {
  const cfg = secret
    ? await addInboundSecret(owner.ctx, provider, { level: "team", secret })
    : await getInboundConfig(owner.ctx, provider);
  return new URL(cfg.url!).pathname.split("/").pop()!;
}

const eventsOf = (connectionId: string) =>
  db.inboundWebhookEvent.findMany({ where: { connectionId }, orderBy: { receivedAt: "asc" } });

async function until<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  ms = 15_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  await startWorkers(WEBHOOK_JOBS, { only: ["webhooks.process"] });
});
afterAll(async () => {
  await stopQueue(2_000);
});

describe("Shopify (base64 HMAC of the body with the app's client secret; tenant = shop domain header)", () => {
  const CLIENT_SECRET = `shpss_${rand()}`;
  let owner: TTestUser;
  let source: string;
  let shopA: string;
  let connA: string;
  let connB: string;

  beforeAll(async () => {
    owner = await makeOwner();
    await configureOAuthApp(owner.ctx, "shopify", {
      level: "team",
      client_id: "cid",
      client_secret: CLIENT_SECRET,
      settings: {},
    });
    source = await teamEndpoint(owner, "shopify");
    shopA = `a-${rand()}.myshopify.com`;
    connA = await connect(owner, "shopify", { params: { shop: shopA } });
    connB = await connect(owner, "shopify", { params: { shop: `b-${rand()}.myshopify.com` } });
  });

  it("accepts a valid delivery and routes it to the shop's connection only, then processes it once", async () => {
    const res = await deliver("shopify", source, shopifyDelivery({ secret: CLIENT_SECRET, shop: shopA }));
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ status: "accepted", stored: 1 });
    const [ev] = await eventsOf(connA);
    expect(ev).toMatchObject({ providerSlug: "shopify", eventType: "orders/create", teamId: owner.teamId });
    expect(await eventsOf(connB)).toHaveLength(0);
    const done = await until("processed", async () => {
      const e = await db.inboundWebhookEvent.findUnique({ where: { id: ev!.id } });
      return e?.status === "processed" ? e : null;
    });
    expect(done.attempts).toBe(1);
  });

  it("1. a forged signature (another secret) is rejected 401 and nothing is stored", async () => {
    const before = (await eventsOf(connA)).length;
    const res = await deliver("shopify", source, shopifyDelivery({ secret: "not-the-secret", shop: shopA }));
    expect(res.status).toBe(401);
    expect(res.json.error).toMatchObject({ code: "unauthorized", details: { reason: "bad_signature" } });
    expect(await eventsOf(connA)).toHaveLength(before);
  });

  it("2. a body changed after signing is rejected (the MAC is over the raw bytes)", async () => {
    const d = shopifyDelivery({ secret: CLIENT_SECRET, shop: shopA, payload: { total_price: "10.00" } });
    const res = await deliver("shopify", source, d, (x) => ({ ...x, body: x.body.replace("10.00", "0.01") }));
    expect(res.status).toBe(401);
    // re-serialising the same JSON differently (whitespace) is also a different body
    const res2 = await deliver("shopify", source, d, (x) => ({
      ...x,
      body: JSON.stringify(JSON.parse(x.body), null, 1),
    }));
    expect(res2.status).toBe(401);
  });

  it("3. a replayed delivery id is stored and processed once, even when the replays race", async () => {
    const d = shopifyDelivery({ secret: CLIENT_SECRET, shop: shopA, webhookId: `wh-${rand()}` });
    const results = await Promise.all([0, 1, 2, 3].map(() => deliver("shopify", source, d)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(results.filter((r) => r.json.status === "accepted")).toHaveLength(1);
    expect(results.filter((r) => r.json.status === "duplicate")).toHaveLength(3);
    const rows = (await eventsOf(connA)).filter((e) => e.deliveryId === d.headers["x-shopify-webhook-id"]);
    expect(rows).toHaveLength(1);
    const done = await until("processed", async () => {
      const e = await db.inboundWebhookEvent.findUnique({ where: { id: rows[0]!.id } });
      return e?.status === "processed" ? e : null;
    });
    expect(done.attempts).toBe(1);
  });

  it("is forwarded once as a webhook.received event to the team's endpoints, with the provider's payload", async () => {
    setOutboundPolicyForTests({ allowPrivate: true });
    try {
      await createEndpoint(owner.ctx, { url: "http://127.0.0.1:9/hooks", event_types: ["webhook.received"] });
    } finally {
      setOutboundPolicyForTests(undefined);
    }
    const d = shopifyDelivery({ secret: CLIENT_SECRET, shop: shopA, webhookId: `wh-${rand()}` });
    const results = await Promise.all([0, 1].map(() => deliver("shopify", source, d)));
    expect(results.map((r) => r.status)).toEqual([200, 200]);
    const row = await until("stored", async () =>
      (await eventsOf(connA)).find((e) => e.deliveryId === d.headers["x-shopify-webhook-id"]),
    );
    const forwarded = await until("forwarded", async () => {
      const rows = await db.event.findMany({
        where: { teamId: owner.teamId, type: "webhook.received", connectionId: connA },
        include: { deliveries: true },
      });
      const mine = rows.filter((e) => (e.data as { id?: string }).id === row.id);
      return mine.length ? mine : null;
    });
    expect(forwarded).toHaveLength(1); // the duplicate delivery is not forwarded again
    expect(forwarded[0]!.data).toMatchObject({ provider: "shopify", event_type: "orders/create" });
    expect(forwarded[0]!.deliveries).toHaveLength(1);
  });

  it("4. an unknown shop is answered 200 'ignored' (Shopify's app-wide endpoint) and nothing is stored", async () => {
    const res = await deliver(
      "shopify",
      source,
      shopifyDelivery({ secret: CLIENT_SECRET, shop: "nobody.myshopify.com" }),
    );
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ status: "ignored", reason: "unknown_tenant" });
    expect(
      await db.inboundWebhookEvent.count({
        where: { teamId: owner.teamId, payload: { path: ["nope"], equals: 1 } },
      }),
    ).toBe(0);
  });

  it("5. another team's shop is not routed through this team's endpoint", async () => {
    const other = await makeOwner();
    const otherShop = `o-${rand()}.myshopify.com`;
    const otherConn = await connect(other, "shopify", { params: { shop: otherShop } });
    const res = await deliver("shopify", source, shopifyDelivery({ secret: CLIENT_SECRET, shop: otherShop }));
    expect(res.json).toMatchObject({ status: "ignored" });
    expect(await eventsOf(otherConn)).toHaveLength(0);
  });

  it("6. the instance endpoint without an instance app has no secret: rejected, and the answer says so", async () => {
    const res = await deliver("shopify", null, shopifyDelivery({ secret: CLIENT_SECRET, shop: shopA }));
    expect(res.status).toBe(401);
    expect(res.json.error).toMatchObject({ details: { reason: "no_secret" } });
    expect(res.json.error!.message).toMatch(/No webhook secret is configured/);
  });

  it("7. an unknown endpoint id is 404; a malformed one 422", async () => {
    const d = shopifyDelivery({ secret: CLIENT_SECRET, shop: shopA });
    expect((await deliver("shopify", "whs_doesnotexist", d)).status).toBe(404);
    const bad = await call(sourceRoute.POST, {
      method: "POST",
      params: { provider: "shopify", source: "../etc" },
      rawBody: d.body,
      headers: d.headers,
    });
    expect(bad.status).toBe(422);
  });
});

describe("Stripe (t=…,v1=… over 't.body', 300 s; tenant = account)", () => {
  let owner: TTestUser;
  let source: string;
  let conn: string;
  const account = `acct_${rand()}`;
  const OLD = `whsec_old_${rand()}`;
  const NEW = `whsec_new_${rand()}`;

  beforeAll(async () => {
    owner = await makeOwner();
    source = await teamEndpoint(owner, "stripe", OLD);
    conn = await connect(owner, "stripe", {
      authMode: "api_key",
      credentials: { type: "api_key", api_key: `rk_test_${rand()}` },
      account: { id: account },
    });
  });

  it("accepts a valid event for the connected account and deduplicates by event id", async () => {
    const d = stripeDelivery({ secrets: [OLD], account });
    const res = await deliver("stripe", source, d);
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({ status: "accepted" });
    expect((await deliver("stripe", source, d)).json).toMatchObject({ status: "duplicate" });
    const rows = await eventsOf(conn);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.deliveryId).toBe((JSON.parse(d.body) as { id: string }).id);
  });

  it("rolls a secret: both verify while both are stored (Stripe sends one v1 per secret), the removed one stops", async () => {
    await addInboundSecret(owner.ctx, "stripe", { level: "team", secret: NEW });
    expect((await deliver("stripe", source, stripeDelivery({ secrets: [NEW, OLD], account }))).status).toBe(
      200,
    );
    expect((await deliver("stripe", source, stripeDelivery({ secrets: [OLD], account }))).status).toBe(200);
    expect((await deliver("stripe", source, stripeDelivery({ secrets: [NEW], account }))).status).toBe(200);
    const cfg = await getInboundConfig(owner.ctx, "stripe");
    expect(cfg.secrets).toHaveLength(2);
    expect(JSON.stringify(cfg)).not.toContain(OLD);
    await removeInboundSecret(owner.ctx, "stripe", cfg.secrets[1]!.id, "team"); // the oldest
    const res = await deliver("stripe", source, stripeDelivery({ secrets: [OLD], account }));
    expect(res.status).toBe(401);
    expect((await deliver("stripe", source, stripeDelivery({ secrets: [NEW], account }))).status).toBe(200);
  });

  it("rejects a stale timestamp (a captured delivery replayed 6 minutes later), however well signed", async () => {
    const res = await deliver(
      "stripe",
      source,
      stripeDelivery({ secrets: [NEW], account, at: Date.now() - 360_000 }),
    );
    expect(res.status).toBe(401);
    expect(res.json.error).toMatchObject({ details: { reason: "stale_timestamp" } });
  });

  it("rejects an unknown account with 404 (Stripe shows failed deliveries on the endpoint)", async () => {
    const res = await deliver("stripe", source, stripeDelivery({ secrets: [NEW], account: "acct_unknown" }));
    expect(res.status).toBe(404);
    expect(res.json.error).toMatchObject({ code: "not_found", details: { reason: "unknown_tenant" } });
  });

  it("rejects a missing or malformed signature header", async () => {
    const d = stripeDelivery({ secrets: [NEW], account });
    const { ["stripe-signature"]: _, ...without } = d.headers;
    expect((await deliver("stripe", source, { ...d, headers: without })).json.error).toMatchObject({
      details: { reason: "missing_signature" },
    });
    expect(
      (await deliver("stripe", source, { ...d, headers: { ...d.headers, "stripe-signature": "garbage" } }))
        .json.error,
    ).toMatchObject({ details: { reason: "malformed_signature" } });
  });
});

describe("Slack (v0= over 'v0:ts:body', 5 min; tenant = team_id; url_verification)", () => {
  let owner: TTestUser;
  let source: string;
  let conn: string;
  const SECRET = `slack_${rand()}`;
  const team = `T${rand().toUpperCase()}`;

  beforeAll(async () => {
    owner = await makeOwner();
    source = await teamEndpoint(owner, "slack", SECRET);
    conn = await connect(owner, "slack", { metadata: { team: { id: team, name: "Acme" } } });
  });

  it("answers the url_verification challenge (signed) without storing anything", async () => {
    const challenge = `3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P${rand()}`;
    const res = await deliver(
      "slack",
      source,
      slackDelivery({ secret: SECRET, payload: { token: "x", challenge, type: "url_verification" } }),
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ challenge });
    // an unsigned challenge is not answered
    const forged = slackDelivery({
      secret: "wrong",
      payload: { token: "x", challenge, type: "url_verification" },
    });
    expect((await deliver("slack", source, forged)).status).toBe(401);
  });

  it("routes an event to the workspace's connection; a retry with the same event_id is a duplicate", async () => {
    const d = slackDelivery({ secret: SECRET, payload: slackEvent(team) });
    expect((await deliver("slack", source, d)).json).toMatchObject({ status: "accepted" });
    const retry = {
      ...d,
      headers: { ...d.headers, "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" },
    };
    expect((await deliver("slack", source, retry)).json).toMatchObject({ status: "duplicate" });
    expect(await eventsOf(conn)).toHaveLength(1);
  });

  it("rejects a timestamp older than 5 minutes and ignores (200) an unknown workspace", async () => {
    const stale = slackDelivery({ secret: SECRET, payload: slackEvent(team), at: Date.now() - 301_000 });
    expect((await deliver("slack", source, stale)).json.error).toMatchObject({
      details: { reason: "stale_timestamp" },
    });
    const unknown = await deliver(
      "slack",
      source,
      slackDelivery({ secret: SECRET, payload: slackEvent("TNOBODY") }),
    );
    expect(unknown.status).toBe(200);
    expect(unknown.json).toMatchObject({ status: "ignored", reason: "unknown_tenant" });
  });
});

describe("GitHub (sha256= hex HMAC of the body; a connection's own endpoint)", () => {
  it("accepts a delivery at the connection's endpoint and deduplicates by X-GitHub-Delivery", async () => {
    const owner = await makeOwner();
    const conn = await connect(owner, "github", {});
    // the endpoint automatic registration creates (its secret generated and sealed per connection)
    const SECRET = `gh_${rand()}`;
    const { upsertSource } = await import("@/lib/webhooks/repo");
    const { sealSecret } = await import("@/lib/webhooks/source-secrets");
    const id = `whs_${rand()}`;
    await upsertSource({
      id,
      scopeKey: `connection:${conn}`,
      teamId: owner.teamId,
      providerSlug: "github",
      connectionId: conn,
      secrets: [sealSecret(id, SECRET)],
    });
    const d = githubDelivery({ secret: SECRET });
    expect((await deliver("github", id, d)).json).toMatchObject({ status: "accepted" });
    expect((await deliver("github", id, d)).json).toMatchObject({ status: "duplicate" });
    expect((await deliver("github", id, githubDelivery({ secret: "other" }))).status).toBe(401);
    expect(await eventsOf(conn)).toHaveLength(1);
    // the endpoint belongs to the connection: it goes with it
    await db.connection.delete({ where: { id: conn } });
    expect((await deliver("github", id, githubDelivery({ secret: SECRET }))).status).toBe(404);
  });
});

describe("the other signing providers, each with its own scheme (team endpoint; no tenant in the delivery)", () => {
  const cases: {
    provider: string;
    make: (secret: string, at?: number) => TDelivery;
    staleMs?: number;
    clientSecret?: boolean;
    authMode?: string;
  }[] = [
    { provider: "linear", make: (s, at) => linearDelivery({ secret: s, at }), staleMs: 61_000 },
    {
      provider: "calendly",
      make: (s, at) => calendlyDelivery({ secret: s, at }),
      staleMs: 181_000,
      authMode: "api_key",
    },
    { provider: "zendesk", make: (s, at) => zendeskDelivery({ secret: s, at }), staleMs: 301_000 },
    {
      provider: "klaviyo",
      make: (s, at) => klaviyoDelivery({ secret: s, at }),
      staleMs: 301_000,
      authMode: "api_key",
    },
  ];
  for (const c of cases) {
    it(`${c.provider}: valid accepted and routed; forged, stale, altered and duplicate rejected or dropped`, async () => {
      const owner = await makeOwner();
      const SECRET = `${c.provider}_${rand()}`;
      const source = await teamEndpoint(owner, c.provider, SECRET);
      const conn = await connect(owner, c.provider, {
        authMode: c.authMode ?? "oauth2",
        params: c.provider === "zendesk" ? { subdomain: "acme" } : {},
      });
      const d = c.make(SECRET);
      const ok = await deliver(c.provider, source, d);
      expect(ok.status, ok.text).toBe(200);
      expect(ok.json).toMatchObject({ status: "accepted" });
      expect((await deliver(c.provider, source, d)).json).toMatchObject({ status: "duplicate" });
      expect((await deliver(c.provider, source, c.make("wrong-secret"))).json.error).toMatchObject({
        details: { reason: "bad_signature" },
      });
      expect(
        (await deliver(c.provider, source, c.make(SECRET, Date.now() - c.staleMs!))).json.error,
      ).toMatchObject({
        details: { reason: "stale_timestamp" },
      });
      const altered = await deliver(c.provider, source, d, (x) => ({
        ...x,
        body: x.body.replace(/"[a-z]/, '"X'),
      }));
      expect(altered.status).toBe(401);
      expect(await eventsOf(conn)).toHaveLength(1);
    });
  }

  it("hubspot v3: signs method + full URL + body + timestamp with the client secret", async () => {
    const owner = await makeOwner();
    const SECRET = `hs_${rand()}`;
    await configureOAuthApp(owner.ctx, "hubspot", {
      level: "team",
      client_id: "cid",
      client_secret: SECRET,
      settings: {},
    });
    const source = await teamEndpoint(owner, "hubspot");
    const conn = await connect(owner, "hubspot", {});
    const uri = `http://localhost:3999/api/v1/webhooks/hubspot/${source}`;
    expect((await deliver("hubspot", source, hubspotDelivery({ secret: SECRET, uri }))).json).toMatchObject({
      status: "accepted",
    });
    // signed for another URL (a delivery meant for someone else's endpoint) does not verify here
    const elsewhere = hubspotDelivery({ secret: SECRET, uri: "https://evil.example/hook" });
    expect((await deliver("hubspot", source, elsewhere)).status).toBe(401);
    const stale = hubspotDelivery({ secret: SECRET, uri, at: Date.now() - 301_000 });
    expect((await deliver("hubspot", source, stale)).json.error).toMatchObject({
      details: { reason: "stale_timestamp" },
    });
    expect(await eventsOf(conn)).toHaveLength(1);
  });

  it("a team endpoint with no secret stored fails closed and says why", async () => {
    const owner = await makeOwner();
    const source = await teamEndpoint(owner, "linear");
    await connect(owner, "linear", {});
    const res = await deliver("linear", source, linearDelivery({ secret: "anything" }));
    expect(res.status).toBe(401);
    expect(res.json.error).toMatchObject({ code: "unauthorized", details: { reason: "no_secret" } });
  });
});
