// Shopify tools against the fake Shopify (e2e/fixtures/fake-providers/shopify*.ts) over HTTP, through the real
// proxy core: multi-page lists across the page_info boundary, the provider's own error, a 429 retried after
// Retry-After, a missing scope refused before any request, and revenue checked against hand-computed figures.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  startFakeShopify,
  type FakeShopifyHandle,
  type FakeShopifyOrder,
} from "@/e2e/fixtures/fake-providers";
import { db } from "@/lib/db";
import { setOutboundHostMapForTests, setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { closeProxyAgentsForTests } from "@/lib/proxy/agent";
import { resetThrottleForTests } from "@/lib/proxy/throttle";
import {
  getTools,
  makeToolConnection,
  postTool,
  run,
  runError,
  toolTeam,
  type TToolTeam,
} from "../tool-fixtures";

const SHOP = "tools-shop.myshopify.com";
let fake: FakeShopifyHandle;

function order(
  id: number,
  createdAt: string,
  total: string,
  extra: Partial<FakeShopifyOrder> = {},
): FakeShopifyOrder {
  return {
    id,
    name: `#${id}`,
    created_at: createdAt,
    currency: "EUR",
    total_price: total,
    financial_status: "paid",
    line_items: [{ id: id * 10, title: "Mug", quantity: 1, price: total }],
    refunds: [],
    ...extra,
  };
}

beforeEach(async () => {
  setOutboundPolicyForTests({ allowPrivate: true });
  resetThrottleForTests();
  fake = await startFakeShopify({
    clientId: "c",
    clientSecret: "s",
    shop: SHOP,
    shopInfo: { currency: "EUR" },
  });
  setOutboundHostMapForTests({ [SHOP]: fake.url });
});
afterEach(async () => {
  setOutboundPolicyForTests(undefined);
  setOutboundHostMapForTests(undefined);
  await closeProxyAgentsForTests();
  await fake.close();
});

async function shopifyConnection(team: TToolTeam, granted = "read_products,read_orders,read_customers") {
  const token = fake.mintAccessTokenWithScope(granted);
  return makeToolConnection(
    team,
    "shopify",
    "oauth2",
    { type: "oauth2", access_token: token, extra: {} },
    {
      params: { shop: SHOP },
      scopes: granted.split(","),
    },
  );
}

const listCalls = () => fake.requestsTo(/\/admin\/api\/[^/]+\/(orders|products|customers)\.json$/);

describe("shopify.list_orders", () => {
  it("reads every page across the page_info boundary: 260 orders in pages of 250, none twice, none lost", async () => {
    fake.admin.data.orders = Array.from({ length: 260 }, (_, i) =>
      order(1000 + i, `2025-03-${String(1 + (i % 28)).padStart(2, "0")}T10:00:00+01:00`, "10.00"),
    );
    const team = await toolTeam();
    const id = await shopifyConnection(team);
    const res = await run(team, id, "shopify.list_orders", { status: "any" });
    const data = res.data as { orders: { id: string }[]; count: number; partial: boolean; pages: number };
    expect(data.count).toBe(260);
    expect(new Set(data.orders.map((o) => o.id)).size).toBe(260);
    expect(data.orders[0]!.id).toBe("1259"); // newest id first
    expect(data.orders.at(-1)!.id).toBe("1000");
    expect(data.partial).toBe(false);
    expect(res.meta).toMatchObject({ pages: 2, requests: 2, provider: "shopify" });
    const [first, second] = listCalls();
    expect(first!.query).toMatchObject({ limit: "250", status: "any" });
    // The second page is the Link header's URL as it is: page_info and limit only (Shopify refuses filters here).
    expect(Object.keys(second!.query).sort()).toEqual(["limit", "page_info"]);
    expect(second!.headers["x-shopify-access-token"]).toMatch(/^shpat_/);
  });

  it("stops at max_results with partial: true", async () => {
    fake.admin.data.orders = Array.from({ length: 600 }, (_, i) =>
      order(1 + i, "2025-03-01T10:00:00Z", "1.00"),
    );
    const team = await toolTeam();
    const id = await shopifyConnection(team);
    const res = await run(team, id, "shopify.list_orders", { max_results: 300 });
    const data = res.data as { count: number; partial: boolean };
    expect(data.count).toBe(300);
    expect(data.partial).toBe(true);
    expect(res.partial).toEqual({ reason: "max_pages" });
    expect(listCalls()).toHaveLength(2);
  });

  it("a 429 from Shopify is waited out (Retry-After: 2.0) and retried by the proxy", async () => {
    fake.admin.data.orders = [order(1, "2025-03-01T10:00:00Z", "5.00")];
    const team = await toolTeam();
    const id = await shopifyConnection(team);
    fake.setMode("429", 1);
    const res = await run(team, id, "shopify.list_orders", {});
    expect((res.data as { count: number }).count).toBe(1);
    const calls = fake.requestsTo(/orders\.json$/);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(1900); // the retry honoured Retry-After: 2.0
  });

  it("a missing scope is refused before any request, listing what is missing", async () => {
    const team = await toolTeam();
    const id = await shopifyConnection(team, "read_products");
    const before = fake.requests.length;
    const err = await runError(run(team, id, "shopify.list_orders", {}));
    expect(err.status).toBe(403);
    expect(err.message).toContain("read_orders");
    expect(err.details).toMatchObject({ kind: "missing_scopes", missing_scopes: ["read_orders"] });
    expect(fake.requests.length).toBe(before);
  });

  it("write_orders covers read_orders (Shopify's scope implication)", async () => {
    const team = await toolTeam();
    const id = await shopifyConnection(team, "write_orders");
    const res = await run(team, id, "shopify.list_orders", {});
    expect((res.data as { count: number }).count).toBe(0);
  });

  it("the provider's refusal is a clear tool error with Shopify's own message", async () => {
    const team = await toolTeam();
    // The connection believes it has read_customers, but the shop's token lacks it (the merchant changed it).
    const token = fake.mintAccessTokenWithScope("read_orders");
    const id = await makeToolConnection(
      team,
      "shopify",
      "oauth2",
      { type: "oauth2", access_token: token, extra: {} },
      {
        params: { shop: SHOP },
        scopes: ["read_orders", "read_customers"],
      },
    );
    const err = await runError(run(team, id, "shopify.list_customers", {}));
    expect(err.status).toBe(502);
    expect(err.message).toBe(
      "shopify answered 403: [API] This action requires merchant approval for read_customers scope.",
    );
    expect(err.details).toMatchObject({ kind: "provider_error", provider_status: 403 });
  });
});

describe("shopify.revenue", () => {
  it("net of refunds, in the shop currency, cancelled and test orders excluded — checked by hand", async () => {
    fake.admin.data.orders = [
      order(1, "2025-03-01T09:00:00+01:00", "100.00"),
      order(2, "2025-03-02T18:30:00+01:00", "50.50", {
        financial_status: "partially_refunded",
        refunds: [
          {
            id: 91,
            created_at: "2025-03-05T10:00:00+01:00",
            transactions: [
              { id: 1, kind: "refund", status: "success", amount: "20.25" },
              { id: 2, kind: "refund", status: "failure", amount: "10.00" }, // failed: not money back
            ],
          },
        ],
      }),
      order(3, "2025-03-02T12:00:00+01:00", "70.00", { cancelled_at: "2025-03-02T13:00:00+01:00" }),
      order(4, "2025-03-03T12:00:00+01:00", "999.00", { test: true }),
      order(5, "2025-04-02T12:00:00+01:00", "33.00"), // after the period
    ];
    const team = await toolTeam();
    const id = await shopifyConnection(team);
    const res = await run(team, id, "shopify.revenue", {
      since: "2025-03-01T00:00:00+01:00",
      until: "2025-03-31T23:59:59+01:00",
    });
    expect(res.data).toEqual({
      currency: "EUR",
      since: "2025-03-01T00:00:00+01:00",
      until: "2025-03-31T23:59:59+01:00",
      orders: 2,
      gross: 150.5, // 100.00 + 50.50
      refunds: 20.25, // the successful refund only
      net: 130.25,
      average_order_value: 75.25,
      series: [
        { date: "2025-03-01", orders: 1, gross: 100, refunds: 0, net: 100 },
        { date: "2025-03-02", orders: 1, gross: 50.5, refunds: 20.25, net: 30.25 },
      ],
      partial: false,
    });
  });
});

describe("the REST surface", () => {
  it("runs a tool with an API key; bad input is a 422 with paths; another team's connection is 404", async () => {
    fake.admin.data.products = [
      {
        id: 7,
        title: "Mug",
        status: "active",
        created_at: "2025-01-01T00:00:00Z",
        updated_at: "2025-01-02T00:00:00Z",
        variants: [
          { id: 71, title: "Blue", price: "12.00", inventory_quantity: 3 },
          { id: 72, title: "Red", price: "14.50", inventory_quantity: 0 },
        ],
      },
    ];
    const team = await toolTeam();
    const id = await shopifyConnection(team);
    const ok = await postTool(team.key, id, "shopify.list_products", {});
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { data: { products: unknown[] }; meta: { tool: string } };
    expect(body.data.products).toEqual([
      expect.objectContaining({ id: "7", variants: 2, inventory: 3, min_price: 12, max_price: 14.5 }),
    ]);
    expect(body.meta.tool).toBe("shopify.list_products");

    const bad = await postTool(team.key, id, "shopify.list_orders", { status: "shipped", max_results: 0 });
    expect(bad.status).toBe(422);
    const issues = ((await bad.json()) as { error: { details: { issues: { path: string }[] } } }).error
      .details.issues;
    expect(issues.map((i) => i.path).sort()).toEqual(["input.max_results", "input.status"]);

    const other = await toolTeam();
    const before = fake.requests.length;
    const hidden = await postTool(other.key, id, "shopify.list_products", {});
    expect(hidden.status).toBe(404);
    expect(fake.requests.length).toBe(before);

    const noScope = await toolTeam(["tools:read"]);
    const idNoScope = await shopifyConnection(noScope);
    expect((await postTool(noScope.key, idNoScope, "shopify.list_products", {})).status).toBe(403);

    const audit = await db.auditEntry.findMany({ where: { teamId: team.owner.teamId, action: "tool.run" } });
    expect(audit.map((a) => a.metadata)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ tool: "shopify.list_products", outcome: "succeeded" }),
      ]),
    );
    expect(JSON.stringify(audit)).not.toContain("Mug"); // never the output data
  });

  it("GET /api/v1/tools pages by name, filters by provider and connection; malformed input is a 4xx", async () => {
    const team = await toolTeam();
    const id = await shopifyConnection(team, "read_orders");
    type TPage = {
      data: { name: string; connection?: { runnable: boolean; missing_scopes: string[] } }[];
      next_cursor: string | null;
    };
    const first = (await (await getTools(team.key, "?provider=shopify&limit=3")).json()) as TPage;
    expect(first.data.map((t) => t.name)).toEqual([
      "shopify.list_customers",
      "shopify.list_orders",
      "shopify.list_products",
    ]);
    const second = (await (
      await getTools(team.key, `?provider=shopify&limit=3&cursor=${first.next_cursor}`)
    ).json()) as TPage;
    expect(second).toMatchObject({ data: [{ name: "shopify.revenue" }], next_cursor: null });
    const forConn = (await (await getTools(team.key, `?connection_id=${id}`)).json()) as TPage;
    expect(forConn.data.find((t) => t.name === "shopify.list_products")?.connection).toEqual({
      id,
      runnable: false,
      missing_scopes: ["read_products"],
    });
    expect(forConn.data.find((t) => t.name === "shopify.list_orders")?.connection?.runnable).toBe(true);
    expect((await getTools(team.key, "?cursor=bm9wZQ")).status).toBe(422);
    expect((await getTools(team.key, "?offset=3")).status).toBe(422);
    const other = await toolTeam();
    expect((await getTools(other.key, `?connection_id=${id}`)).status).toBe(404);

    expect((await postTool(team.key, id, "shopify.list_orders", "{not json")).status).toBe(400);
    expect((await postTool(team.key, id, "shopify.list_orders", "[1,2]")).status).toBe(422);
    expect((await postTool(team.key, id, "shopify.no_such_tool", {})).status).toBe(404);
    expect((await postTool(team.key, id, "stripe.mrr", {})).status).toBe(400); // not a Shopify tool
  });
});
