// Automatic registration, observed at local fakes of the providers' real APIs: connecting registers Patchbay's
// endpoint (Shopify GraphQL webhookSubscriptionCreate, Stripe POST /v1/webhook_endpoints, GitHub repository
// hooks), a delivery signed the way the provider would sign it then reaches the connection, and disconnecting
// removes the registration before the credentials are deleted. Failures are visible on the connection.
import crypto from "node:crypto";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import * as connectionsRoute from "@/app/api/v1/connections/route";
import * as connectionRoute from "@/app/api/v1/connections/[id]/route";
import * as inboundRoute from "@/app/api/v1/connections/[id]/inbound-webhooks/route";
import * as syncRoute from "@/app/api/v1/connections/[id]/inbound-webhooks/sync/route";
import * as sourceRoute from "@/app/api/v1/webhooks/[provider]/[source]/route";
import {
  followAuthorize,
  startFakeGithubHooks,
  startFakeShopify,
  startFakeStripe,
  type FakeHandle,
} from "@/e2e/fixtures/fake-providers";
import {
  githubDelivery,
  stripeDelivery,
  type TDelivery,
} from "@/e2e/fixtures/fake-providers/webhook-senders";
import { createConnection } from "@/lib/connections/create-connection";
import { db } from "@/lib/db";
import { mapOutboundUrl } from "@/lib/outbound/host-map";
import { setOutboundHostMapForTests, setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { configureOAuthApp } from "@/lib/providers/configure-app";
import { queueCounts, startWorkers, stopQueue } from "@/lib/queue/queue";
import { WEBHOOK_JOBS } from "@/lib/webhooks/jobs";
import { syncConnectionWebhooks } from "@/lib/webhooks/sync-connection";
import { hitCallback, messageOf, openBindUrl, startFlow } from "../connect-flow";
import { defaultBrandId, makeOwner, type TTestUser } from "../factories";
import { call } from "../http";

const rand = () => crypto.randomBytes(6).toString("hex");
let fakes: FakeHandle[] = [];
const hostMap: Record<string, string> = {};

function route(host: string, target: string) {
  hostMap[host] = target;
  setOutboundHostMapForTests({ ...hostMap });
  setOutboundPolicyForTests({ allowPrivate: true });
}

afterEach(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});
afterAll(async () => {
  setOutboundHostMapForTests(undefined);
  setOutboundPolicyForTests(undefined);
  await stopQueue(2_000);
});

async function until<T>(
  what: string,
  fn: () => Promise<T | null | undefined | false>,
  ms = 20_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const inbound = async (owner: TTestUser, id: string) =>
  (await call(inboundRoute.GET, { cookie: owner.cookie, params: { id } })).json as unknown as {
    registration: { status: string; error: string | null; endpoint_url: string | null } | null;
    events: { delivery_id: string }[];
  };

async function deliverTo(url: string, provider: string, d: TDelivery) {
  const source = new URL(url).pathname.split("/").pop()!;
  return call(sourceRoute.POST, {
    method: "POST",
    path: new URL(url).pathname,
    params: { provider, source },
    rawBody: d.body,
    headers: d.headers,
  });
}

const disconnect = (owner: TTestUser, id: string) =>
  call(connectionRoute.DELETE, { method: "DELETE", cookie: owner.cookie, params: { id } });

describe("Stripe: POST /v1/webhook_endpoints on connect, its own signing secret stored sealed, DELETE on disconnect", () => {
  const KEY = `sk_test_${"Q1w2E3r4".repeat(3)}`;

  it("a failed registration is visible on the connection and left for the queue to retry; then it registers", async () => {
    const stripe = await startFakeStripe({ validKeys: [KEY] });
    fakes.push(stripe);
    route("api.stripe.com", stripe.url);
    const owner = await makeOwner();
    const made = await call(connectionsRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      body: { provider: "stripe", api_key: KEY },
    });
    expect(made.status, made.text).toBe(201);
    const id = made.json.id as string;
    // The sync job was written with the connection; Stripe fails registration calls until told otherwise (not a
    // count: other test files' sync jobs may be worked by this process and reach this fake too).
    stripe.setMode("500");
    await startWorkers(WEBHOOK_JOBS, { only: ["webhooks.sync", "webhooks.process"] });
    // In the full suite this process also works the sync jobs of every other file's Shopify/Stripe/GitHub
    // connections (one queue, one database), so this job may wait behind them: a generous bound.
    const failed = await until(
      "the failure on the connection",
      async () => {
        const r = await inbound(owner, id);
        return r.registration?.status === "failed" ? r : null;
      },
      90_000,
    );
    expect(failed.registration!.error).toMatch(/Stripe answered HTTP 500/);
    expect(failed.registration!.error).not.toContain(KEY);
    await until("the job waiting for its retry", async () => (await queueCounts("webhooks.sync")).retry);
    const mine = () =>
      [...stripe.webhookEndpoints.values()].filter((e) => e.metadata.patchbay_connection === id);
    expect(mine()).toHaveLength(0);
    // The retry (run now instead of after the backoff) registers once.
    stripe.setMode("ok");
    await syncConnectionWebhooks(owner.teamId, id);
    expect((await inbound(owner, id)).registration!.status).toBe("registered");
    expect(mine()).toHaveLength(1);
  }, 120_000);

  it("registers on connect, verifies deliveries with the endpoint's secret, removes the endpoint on disconnect", async () => {
    const stripe = await startFakeStripe({ validKeys: [KEY] });
    fakes.push(stripe);
    route("api.stripe.com", stripe.url);
    const owner = await makeOwner();
    const made = await call(connectionsRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      body: { provider: "stripe", api_key: KEY },
    });
    const id = made.json.id as string;
    const reg = await until("registered", async () => {
      const r = await inbound(owner, id);
      return r.registration?.status === "registered" ? r.registration : null;
    });
    const mine = [...stripe.webhookEndpoints.values()].filter((e) => e.metadata.patchbay_connection === id);
    expect(mine).toHaveLength(1);
    const [endpoint] = mine;
    expect(endpoint).toMatchObject({
      url: reg.endpoint_url,
      enabled_events: ["payment_intent.succeeded", "customer.subscription.updated", "invoice.created"],
      metadata: { patchbay_connection: id },
    });
    expect(stripe.requestsTo("/v1/webhook_endpoints", "POST")[0]!.headers.authorization).toBe(
      `Bearer ${KEY}`,
    );
    // The endpoint's secret is stored sealed, never in the clear.
    const source = await db.inboundWebhookSource.findUniqueOrThrow({ where: { connectionId: id } });
    expect(JSON.stringify(source.secrets)).not.toContain(endpoint!.secret);

    // Stripe delivers to that endpoint, signed with its secret: accepted and routed to this connection.
    const ok = await deliverTo(reg.endpoint_url!, "stripe", stripeDelivery({ secrets: [endpoint!.secret] }));
    expect(ok.status, ok.text).toBe(200);
    expect(ok.json).toMatchObject({ status: "accepted" });
    expect((await inbound(owner, id)).events).toHaveLength(1);
    // Another endpoint's secret does not verify here.
    expect(
      (await deliverTo(reg.endpoint_url!, "stripe", stripeDelivery({ secrets: ["whsec_other"] }))).status,
    ).toBe(401);

    const gone = await disconnect(owner, id);
    expect(gone.status, gone.text).toBe(200);
    expect(gone.json).toMatchObject({ deleted: true, webhooks: { attempted: true, ok: true } });
    expect(stripe.deletedEndpoints).toEqual([endpoint!.id]);
    expect(stripe.webhookEndpoints.has(endpoint!.id)).toBe(false);
    expect(await db.inboundWebhookSource.count({ where: { connectionId: id } })).toBe(0);
    // A late delivery to the removed endpoint: 404.
    expect(
      (await deliverTo(reg.endpoint_url!, "stripe", stripeDelivery({ secrets: [endpoint!.secret] }))).status,
    ).toBe(404);
  });
});

describe("Shopify: webhookSubscriptionCreate per topic through the GraphQL Admin API on connect, delete on disconnect", () => {
  const SHOP = `reg-${rand()}.myshopify.com`;
  const CLIENT_ID = "patchbay-shopify-app";
  const CLIENT_SECRET = `shpss_${rand()}`;

  it("the real connect flow registers three subscriptions to the team app's URL; disconnect deletes them", async () => {
    const shopify = await startFakeShopify({ clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, shop: SHOP });
    fakes.push(shopify);
    route(SHOP, shopify.url);
    await startWorkers(WEBHOOK_JOBS, { only: ["webhooks.sync", "webhooks.process"] });
    const owner = await makeOwner();
    await configureOAuthApp(owner.ctx, "shopify", {
      level: "team",
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      settings: {},
    });
    const grant = await startFlow({ cookie: owner.cookie }, "shopify", { params: { shop: SHOP } });
    const bound = await openBindUrl(grant.authorization_url, owner.cookie);
    const callback = await followAuthorize(mapOutboundUrl(new URL(bound.location!))!.toString());
    const msg = messageOf((await hitCallback(callback, bound.cookie)).text);
    expect(msg, JSON.stringify(msg?.error)).toMatchObject({ status: "connected" });
    const id = msg!.connection_id!;

    await until("registered", async () => (await inbound(owner, id)).registration?.status === "registered");
    const subs = [...shopify.webhookSubscriptions.values()];
    expect(subs.map((s) => s.topic).sort()).toEqual([
      "INVENTORY_LEVELS_UPDATE",
      "ORDERS_CREATE",
      "PRODUCTS_UPDATE",
    ]);
    const url = subs[0]!.callbackUrl;
    expect(new Set(subs.map((s) => s.callbackUrl))).toEqual(new Set([url]));
    expect(url).toMatch(/^http:\/\/localhost:3999\/api\/v1\/webhooks\/shopify\/whs_/);
    expect(shopify.requestsTo(/\/graphql\.json$/, "POST")[0]!.headers["x-shopify-access-token"]).toMatch(
      /^shpat_/,
    );

    // Shopify delivers orders/create there, signed with the app secret: routed to this shop's connection.
    const hook = shopify.buildWebhook("orders/create", { id: 1, email: "jon@example.com" });
    const ok = await deliverTo(url, "shopify", hook);
    expect(ok.json).toMatchObject({ status: "accepted", stored: 1 });

    const gone = await disconnect(owner, id);
    expect(gone.json).toMatchObject({ deleted: true, webhooks: { attempted: true, ok: true } });
    expect(shopify.deletedSubscriptions.sort()).toEqual(subs.map((s) => s.id).sort());
    // …before the token was revoked (the uninstall call comes after the deletes).
    const calls = shopify.requests.map((r) => `${r.method} ${r.path}`);
    expect(calls.lastIndexOf("POST /admin/api/2025-07/graphql.json")).toBeLessThan(
      calls.indexOf("DELETE /admin/api_permissions/current.json"),
    );
  });
});

describe("GitHub: repository hooks with a per-connection secret Patchbay generates", () => {
  it("registers on the chosen repositories after a sync, verifies with the generated secret, removes on disconnect", async () => {
    const github = await startFakeGithubHooks({ repos: ["acme/widgets"] });
    fakes.push(github);
    route("api.github.com", github.url);
    await startWorkers(WEBHOOK_JOBS, { only: ["webhooks.sync", "webhooks.process"] });
    const owner = await makeOwner();
    const row = await createConnection(
      {
        teamId: owner.teamId,
        brandId: await defaultBrandId(owner.teamId),
        ownerKind: "shared",
        ownerUserId: null,
        providerSlug: "github",
        authMode: "oauth2",
        label: null,
        accountIdentity: { id: "583231", name: "octocat" },
        params: {},
        metadata: {},
        context: {},
        scopes: ["repo", "admin:repo_hook"],
        tokenExpiresAt: null,
        refreshTokenExpiresAt: null,
        credentials: { type: "oauth2", access_token: github.mintToken(), extra: {} },
      },
      "test: token issued by the fake",
    );
    const id = row.id;
    // No repositories chosen yet: nothing registered, and the connection says what to do.
    const first = await until("not configured", async () => {
      const r = await inbound(owner, id);
      return r.registration?.status === "not_configured" ? r.registration : null;
    });
    expect(first.error).toMatch(/webhook_repositories/);
    expect(github.hooks.size).toBe(0);

    await call(connectionRoute.PATCH, {
      method: "PATCH",
      cookie: owner.cookie,
      params: { id },
      body: { settings: { webhook_repositories: ["acme/widgets"] } },
    });
    const queued = await call(syncRoute.POST, { method: "POST", cookie: owner.cookie, params: { id } });
    expect(queued.status, queued.text).toBe(202);
    const reg = await until("registered", async () => {
      const r = await inbound(owner, id);
      return r.registration?.status === "registered" ? r.registration : null;
    });
    const [hook] = [...github.hooks.values()];
    expect(hook).toMatchObject({
      repo: "acme/widgets",
      events: ["push", "pull_request", "deployment_status"],
      config: { url: reg.endpoint_url, content_type: "json", insecure_ssl: "0" },
    });
    const secret = hook!.config.secret!;
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect((await deliverTo(reg.endpoint_url!, "github", githubDelivery({ secret }))).json).toMatchObject({
      status: "accepted",
    });

    const gone = await disconnect(owner, id);
    expect(gone.json).toMatchObject({ webhooks: { attempted: true, ok: true } });
    expect(github.deletedHooks).toEqual([hook!.id]);
  });

  it("another team cannot read or sync a connection's inbound webhooks (404)", async () => {
    const owner = await makeOwner();
    const row = await createConnection(
      {
        teamId: owner.teamId,
        brandId: await defaultBrandId(owner.teamId),
        ownerKind: "shared",
        ownerUserId: null,
        providerSlug: "github",
        authMode: "oauth2",
        label: null,
        accountIdentity: {},
        params: {},
        metadata: {},
        context: {},
        scopes: [],
        tokenExpiresAt: null,
        refreshTokenExpiresAt: null,
        credentials: { type: "oauth2", access_token: "gho_x", extra: {} },
      },
      "test",
    );
    const attacker = await makeOwner();
    expect((await call(inboundRoute.GET, { cookie: attacker.cookie, params: { id: row.id } })).status).toBe(
      404,
    );
    expect(
      (await call(syncRoute.POST, { method: "POST", cookie: attacker.cookie, params: { id: row.id } }))
        .status,
    ).toBe(404);
  });
});
