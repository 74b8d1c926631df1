// The MCP server of the running app, driven like an agent would by the MCP SDK's own client (Streamable HTTP over
// the network, an API key in the Authorization header): list the tools, start a Sandbox grant, let the user — a
// real browser with no Patchbay session — open the returned URL and consent at the Sandbox (a real OIDC server),
// poll get_connector_status until connected, then proxy a Sandbox API call and find the connection listed. The
// dashboard's MCP section shows the server URL and copyable client configs with a placeholder, never the key.
import { expect, test, type Page } from "@playwright/test";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import { baseURL } from "../playwright.config";
import { consentInSandbox, nav, shot, signUp, uniqueEmail } from "./helpers";

const MCP_URL = `${baseURL}/api/mcp`;

type TToolAnswer = { isError: boolean; text: string; data: Record<string, unknown> };

async function agentFor(key: string): Promise<Client> {
  const client = new Client({ name: "e2e-agent", version: "1.0.0" });
  await client.connect(
    new StreamableHTTPClientTransport(new URL(MCP_URL), {
      requestInit: { headers: { authorization: `Bearer ${key}` } },
    }),
  );
  return client;
}

async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<TToolAnswer> {
  const res = (await client.callTool({ name, arguments: args })) as CallToolResult;
  return {
    isError: res.isError === true,
    text: res.content.map((c) => (c.type === "text" ? c.text : "")).join("\n"),
    data: res.structuredContent ?? {},
  };
}

async function apiKey(page: Page): Promise<string> {
  const res = await page.request.post("/api/v1/api-keys", {
    data: {
      name: "agent",
      scopes: ["providers:read", "connections:read", "connections:write", "connections:proxy"],
    },
  });
  expect(res.status()).toBe(201);
  return ((await res.json()) as { key: string }).key;
}

test("an agent over MCP: list tools → start the Sandbox grant → the user consents → poll → proxy → listed", async ({
  page,
  browser,
}) => {
  await signUp(page, { email: uniqueEmail("mcp"), team: "Agents team" });
  const key = await apiKey(page);
  const agent = await agentFor(key);
  try {
    const { tools } = await agent.listTools();
    expect(tools.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        "list_connectors",
        "list_connections",
        "start_connector_oauth",
        "get_connector_status",
        "test_connection",
        "proxy_request",
      ]),
    );

    const started = await call(agent, "start_connector_oauth", {
      provider: "sandbox",
      label: "Agent sandbox",
    });
    expect(started.isError, started.text).toBe(false);
    const grantId = started.data.grant_id as string;
    const authorizationUrl = started.data.authorization_url as string;
    expect(authorizationUrl).toContain(`${baseURL}/oauth/authorize/grant_`);

    // The user's own browser: nothing of the dashboard session.
    const userContext = await browser.newContext();
    const user = await userContext.newPage();
    await user.goto(authorizationUrl);
    await consentInSandbox(user, "agent-user@example.test");

    // The agent polls until the user is done.
    await expect
      .poll(async () => (await call(agent, "get_connector_status", { grant_id: grantId })).data.status, {
        intervals: [250, 500, 1000],
      })
      .toBe("connected");
    await userContext.close();
    const status = await call(agent, "get_connector_status", { grant_id: grantId });
    const connectionId = status.data.connection_id as string;
    expect(connectionId).toMatch(/^conn_/);

    const me = await call(agent, "proxy_request", {
      connection_id: connectionId,
      method: "GET",
      path: "/me",
    });
    expect(me.isError, me.text).toBe(false);
    expect(me.data.status).toBe(200);
    expect((me.data.body as { sub?: string }).sub).toBeTruthy();
    expect(me.text).not.toContain(key);

    const listed = await call(agent, "list_connections", { provider: "sandbox" });
    expect(listed.data.data).toEqual([
      expect.objectContaining({ id: connectionId, status: "connected", label: "Agent sandbox" }),
    ]);

    // The dashboard shows the same connection, made by the agent's key.
    await nav(page, "Connections").click();
    await expect(page.getByTestId("connection-row").filter({ hasText: "Agent sandbox" })).toBeVisible();
  } finally {
    await agent.close();
  }
});

test("MCP edge: no key is a 401 with a Bearer challenge; a key without the scope gets a tool error naming it", async ({
  page,
  request,
}) => {
  const anon = await request.post("/api/mcp", {
    headers: { accept: "application/json, text/event-stream", "content-type": "application/json" },
    data: { jsonrpc: "2.0", id: 1, method: "tools/list" },
  });
  expect(anon.status()).toBe(401);
  expect(anon.headers()["www-authenticate"]).toBe('Bearer realm="patchbay"');
  expect(((await anon.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  const garbage = await request.post("/api/mcp", {
    headers: { authorization: "Bearer nope", "content-type": "application/json" },
    data: Buffer.from("{not json"),
  });
  expect(garbage.status()).toBe(401);

  await signUp(page, { email: uniqueEmail("mcp-scope"), team: "Scoped team" });
  const res = await page.request.post("/api/v1/api-keys", {
    data: { name: "read-only", scopes: ["providers:read"] },
  });
  const key = ((await res.json()) as { key: string }).key;
  const bad = await request.post("/api/mcp", {
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    data: Buffer.from("{not json"),
  });
  expect(bad.status()).toBe(400);
  expect(((await bad.json()) as { error: { code: string } }).error.code).toBe("invalid_json");

  const agent = await agentFor(key);
  try {
    const refused = await call(agent, "proxy_request", { connection_id: "conn_x", path: "/me" });
    expect(refused.isError).toBe(true);
    expect(refused.text).toContain("connections:proxy");
    expect((await call(agent, "list_connectors", { q: "sandbox" })).isError).toBe(false);
  } finally {
    await agent.close();
  }
});

test("API keys → MCP server: the URL and copyable client configs, with a placeholder instead of a key", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUp(page, { email: uniqueEmail("mcp-ui"), team: "MCP UI team" });
  const key = await apiKey(page);
  await nav(page, "API keys").click();
  const section = page.getByRole("region", { name: "MCP server" });
  await expect(section).toBeVisible();
  await expect(section.getByRole("textbox", { name: "MCP server URL" })).toHaveValue(MCP_URL);

  const generic = section.getByTestId("mcp-config-generic").locator("pre");
  await expect(generic).toContainText(`"url": "${MCP_URL}"`);
  await expect(generic).toContainText('"Authorization": "Bearer <your Patchbay API key>"');
  const desktop = section.getByTestId("mcp-config-claude-desktop").locator("pre");
  await expect(desktop).toContainText('"mcp-remote"');
  await expect(desktop).toContainText("Authorization:${PATCHBAY_AUTH}");
  await expect(page.locator("body")).not.toContainText(key);
  await expect(section.getByRole("cell", { name: "proxy_request" })).toBeVisible();

  // Copy → the clipboard holds the same text as the page shows; the button says so.
  const copy = section.getByRole("button", { name: /^Copy mcp\.json/ });
  await copy.click();
  await expect(copy).toHaveText("Copied");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(JSON.parse(copied)).toEqual({
    mcpServers: {
      patchbay: { type: "http", url: MCP_URL, headers: { Authorization: "Bearer <your Patchbay API key>" } },
    },
  });
  await section.scrollIntoViewIfNeeded();
  await shot(page, "mcp-settings");
});
