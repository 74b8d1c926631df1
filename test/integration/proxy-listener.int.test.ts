// The dedicated listener (lib/listener, PATCHBAY_PROXY_PORT) over real HTTP: the same proxy and webhook handlers
// as the Next.js routes, so the same answers — the provider's status and body streamed back, our error shape with
// Patchbay-Error for our failures, security headers — and nothing else served on that port.
import crypto from "node:crypto";
import http from "node:http";
import { describe, expect, it } from "vitest";
import { sendJson, startFake } from "@/e2e/fixtures/fake-providers";
import { shopifyDelivery } from "@/e2e/fixtures/fake-providers/webhook-senders";
import { createConnection } from "@/lib/connections/create-connection";
import { db } from "@/lib/db";
import { setOutboundHostMapForTests } from "@/lib/outbound/guarded-fetch";
import { configureOAuthApp } from "@/lib/providers/configure-app";
import { getInboundConfig } from "@/lib/webhooks/inbound-config";
import { syncConnectionWebhooks } from "@/lib/webhooks/sync-connection";
import { defaultBrandId, makeOwner } from "../factories";
import { listenerHarness } from "../listener-harness";
import { makeProxyConnection, proxyTeam } from "../proxy-fixtures";

const h = listenerHarness();

/** An upstream that echoes what it received (method, path, auth header, body bytes + digest). */
async function echoUpstream(host: string) {
  h.fake = await startFake(async (req, res) => {
    sendJson(res, 200, {
      method: req.method,
      path: `${req.url.pathname}${req.url.search}`,
      authorization: req.headers.authorization ?? null,
      cookie: req.headers.cookie ?? null,
      bytes: Buffer.byteLength(req.body),
      sha256: crypto.createHash("sha256").update(req.body).digest("hex"),
    });
  });
  setOutboundHostMapForTests({ [host]: h.fake.url });
}

describe("the dedicated proxy listener", () => {
  it("proxies GET and a streamed POST with the connection's credential; strips the caller's cookie", async () => {
    await echoUpstream("api.stripe.com");
    const team = await proxyTeam();
    const id = await makeProxyConnection(team, "stripe", "api_key", {
      type: "api_key",
      api_key: "sk_test_listener0123456789",
    });
    const res = await fetch(`${h.base}/api/v1/connections/${id}/proxy/charges?limit=3`, {
      headers: { authorization: `Bearer ${team.key}`, cookie: "session=caller" },
    });
    expect(res.status).toBe(200);
    const got = (await res.json()) as Record<string, unknown>;
    expect(got).toMatchObject({ method: "GET", path: "/v1/charges?limit=3", cookie: null });
    expect(got.authorization).toBe("Bearer sk_test_listener0123456789");
    expect(res.headers.get("x-request-id")).toBeTruthy();
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");

    const upload = Buffer.from(crypto.randomBytes(1536 * 1024).toString("hex")); // 3 MB of text
    const posted = await fetch(`${h.base}/api/v1/proxy/stripe/files`, {
      method: "POST",
      headers: { authorization: `Bearer ${team.key}`, "connection-id": id },
      body: upload,
    });
    expect(posted.status).toBe(200);
    expect(await posted.json()).toMatchObject({
      method: "POST",
      path: "/v1/files",
      bytes: upload.length,
      sha256: crypto.createHash("sha256").update(upload).digest("hex"),
    });
  });

  it("answers our failures in our shape: no key 401, another team's connection 404 with Patchbay-Error", async () => {
    await echoUpstream("api.stripe.com");
    const team = await proxyTeam();
    const other = await proxyTeam();
    const id = await makeProxyConnection(other, "stripe", "api_key", {
      type: "api_key",
      api_key: "sk_test_othersTeam0123",
    });
    const anonymous = await fetch(`${h.base}/api/v1/connections/${id}/proxy/v1/charges`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
    // our refusal, not the provider's 401: the header says which side answered
    expect(anonymous.headers.get("patchbay-error")).toBe("unauthorized");
    const foreign = await fetch(`${h.base}/api/v1/connections/${id}/proxy/v1/charges`, {
      headers: { authorization: `Bearer ${team.key}` },
    });
    expect(foreign.status).toBe(404);
    expect(foreign.headers.get("patchbay-error")).toBe("not_found");
    expect(h.fake!.requests).toHaveLength(0);
  });

  it("serves nothing but the proxy and the webhooks: other paths 404, other methods 405, in our shape", async () => {
    const other = await fetch(`${h.base}/api/v1/connections`);
    expect(other.status).toBe(404);
    const body = (await other.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("not_found");
    expect(body.error.message).toContain("main port");
    const put = await fetch(`${h.base}/api/v1/webhooks/shopify`, { method: "PUT", body: "{}" });
    expect(put.status).toBe(405);
    const bad = await fetch(`${h.base}/api/v1/webhooks/shopify/%E0%A4%A`, { method: "POST", body: "{}" });
    expect(bad.status).toBe(404);
    expect((await fetch(`${h.base}/api/health`)).status).toBe(200);
    // A Host header that is no host must not turn into our 500 (the URL is built on a fixed origin).
    const oddHost = await new Promise<number>((resolve, reject) => {
      const r = http.request(
        `${h.base}/api/v1/connections/conn_x/proxy/v1/charges`,
        { headers: { host: "a b:c:d" } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      r.on("error", reject);
      r.end();
    });
    expect(oddHost).toBe(401);
  });

  it("takes a signed Shopify delivery to a team's source, and refuses a forged one (fail closed)", async () => {
    const owner = await makeOwner();
    const secret = `shpss_${crypto.randomBytes(8).toString("hex")}`;
    await configureOAuthApp(owner.ctx, "shopify", {
      level: "team",
      client_id: "cid",
      client_secret: secret,
      settings: {},
    });
    const source = new URL((await getInboundConfig(owner.ctx, "shopify")).url!).pathname.split("/").pop()!;
    const shop = `listener-${crypto.randomBytes(4).toString("hex")}.myshopify.com`;
    const conn = await createConnection(
      {
        teamId: owner.teamId,
        brandId: await defaultBrandId(owner.teamId),
        ownerKind: "shared",
        ownerUserId: null,
        providerSlug: "shopify",
        authMode: "oauth2",
        label: null,
        accountIdentity: {},
        params: { shop },
        metadata: {},
        context: {},
        scopes: [],
        tokenExpiresAt: null,
        refreshTokenExpiresAt: null,
        credentials: { type: "oauth2", access_token: "shpat_listener0123", extra: {} },
      },
      "test",
    );
    await syncConnectionWebhooks(owner.teamId, conn.id).catch(() => undefined);

    const d = shopifyDelivery({ secret, shop });
    const ok = await fetch(`${h.base}/api/v1/webhooks/shopify/${source}`, {
      method: "POST",
      headers: d.headers,
      body: d.body,
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { status: string }).status).toBe("accepted");
    expect(await db.inboundWebhookEvent.count({ where: { connectionId: conn.id } })).toBe(1);

    const forged = shopifyDelivery({ secret: "not-the-secret", shop });
    const refused = await fetch(`${h.base}/api/v1/webhooks/shopify/${source}`, {
      method: "POST",
      headers: forged.headers,
      body: forged.body,
    });
    expect(refused.status).toBe(401);
    expect(await db.inboundWebhookEvent.count({ where: { connectionId: conn.id } })).toBe(1);
  });
});
