// The connector tools on MCP: the SDK's own Client over InMemoryTransport against an McpServer with
// registerConnectorTools, backed by a connection to the fake Shopify — tools listed per usable connection, called
// directly and through call_tool (with and without connection_id), and the errors an agent can act on.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { startFakeShopify, type FakeShopifyHandle } from "@/e2e/fixtures/fake-providers";
import type { TAuthContext } from "@/lib/actor";
import { setOutboundHostMapForTests, setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { closeProxyAgentsForTests } from "@/lib/proxy/agent";
import { resetThrottleForTests } from "@/lib/proxy/throttle";
import { registerConnectorTools } from "@/lib/tools/mcp-registrar";
import { makeApiKey } from "../factories";
import { makeToolConnection, toolTeam, type TToolTeam } from "../tool-fixtures";

const SHOP = "mcp-shop.myshopify.com";
let fake: FakeShopifyHandle;
const clients: Client[] = [];

beforeEach(async () => {
  setOutboundPolicyForTests({ allowPrivate: true });
  resetThrottleForTests();
  fake = await startFakeShopify({ clientId: "c", clientSecret: "s", shop: SHOP });
  fake.admin.data.orders = [
    {
      id: 1,
      name: "#1",
      created_at: "2025-03-01T10:00:00Z",
      currency: "USD",
      total_price: "42.00",
      financial_status: "paid",
      line_items: [{ id: 11, title: "Mug", quantity: 2, price: "21.00" }],
      refunds: [],
    },
  ];
  setOutboundHostMapForTests({ [SHOP]: fake.url });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  setOutboundPolicyForTests(undefined);
  setOutboundHostMapForTests(undefined);
  await closeProxyAgentsForTests();
  await fake.close();
});

const shopify = (team: TToolTeam) =>
  makeToolConnection(
    team,
    "shopify",
    "oauth2",
    { type: "oauth2", access_token: fake.mintAccessTokenWithScope("read_orders,read_products"), extra: {} },
    { params: { shop: SHOP }, scopes: ["read_orders", "read_products"] },
  );

async function connect(auth: TAuthContext): Promise<Client> {
  const server = new McpServer({ name: "patchbay-test", version: "0" });
  await registerConnectorTools(server, { auth, requestId: "req_mcp_test" });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: "test-agent", version: "0" });
  await client.connect(clientSide);
  clients.push(client);
  return client;
}

const structured = (r: unknown) => (r as CallToolResult).structuredContent as Record<string, unknown>;

describe("connector tools over MCP", () => {
  it("lists the tools of the caller's usable connections and calls one, directly and through call_tool", async () => {
    const team = await toolTeam();
    const id = await shopify(team);
    const client = await connect(team.owner.ctx);
    const names = (await client.listTools()).tools.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(["shopify.list_orders", "shopify.revenue", "call_tool"]));
    expect(names).not.toContain("stripe.mrr"); // no Stripe connection
    const listOrders = (await client.listTools()).tools.find((t) => t.name === "shopify.list_orders");
    expect(listOrders?.description).toContain(`Runs on your connection ${id}`);
    expect(Object.keys(listOrders?.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(["since", "status", "connection_id"]),
    );

    const direct = await client.callTool({ name: "shopify.list_orders", arguments: { status: "any" } });
    expect(direct.isError).toBeFalsy();
    expect(structured(direct)).toMatchObject({
      data: { count: 1, orders: [{ id: "1", total_price: 42, items: 2 }] },
      meta: { connection_id: id, tool: "shopify.list_orders" },
    });

    const viaCall = await client.callTool({
      name: "call_tool",
      arguments: { name: "shopify.list_orders", connection_id: id, input: { max_results: 5 } },
    });
    expect(structured(viaCall)).toMatchObject({ data: { count: 1 } });
  });

  it("without connection_id and two usable connections: an error listing the candidates; bad input: the paths", async () => {
    const team = await toolTeam();
    const a = await shopify(team);
    const b = await shopify(team);
    const client = await connect(team.owner.ctx);
    const res = await client.callTool({ name: "call_tool", arguments: { name: "shopify.list_orders" } });
    expect(res.isError).toBe(true);
    const err = structured(res).error as {
      code: string;
      message: string;
      details: { candidates: { id: string }[] };
    };
    expect(err.message).toContain("pass connection_id");
    expect(err.details.candidates.map((c) => c.id).sort()).toEqual([a, b].sort());

    const bad = await client.callTool({
      name: "call_tool",
      arguments: { name: "shopify.list_orders", connection_id: a, input: { status: "shipped" } },
    });
    expect(bad.isError).toBe(true);
    expect(structured(bad).error).toMatchObject({ code: "validation_failed" });
    const none = await client.callTool({ name: "call_tool", arguments: { name: "stripe.mrr" } });
    expect((structured(none).error as { message: string }).message).toContain("No usable stripe connection");
  });

  it("an API key needs tools:run; another team's connection is not found", async () => {
    const team = await toolTeam();
    const id = await shopify(team);
    const made = await makeApiKey(team.owner, ["connections:read"]);
    const keyCtx: TAuthContext = {
      actor: { kind: "api_key", keyId: made.api_key.id, scopes: ["connections:read"] },
      teamId: team.owner.teamId,
      role: null,
    };
    const client = await connect(keyCtx);
    const res = await client.callTool({ name: "shopify.list_orders", arguments: {} });
    expect(structured(res).error).toMatchObject({
      code: "forbidden",
      details: { missing_scopes: ["tools:run"] },
    });

    const other = await toolTeam();
    const before = fake.requests.length;
    const otherClient = await connect(other.owner.ctx);
    const hidden = await otherClient.callTool({
      name: "call_tool",
      arguments: { name: "shopify.list_orders", connection_id: id },
    });
    expect(structured(hidden).error).toMatchObject({ code: "not_found" });
    expect(fake.requests.length).toBe(before);
  });
});
