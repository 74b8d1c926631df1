// Group commit at the intake (lib/webhooks/store-batched.ts): deliveries arriving together share one transaction,
// and each sender still gets the answer for ITS delivery — accepted once, a concurrent copy of the same delivery
// id a duplicate, nothing lost, each stored row processed once.
import crypto from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as sourceRoute from "@/app/api/v1/webhooks/[provider]/[source]/route";
import { shopifyDelivery } from "@/e2e/fixtures/fake-providers/webhook-senders";
import { createConnection } from "@/lib/connections/create-connection";
import { db } from "@/lib/db";
import { configureOAuthApp } from "@/lib/providers/configure-app";
import { startWorkers, stopQueue } from "@/lib/queue/queue";
import { getInboundConfig } from "@/lib/webhooks/inbound-config";
import { WEBHOOK_JOBS } from "@/lib/webhooks/jobs";
import { syncConnectionWebhooks } from "@/lib/webhooks/sync-connection";
import { defaultBrandId, makeOwner } from "../factories";
import { call } from "../http";

const rand = () => crypto.randomBytes(6).toString("hex");

beforeAll(() => startWorkers(WEBHOOK_JOBS, { only: ["webhooks.process"] }));
afterAll(() => stopQueue(2_000));

describe("webhook intake under concurrent arrivals", () => {
  it("40 staggered deliveries (10 of them copies of another): 30 stored once, 10 duplicates, fewer transactions than deliveries", async () => {
    const owner = await makeOwner();
    const secret = `shpss_${rand()}`;
    await configureOAuthApp(owner.ctx, "shopify", {
      level: "team",
      client_id: "cid",
      client_secret: secret,
      settings: {},
    });
    const source = new URL((await getInboundConfig(owner.ctx, "shopify")).url!).pathname.split("/").pop()!;
    const shop = `batch-${rand()}.myshopify.com`;
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
        credentials: { type: "oauth2", access_token: `at_${rand()}`, extra: {} },
      },
      "test",
    );
    await syncConnectionWebhooks(owner.teamId, conn.id).catch(() => undefined);

    const ids = Array.from({ length: 30 }, () => crypto.randomUUID());
    const sends = [...ids, ...ids.slice(0, 10)].map((webhookId) =>
      shopifyDelivery({ secret, shop, webhookId }),
    );
    const spy = vi.spyOn(pg.Client.prototype, "query");
    const answers = await Promise.all(
      sends.map(async (d, i) => {
        await new Promise((r) => setTimeout(r, (i % 8) * 2)); // arrivals spread over ~15 ms
        return call(sourceRoute.POST, {
          method: "POST",
          path: `/api/v1/webhooks/shopify/${source}`,
          params: { provider: "shopify", source },
          rawBody: d.body,
          headers: d.headers,
        });
      }),
    );
    const sql = (q: unknown) => (typeof q === "string" ? q : ((q as { text?: string }).text ?? ""));
    const inserts = spy.mock.calls.filter((c) =>
      /INSERT INTO ("public"\.)?"InboundWebhookEvent"/.test(sql(c[0])),
    ).length;
    spy.mockRestore();

    expect(answers.every((a) => a.status === 200)).toBe(true);
    const statuses = answers.map((a) => (a.json as { status: string }).status);
    expect(statuses.filter((s) => s === "accepted")).toHaveLength(30);
    expect(statuses.filter((s) => s === "duplicate")).toHaveLength(10);
    const rows = await db.inboundWebhookEvent.findMany({ where: { connectionId: conn.id } });
    expect(rows.map((r) => r.deliveryId).sort()).toEqual([...ids].sort());
    expect(inserts).toBeGreaterThan(0);
    expect(inserts).toBeLessThan(sends.length);

    const end = Date.now() + 20_000;
    while (
      (await db.inboundWebhookEvent.count({ where: { connectionId: conn.id, status: "processed" } })) < 30
    ) {
      if (Date.now() > end) throw new Error("not every stored delivery was processed");
      await new Promise((r) => setTimeout(r, 100));
    }
    const processed = await db.inboundWebhookEvent.findMany({ where: { connectionId: conn.id } });
    expect(processed.every((r) => r.attempts === 1)).toBe(true);
  });
});
