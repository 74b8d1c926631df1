// The MCP server (POST /api/mcp) driven by the MCP SDK's own Client over its Streamable HTTP client transport,
// whose fetch is the real route handler (the same function Next serves): tools listed with the REST routes' input
// schemas, the HTTP edge (401 + Bearer challenge, malformed JSON-RPC → 4xx in our shape, never a 500), scope
// refusals as tool errors naming the scope, tenancy (another team's ids are not found), X-Account-Id, an
// agent-like start → consent → poll → proxy against the Sandbox (a real oidc-provider), and the reconnect hint.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  StreamableHTTPClientTransport,
  StreamableHTTPError,
} from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import * as mcpRoute from "@/app/api/mcp/route";
import type { TApiScope } from "@/lib/api-keys/scopes";
import { changeStatus } from "@/lib/connections/repo";
import { onProxyComplete, type TProxySummary } from "@/lib/proxy/observe";
import { closeProxyAgentsForTests } from "@/lib/proxy/agent";
import { setOutboundHostMapForTests, setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { sendJson, startFake } from "@/e2e/fixtures/fake-providers";
import { startSandbox, stopSandbox } from "@/lib/sandbox/sandbox-issuer";
import { consentAtProvider } from "../cookie-jar";
import { hitCallback, openBindUrl } from "../connect-flow";
import { makeApiKey, makeOwner, type TTestUser } from "../factories";
import { makeAccount, makeAccountConnection, partnerTeam } from "../partner-fixtures";
import { makeProxyConnection } from "../proxy-fixtures";

const MCP_URL = "http://localhost:3999/api/mcp";
const CALLBACK = "http://localhost:3999/oauth/callback";
const ALL: TApiScope[] = ["providers:read", "connections:read", "connections:write", "connections:proxy"];
const TOOLS = [
  "get_connector_status",
  "list_connections",
  "list_connectors",
  "proxy_request",
  "start_connector_oauth",
  "test_connection",
];

/** Reads a path of a JSON answer ("error.code"); undefined where it does not exist. */
function at(value: unknown, path: string): unknown {
  let v = value;
  for (const key of path.split("."))
    v = v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}
const str = (v: unknown): string => {
  if (typeof v !== "string") throw new Error(`expected a string, got ${JSON.stringify(v)}`);
  return v;
};

/** fetch → our route handler, as Next would call it. */
const routeFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
  const req = new Request(input, init);
  const handler = { POST: mcpRoute.POST, GET: mcpRoute.GET, DELETE: mcpRoute.DELETE }[req.method];
  if (!handler) return new Response(null, { status: 405 });
  return handler(req);
};

const opened: Client[] = [];
async function connect(key: string | null, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: "patchbay-test-agent", version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(MCP_URL), {
    fetch: routeFetch,
    requestInit: { headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers } },
  });
  await client.connect(transport);
  opened.push(client);
  return client;
}

async function tool(client: Client, name: string, args: Record<string, unknown> = {}) {
  const res = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const text = res.content.map((c) => (c.type === "text" ? c.text : "")).join("\n");
  return { isError: res.isError === true, text, data: res.structuredContent ?? {} };
}

/** A raw POST to the route, for what the SDK client would never send. */
async function rawPost(body: string, headers: Record<string, string> = {}) {
  const res = await mcpRoute.POST(
    new Request(MCP_URL, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        accept: "application/json, text/event-stream",
        ...headers,
      },
      body,
    }),
  );
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: JSON.parse(text || "null") as unknown };
}

const INIT = JSON.stringify({
  jsonrpc: "2.0",
  id: 1,
  method: "initialize",
  params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "0" } },
});

async function teamWithKey(scopes: TApiScope[] = ALL): Promise<{ owner: TTestUser; key: string }> {
  const owner = await makeOwner();
  return { owner, key: (await makeApiKey(owner, scopes)).key };
}

beforeAll(() => startSandbox());
afterAll(() => stopSandbox());
afterEach(async () => {
  await Promise.all(opened.splice(0).map((c) => c.close()));
});

describe("MCP server: tools and their schemas", () => {
  it("lists the six core tools, with input schemas from the REST routes' zod schemas", async () => {
    const { key } = await teamWithKey();
    const client = await connect(key);
    expect(client.getServerVersion()?.name).toBe("patchbay");
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual(expect.arrayContaining(TOOLS));
    const byName = Object.fromEntries(tools.map((t) => [t.name, t]));
    // ZListConnectionsQuery, field for field
    expect(Object.keys(byName.list_connections!.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(["q", "provider", "status", "brand_id", "limit", "cursor"]),
    );
    // ZStartGrantInput (+ provider), without the browser-only return_to / mode
    const start = byName.start_connector_oauth!.inputSchema;
    expect(Object.keys(start.properties ?? {})).toEqual(
      expect.arrayContaining(["provider", "scopes", "label", "params", "context", "brand_id"]),
    );
    expect(start.properties).not.toHaveProperty("return_to");
    expect(start.required).toContain("provider");
    expect(Object.keys(byName.proxy_request!.inputSchema.properties ?? {})).toEqual(
      expect.arrayContaining(["connection_id", "method", "path", "query", "headers", "body"]),
    );
    expect(byName.list_connectors!.annotations?.readOnlyHint).toBe(true);
  });

  it("list_connectors answers the catalog (the Sandbox included here)", async () => {
    const { key } = await teamWithKey(["providers:read"]);
    const r = await tool(await connect(key), "list_connectors", { q: "sandbox" });
    expect(r.isError).toBe(false);
    expect(at(r.data, "data")).toEqual([expect.objectContaining({ slug: "sandbox", connectable: true })]);
  });

  it("bad tool arguments are a tool error from the schema, not a crash", async () => {
    const { key } = await teamWithKey();
    const client = await connect(key);
    const r = await tool(client, "list_connections", { status: "sleeping" });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/Input validation error/);
    const both = await tool(client, "get_connector_status", { grant_id: "g", connection_id: "c" });
    expect(both.isError).toBe(true);
    expect(both.text).toContain("exactly one of grant_id and connection_id");
  });
});

describe("MCP server: the HTTP edge", () => {
  it("no key: 401 in our shape with a Bearer challenge; the SDK client's connect fails with 401", async () => {
    const res = await rawPost(INIT);
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: { code: "unauthorized", message: expect.any(String) as unknown } });
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="patchbay"');
    await expect(connect(null)).rejects.toSatisfy(
      (e: unknown) => e instanceof StreamableHTTPError && e.code === 401,
    );
  });

  it("a wrong, revoked-looking or malformed key: the same 401, invalid_token", async () => {
    for (const key of ["pbk_live_0000000000000000000000000000000000000000", "nonsense"]) {
      const res = await rawPost(INIT, { authorization: `Bearer ${key}` });
      expect(res.status).toBe(401);
      expect(at(res.json, "error.code")).toBe("unauthorized");
      expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
      expect(res.text).not.toContain(key);
    }
    const basic = await rawPost(INIT, { authorization: "Basic dXNlcjpwYXNz" });
    expect(basic.status).toBe(401);
  });

  it("malformed requests are 4xx in { error: { code, message, details } }, never a 500", async () => {
    const { key } = await teamWithKey();
    const auth = { authorization: `Bearer ${key}` };
    const cases: { body: string; headers?: Record<string, string>; status: number; code: string }[] = [
      { body: "{not json", status: 400, code: "invalid_json" },
      { body: '{"jsonrpc":"2.0","id":1', status: 400, code: "invalid_json" },
      { body: '{"hello":"world"}', status: 400, code: "bad_request" },
      { body: "[]", status: 400, code: "bad_request" },
      { body: '"just a string"', status: 400, code: "bad_request" },
      { body: '{"jsonrpc":"1.0","id":1,"method":"tools/list"}', status: 400, code: "bad_request" },
      { body: INIT, headers: { "content-type": "text/plain" }, status: 415, code: "unsupported_media_type" },
      { body: INIT, headers: { accept: "application/json" }, status: 400, code: "bad_request" },
      {
        body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }),
        headers: { "mcp-protocol-version": "1999-01-01" },
        status: 400,
        code: "bad_request",
      },
      { body: JSON.stringify({ x: "y".repeat(1024 * 1024 + 10) }), status: 413, code: "payload_too_large" },
    ];
    for (const c of cases) {
      const res = await rawPost(c.body, { ...auth, ...c.headers });
      expect(res.status, `${c.body.slice(0, 40)} ${JSON.stringify(c.headers)}`).toBe(c.status);
      expect(at(res.json, "error.code")).toBe(c.code);
      expect(typeof at(res.json, "error.message")).toBe("string");
      expect(Object.keys(res.json as object)).toEqual(["error"]);
      expect(res.headers.get("x-request-id")).toMatch(/^req_/);
    }
    // An unknown method is a JSON-RPC error inside a 200 (the protocol's own answer), not an HTTP failure.
    const unknown = await rawPost(JSON.stringify({ jsonrpc: "2.0", id: 3, method: "no/such" }), auth);
    expect(unknown.status).toBe(200);
    expect(unknown.json).toMatchObject({ jsonrpc: "2.0", id: 3, error: { code: -32601 } });
    // GET (SSE) and DELETE (sessions) do not exist in stateless mode.
    for (const method of ["GET", "DELETE"] as const) {
      const res = await mcpRoute[method](new Request(MCP_URL, { method, headers: auth }));
      expect(res.status).toBe(405);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("method_not_allowed");
    }
  });

  it("stateless: no session id is handed out, and every POST stands alone", async () => {
    const { key } = await teamWithKey();
    const init = await rawPost(INIT, { authorization: `Bearer ${key}` });
    expect(init.status).toBe(200);
    expect(init.headers.get("mcp-session-id")).toBeNull();
    expect(init.headers.get("content-type")).toMatch(/application\/json/);
    const list = await rawPost(JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }), {
      authorization: `Bearer ${key}`,
    });
    expect((at(list.json, "result.tools") as unknown[]).length).toBeGreaterThanOrEqual(6);
    // One bare tools/call, as in the README's cURL example: no initialize needed.
    const called = await rawPost(
      JSON.stringify({
        jsonrpc: "2.0",
        id: 3,
        method: "tools/call",
        params: { name: "list_connections", arguments: {} },
      }),
      { authorization: `Bearer ${key}` },
    );
    expect(called.status).toBe(200);
    expect(at(called.json, "result.structuredContent")).toEqual({ data: [], next_cursor: null });
  });
});

describe("MCP server: scopes and tenancy", () => {
  it("a tool the key's scopes do not allow is a tool error naming the missing scope", async () => {
    const { key } = await teamWithKey(["providers:read"]);
    const client = await connect(key);
    const cases: [string, Record<string, unknown>, string][] = [
      ["list_connections", {}, "connections:read"],
      ["start_connector_oauth", { provider: "sandbox" }, "connections:write"],
      ["get_connector_status", { connection_id: "conn_x" }, "connections:read"],
      ["test_connection", { connection_id: "conn_x" }, "connections:write"],
      ["proxy_request", { connection_id: "conn_x", path: "/me" }, "connections:proxy"],
    ];
    for (const [name, args, scope] of cases) {
      const r = await tool(client, name, args);
      expect(r.isError, name).toBe(true);
      expect(r.text).toContain(scope);
      expect(at(r.data, "error")).toMatchObject({ code: "forbidden", details: { missing_scopes: [scope] } });
    }
    expect((await tool(client, "list_connectors")).isError).toBe(false);
  });

  it("another team's connection and grant are not found — worded exactly like unknown ids", async () => {
    const victim = await teamWithKey();
    const victimConn = await makeProxyConnection(
      { owner: victim.owner, key: victim.key },
      "github",
      "oauth2",
      { type: "oauth2", access_token: "gho_victim_token", token_type: "bearer", extra: {} },
    );
    const victimGrant = await tool(await connect(victim.key), "start_connector_oauth", {
      provider: "sandbox",
    });
    expect(victimGrant.isError, victimGrant.text).toBe(false);

    const attacker = await connect((await teamWithKey()).key);
    for (const [name, args] of [
      ["get_connector_status", { connection_id: victimConn }],
      ["test_connection", { connection_id: victimConn }],
      ["proxy_request", { connection_id: victimConn, path: "/user" }],
    ] as const) {
      const theirs = await tool(attacker, name, args);
      const unknown = await tool(attacker, name, { ...args, connection_id: "conn_doesnotexist" });
      expect(theirs.isError, name).toBe(true);
      expect(at(theirs.data, "error.code")).toBe("not_found");
      expect(theirs.text).toBe(unknown.text);
      expect(theirs.text).not.toContain("gho_victim_token");
    }
    const grant = await tool(attacker, "get_connector_status", {
      grant_id: str(at(victimGrant.data, "grant_id")),
    });
    expect(grant.isError).toBe(true);
    expect(at(grant.data, "error.code")).toBe("not_found");
    const list = await tool(attacker, "list_connections");
    expect(at(list.data, "data")).toEqual([]);
  });

  it("X-Account-Id: only that account's connections, by id or by provider; another account's is not found", async () => {
    const team = await partnerTeam();
    const a = await makeAccount(team, "end-user-a");
    const b = await makeAccount(team, "end-user-b");
    const creds = {
      type: "oauth2" as const,
      access_token: "gho_account_token",
      token_type: "bearer",
      extra: {},
    };
    const connA = await makeAccountConnection(team, a.id, "github", creds, "A's GitHub");
    const connB = await makeAccountConnection(team, b.id, "github", creds, "B's GitHub");

    const asA = await connect(team.key, { "x-account-id": "end-user-a" });
    const list = await tool(asA, "list_connections");
    expect((at(list.data, "data") as { id: string }[]).map((c) => c.id)).toEqual([connA]);
    expect((await tool(asA, "get_connector_status", { connection_id: connA })).isError).toBe(false);
    const other = await tool(asA, "get_connector_status", { connection_id: connB });
    expect(at(other.data, "error.code")).toBe("not_found");

    const unknownAccount = await connect(team.key, { "x-account-id": "nobody" });
    expect((await tool(unknownAccount, "list_connections")).data.data).toEqual([]);
    const noAcc = await tool(unknownAccount, "proxy_request", { provider: "github", path: "/user" });
    expect(noAcc.isError).toBe(true);
    expect(at(noAcc.data, "error.code")).toBe("not_found");

    // Without X-Account-Id, provider alone names nothing.
    const plain = await tool(await connect(team.key), "proxy_request", { provider: "github", path: "/user" });
    expect(plain.isError).toBe(true);
    expect(plain.text).toContain("X-Account-Id");
  });
});

describe("MCP server: an agent's sequence against the Sandbox", () => {
  const summaries: TProxySummary[] = [];
  let unsubscribe: () => void = () => undefined;
  beforeEach(() => {
    summaries.length = 0;
    unsubscribe = onProxyComplete((s) => summaries.push(s));
  });
  afterEach(() => unsubscribe());

  it("start_connector_oauth → the user consents → get_connector_status polled → proxy_request /me → list_connections", async () => {
    const { owner, key } = await teamWithKey();
    const agent = await connect(key);

    const started = await tool(agent, "start_connector_oauth", {
      provider: "sandbox",
      label: "Agent's sandbox",
    });
    expect(started.isError, started.text).toBe(false);
    const grantId = str(at(started.data, "grant_id"));
    expect(at(started.data, "authorization_url")).toMatch(
      /^http:\/\/localhost:3999\/oauth\/authorize\/grant_/,
    );
    expect(started.text).toContain("get_connector_status");

    const pending = await tool(agent, "get_connector_status", { grant_id: grantId });
    expect(pending.data).toMatchObject({ status: "pending", connection_id: null });

    // The user's browser (no Patchbay session: an API-key grant binds to whichever browser opens it first).
    const bound = await openBindUrl(str(at(started.data, "authorization_url")));
    expect(bound.status).toBe(302);
    const callback = await consentAtProvider(bound.location!, "agent-user@example.test", CALLBACK);
    expect((await hitCallback(callback, bound.cookie)).status).toBe(200);

    const done = await tool(agent, "get_connector_status", { grant_id: grantId });
    expect(done.data).toMatchObject({
      status: "connected",
      connection_id: expect.stringMatching(/^conn_/) as unknown,
    });
    const connectionId = str(at(done.data, "connection_id"));

    const me = await tool(agent, "proxy_request", { connection_id: connectionId, path: "/me" });
    expect(me.isError, me.text).toBe(false);
    expect(me.data).toMatchObject({ status: 200, truncated: false, connection_id: connectionId });
    expect(at(me.data, "body.sub")).toBeTruthy();
    expect(at(me.data, "headers.content-type")).toMatch(/json/);
    expect(me.text).not.toMatch(/access_token|refresh_token/);
    // Through the proxy core: one summary for the usage counters and metrics, attributed to the key.
    expect(summaries).toEqual([
      expect.objectContaining({ connectionId, provider: "sandbox", status: 200, outcome: "upstream" }),
    ]);
    expect(summaries[0]!.apiKeyId).toBeTruthy();

    const list = await tool(agent, "list_connections", { provider: "sandbox" });
    expect(at(list.data, "data")).toEqual([
      expect.objectContaining({ id: connectionId, status: "connected", label: "Agent's sandbox" }),
    ]);
    const tested = await tool(agent, "test_connection", { connection_id: connectionId });
    expect(tested.data).toMatchObject({ ok: true, outcome: "passed" });

    // The connection now needs the user again: the agent is told what the user must open.
    await changeStatus(owner.teamId, connectionId, "needs_reauth", "test: refresh refused", {});
    const refused = await tool(agent, "proxy_request", { connection_id: connectionId, path: "/me" });
    expect(refused.isError).toBe(true);
    expect(refused.text).toMatch(
      /The user must reconnect: open http:\/\/localhost:3999\/oauth\/authorize\/grant_\S+/,
    );
    expect(at(refused.data, "error.details.reconnect.grant_id")).toMatch(/^grant_/);
    const status = await tool(agent, "get_connector_status", { connection_id: connectionId });
    expect(at(status.data, "status")).toBe("needs_reauth");
    expect(at(status.data, "action_required")).toMatch(/^The user must reconnect: open /);

    // A key that may not start grants gets the dashboard page instead.
    const readOnly = await connect((await makeApiKey(owner, ["connections:read", "connections:proxy"])).key);
    const hint = await tool(readOnly, "proxy_request", { connection_id: connectionId, path: "/me" });
    expect(hint.text).toContain(`open http://localhost:3999/connections/${connectionId}`);
  });

  it("X-Account-Id: start_connector_oauth makes the connection that account's, and the agent proxies by provider", async () => {
    const team = await partnerTeam();
    const account = await makeAccount(team, "agent-end-user");
    const asAccount = await connect(team.key, { "x-account-id": "agent-end-user" });
    const started = await tool(asAccount, "start_connector_oauth", { provider: "sandbox" });
    expect(started.isError, started.text).toBe(false);
    const bound = await openBindUrl(str(at(started.data, "authorization_url")));
    const callback = await consentAtProvider(bound.location!, "end-user@example.test", CALLBACK);
    expect((await hitCallback(callback, bound.cookie)).status).toBe(200);
    const done = await tool(asAccount, "get_connector_status", {
      grant_id: str(at(started.data, "grant_id")),
    });
    const connectionId = str(at(done.data, "connection_id"));
    const status = await tool(asAccount, "get_connector_status", { connection_id: connectionId });
    expect(at(status.data, "owner")).toMatchObject({ type: "account", account_id: account.id });
    const me = await tool(asAccount, "proxy_request", { provider: "sandbox", path: "/me" });
    expect(me.isError, me.text).toBe(false);
    expect(at(me.data, "connection_id")).toBe(connectionId);
    // Another account of the same team sees none of it.
    await makeAccount(team, "someone-else");
    const other = await connect(team.key, { "x-account-id": "someone-else" });
    expect(at(await tool(other, "list_connections"), "data.data")).toEqual([]);
    expect(
      at(await tool(other, "get_connector_status", { connection_id: connectionId }), "data.error.code"),
    ).toBe("not_found");
  });

  it("proxy_request sends method, query, headers and body through, and bounds the answer at 64 KB", async () => {
    const fake = await startFake((req, res) => {
      if (req.path === "/big") return sendJson(res, 200, { blob: "x".repeat(100 * 1024) });
      sendJson(res, 201, {
        method: req.method,
        path: req.path,
        query: req.query,
        body: req.body,
        auth: req.headers.authorization,
      });
    });
    setOutboundPolicyForTests({ allowPrivate: true });
    setOutboundHostMapForTests({ "api.github.com": fake.url });
    try {
      const team = await teamWithKey();
      const conn = await makeProxyConnection(team, "github", "oauth2", {
        type: "oauth2",
        access_token: "gho_proxy_token",
        token_type: "bearer",
        extra: {},
      });
      const agent = await connect(team.key);
      const echo = await tool(agent, "proxy_request", {
        connection_id: conn,
        method: "post",
        path: "/repos/acme/issues",
        query: { labels: "bug", page: ["1", "2"] },
        headers: { "x-custom": "yes" },
        body: { title: "Hello" },
      });
      expect(echo.isError, echo.text).toBe(false);
      expect(at(echo.data, "status")).toBe(201);
      expect(at(echo.data, "body")).toMatchObject({
        method: "POST",
        path: "/repos/acme/issues",
        body: JSON.stringify({ title: "Hello" }),
        auth: "Bearer gho_proxy_token",
      });
      expect(at(echo.data, "body.query")).toMatchObject({ labels: "bug" });

      const big = await tool(agent, "proxy_request", { connection_id: conn, path: "/big" });
      expect(at(big.data, "status")).toBe(200);
      expect(at(big.data, "truncated")).toBe(true);
      expect(str(at(big.data, "body")).length).toBe(64 * 1024);
      expect(summaries.at(-1)).toMatchObject({ connectionId: conn, outcome: "cancelled" });
    } finally {
      setOutboundHostMapForTests(undefined);
      setOutboundPolicyForTests(undefined);
      await closeProxyAgentsForTests();
      await fake.close();
    }
  });
});
