// The authenticated proxy against local fake providers speaking their real wire formats, reached through the real
// route handlers: how each provider's credential rides, what crosses in each direction, who may use which
// connection, and the states in which nothing is sent at all.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { sendJson, startFake, type FakeHandle } from "@/e2e/fixtures/fake-providers";
import { changeStatus } from "@/lib/connections/repo";
import { setOutboundHostMapForTests, setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { closeProxyAgentsForTests } from "@/lib/proxy/agent";
import { db } from "@/lib/db";
import { flushUsage } from "@/lib/usage/record-proxy-usage";
import { onProxyComplete, type TProxySummary } from "@/lib/proxy/observe";
import { resetThrottleForTests } from "@/lib/proxy/throttle";
import { makeProxyConnection, proxyTeam, readJson, viaJson, viaPath, viaProvider } from "../proxy-fixtures";

let fakes: FakeHandle[] = [];
const summaries: TProxySummary[] = [];
let unsubscribe: () => void = () => undefined;

beforeEach(() => {
  setOutboundPolicyForTests({ allowPrivate: true });
  resetThrottleForTests();
  summaries.length = 0;
  unsubscribe = onProxyComplete((s) => summaries.push(s));
});
afterEach(async () => {
  unsubscribe();
  setOutboundPolicyForTests(undefined);
  setOutboundHostMapForTests(undefined);
  await closeProxyAgentsForTests();
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

/** A fake API that answers every request with what it received (headers, path, query, body length). */
async function echoApi(extra: Record<string, string> = {}) {
  const fake = await startFake((req, res) => {
    sendJson(
      res,
      200,
      {
        method: req.method,
        path: req.path,
        query: req.query,
        headers: req.headers,
        bodyLength: req.body.length,
      },
      { "Set-Cookie": "session=upstream-cookie; Path=/; HttpOnly", "X-Upstream": "yes", ...extra },
    );
  });
  fakes.push(fake);
  return fake;
}

type TEcho = { method: string; path: string; query: Record<string, string>; headers: Record<string, string> };

describe("credential injection, one per style", () => {
  it("bearer (GitHub): token, default headers, path and query; the caller's key, cookies and Patchbay headers stay behind", async () => {
    const fake = await echoApi();
    setOutboundHostMapForTests({ "api.github.com": fake.url });
    const team = await proxyTeam();
    const id = await makeProxyConnection(team, "github", "oauth2", {
      type: "oauth2",
      access_token: "gho_githubAccessToken0123456789abcd",
      extra: {},
    });
    const res = await viaPath(id, "/user/repos?per_page=5&sort=updated", {
      key: team.key,
      headers: {
        cookie: "next-auth.session-token=abc",
        "patchbay-retries": "1",
        "x-patchbay-debug": "1",
        "x-forwarded-for": "203.0.113.9",
        connection: "keep-alive, x-hop",
        "x-hop": "hop value",
        "x-custom": "kept",
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("set-cookie")).toBeNull();
    expect(res.headers.get("x-upstream")).toBe("yes");
    expect(res.headers.get("patchbay-error")).toBeNull();
    const echo = (await readJson(res)) as TEcho;
    expect(echo.path).toBe("/user/repos");
    expect(echo.query).toEqual({ per_page: "5", sort: "updated" });
    expect(echo.headers.authorization).toBe("Bearer gho_githubAccessToken0123456789abcd");
    expect(echo.headers.accept).toBe("application/vnd.github+json");
    expect(echo.headers["x-github-api-version"]).toBe("2022-11-28");
    expect(echo.headers["x-custom"]).toBe("kept");
    for (const gone of ["cookie", "patchbay-retries", "x-patchbay-debug", "x-forwarded-for", "x-hop"])
      expect(echo.headers[gone], gone).toBeUndefined();
    expect(JSON.stringify(echo.headers)).not.toContain(team.key);
    expect(echo.headers["x-patchbay-original-host"]).toBe("api.github.com"); // the host-map marker only
    expect(summaries).toEqual([
      expect.objectContaining({ connectionId: id, provider: "github", status: 200, outcome: "upstream" }),
    ]);
    expect(summaries[0]!.bytesOut).toBeGreaterThan(0);
  });

  it("custom header (Shopify X-Shopify-Access-Token) on the shop's own host and versioned base path", async () => {
    const fake = await echoApi();
    setOutboundHostMapForTests({ "acme-store.myshopify.com": fake.url });
    const team = await proxyTeam();
    const id = await makeProxyConnection(
      team,
      "shopify",
      "oauth2",
      { type: "oauth2", access_token: "shpat_0123456789abcdef0123456789abcdef", extra: {} },
      { shop: "acme-store.myshopify.com" },
    );
    const echo = (await readJson(await viaPath(id, "/products.json?limit=1", { key: team.key }))) as TEcho;
    expect(echo.path).toBe("/admin/api/2025-07/products.json");
    expect(echo.headers["x-shopify-access-token"]).toBe("shpat_0123456789abcdef0123456789abcdef");
    expect(echo.headers.authorization).toBeUndefined();
    expect(echo.headers["x-patchbay-original-host"]).toBe("acme-store.myshopify.com");
  });

  it("HTTP Basic (Gorgias: email and API key)", async () => {
    const fake = await echoApi();
    setOutboundHostMapForTests({ "acme.gorgias.com": fake.url });
    const team = await proxyTeam();
    const id = await makeProxyConnection(
      team,
      "gorgias",
      "basic",
      { type: "basic", username: "ops@acme.test", password: "gorgias-api-key-0123456789" },
      { domain: "acme" },
    );
    const echo = (await readJson(await viaPath(id, "/tickets", { key: team.key }))) as TEcho;
    expect(echo.path).toBe("/api/tickets");
    expect(echo.headers.authorization).toBe(
      `Basic ${Buffer.from("ops@acme.test:gorgias-api-key-0123456789").toString("base64")}`,
    );
  });

  it("header with a prefix (Klaviyo private key: Authorization: Klaviyo-API-Key …)", async () => {
    const fake = await echoApi();
    setOutboundHostMapForTests({ "a.klaviyo.com": fake.url });
    const team = await proxyTeam();
    const id = await makeProxyConnection(team, "klaviyo", "api_key", {
      type: "api_key",
      api_key: "pk_0123456789abcdef0123456789abcdef01",
    });
    const echo = (await readJson(await viaPath(id, "/api/profiles", { key: team.key }))) as TEcho;
    expect(echo.headers.authorization).toBe("Klaviyo-API-Key pk_0123456789abcdef0123456789abcdef01");
  });

  it("Notion: bearer plus the Notion-Version header the provider requires (a caller's own version wins)", async () => {
    const fake = await echoApi();
    setOutboundHostMapForTests({ "api.notion.com": fake.url });
    const team = await proxyTeam();
    const id = await makeProxyConnection(team, "notion", "oauth2", {
      type: "oauth2",
      access_token: "ntn_notionAccessToken0123456789abcdefgh",
      extra: {},
    });
    const echo = (await readJson(await viaPath(id, "/users/me", { key: team.key }))) as TEcho;
    expect(echo.path).toBe("/v1/users/me");
    expect(echo.headers.authorization).toBe("Bearer ntn_notionAccessToken0123456789abcdefgh");
    expect(echo.headers["notion-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const own = (await readJson(
      await viaPath(id, "/users/me", { key: team.key, headers: { "Notion-Version": "2021-08-16" } }),
    )) as TEcho;
    expect(own.headers["notion-version"]).toBe("2021-08-16");
  });

  it("Salesforce: the base is the connection's instance_url, from the token response", async () => {
    const fake = await echoApi();
    setOutboundHostMapForTests({ "acme.my.salesforce.com": fake.url });
    const team = await proxyTeam();
    const id = await makeProxyConnection(
      team,
      "salesforce",
      "oauth2",
      { type: "oauth2", access_token: "00D000000000001!AQsalesforceToken0123456789", extra: {} },
      { instance_url: "https://acme.my.salesforce.com" },
    );
    const echo = (await readJson(
      await viaPath(id, "/query?q=SELECT+Id+FROM+Account", { key: team.key }),
    )) as TEcho;
    expect(echo.path).toMatch(/^\/services\/data\/v\d+\.\d\/query$/);
    expect(echo.query.q).toBe("SELECT Id FROM Account");
    expect(echo.headers["x-patchbay-original-host"]).toBe("acme.my.salesforce.com");
    expect(echo.headers.authorization).toBe("Bearer 00D000000000001!AQsalesforceToken0123456789");
  });
});

describe("the three ways in", () => {
  it("JSON form: method, relative url, headers and data; an absolute url on the API's own host", async () => {
    const fake = await echoApi();
    setOutboundHostMapForTests({ "api.github.com": fake.url });
    const team = await proxyTeam();
    const id = await makeProxyConnection(team, "github", "oauth2", {
      type: "oauth2",
      access_token: "gho_jsonFormToken0123456789abcdefgh",
      extra: {},
    });
    const res = await viaJson(
      id,
      {
        method: "post",
        url: "/repos/acme/app/issues?x=1",
        headers: { "X-Trace": "t1" },
        data: { title: "Hi" },
      },
      { key: team.key },
    );
    expect(res.status).toBe(200);
    const echo = (await readJson(res)) as TEcho & { bodyLength: number };
    expect(echo).toMatchObject({ method: "POST", path: "/repos/acme/app/issues", query: { x: "1" } });
    expect(echo.headers["x-trace"]).toBe("t1");
    expect(echo.headers["content-type"]).toBe("application/json");
    expect(echo.bodyLength).toBe(JSON.stringify({ title: "Hi" }).length);
    const abs = (await readJson(
      await viaJson(id, { url: "https://api.github.com/user" }, { key: team.key }),
    )) as TEcho;
    expect(abs).toMatchObject({ method: "GET", path: "/user" });
  });

  it("JSON form answers malformed input with 422 and sends nothing", async () => {
    const fake = await echoApi();
    setOutboundHostMapForTests({ "api.github.com": fake.url });
    const team = await proxyTeam();
    const id = await makeProxyConnection(team, "github", "oauth2", {
      type: "oauth2",
      access_token: "gho_x0123456789abcdefghijklmnop",
      extra: {},
    });
    for (const bad of [
      {},
      { url: 42 },
      { url: "/x", method: "GET /" },
      { url: "/x", headers: { "a b": "c" } },
    ]) {
      const res = await viaJson(id, bad, { key: team.key });
      expect(res.status, JSON.stringify(bad)).toBe(422);
    }
    expect(fake.requests).toHaveLength(0);
  });

  it("provider form: Connection-Id picks the connection; another provider's connection is 404; no header is 400", async () => {
    const fake = await echoApi();
    setOutboundHostMapForTests({ "api.github.com": fake.url });
    const team = await proxyTeam();
    const id = await makeProxyConnection(team, "github", "oauth2", {
      type: "oauth2",
      access_token: "gho_providerFormToken0123456789ab",
      extra: {},
    });
    const ok = await viaProvider("github", "/user", { key: team.key, headers: { "Connection-Id": id } });
    expect(ok.status).toBe(200);
    const echo = (await readJson(ok)) as TEcho;
    expect(echo.path).toBe("/user");
    expect(echo.headers["connection-id"]).toBeUndefined();
    const wrong = await viaProvider("notion", "/users/me", {
      key: team.key,
      headers: { "Connection-Id": id },
    });
    expect(wrong.status).toBe(404);
    expect(wrong.headers.get("patchbay-error")).toBe("not_found");
    const none = await viaProvider("github", "/user", { key: team.key });
    expect(none.status).toBe(400);
    expect(fake.requests).toHaveLength(1);
  });

  it("needs the connections:proxy scope", async () => {
    const team = await proxyTeam(["connections:read"]);
    const id = await makeProxyConnection(team, "github", "oauth2", {
      type: "oauth2",
      access_token: "gho_scopeToken0123456789abcdefghij",
      extra: {},
    });
    const res = await viaPath(id, "/user", { key: team.key });
    expect(res.status).toBe(403);
  });
});

describe("who may use which connection, and when", () => {
  it("another team's connection is 404 in every form, and nothing is sent", async () => {
    const fake = await echoApi();
    setOutboundHostMapForTests({ "api.github.com": fake.url });
    const victim = await proxyTeam();
    const attacker = await proxyTeam();
    const id = await makeProxyConnection(victim, "github", "oauth2", {
      type: "oauth2",
      access_token: "gho_victimToken0123456789abcdefghij",
      extra: {},
    });
    const answers = [
      await viaPath(id, "/user", { key: attacker.key }),
      await viaJson(id, { url: "/user" }, { key: attacker.key }),
      await viaProvider("github", "/user", { key: attacker.key, headers: { "Connection-Id": id } }),
    ];
    for (const res of answers) {
      expect(res.status).toBe(404);
      expect(res.headers.get("patchbay-error")).toBe("not_found");
    }
    expect(fake.requests).toHaveLength(0);
  });

  it.each([
    ["disabled", /enable it/],
    ["needs_reauth", /reconnect/],
  ] as const)("a %s connection answers a clear error, upstream untouched", async (status, says) => {
    const fake = await echoApi();
    setOutboundHostMapForTests({ "api.github.com": fake.url });
    const team = await proxyTeam();
    const id = await makeProxyConnection(team, "github", "oauth2", {
      type: "oauth2",
      access_token: "gho_statusToken0123456789abcdefghij",
      extra: {},
    });
    await changeStatus(team.owner.teamId, id, status, "set by a test");
    const res = await viaPath(id, "/user", { key: team.key });
    expect(res.status).toBe(409);
    expect(res.headers.get("patchbay-error")).toBe("connection_unusable");
    const body = (await readJson(res)) as { error: { code: string; message: string; details: unknown } };
    expect(body.error.code).toBe("conflict");
    expect(body.error.message).toMatch(says);
    expect(body.error.details).toMatchObject({ status });
    expect(fake.requests).toHaveLength(0);
    expect(summaries).toEqual([expect.objectContaining({ outcome: "patchbay_error", status: 409 })]);
  });
});

describe("responses pass through", () => {
  it("status, body and headers of an upstream error; a redirect is passed on, never followed", async () => {
    const other = await echoApi();
    const fake = await startFake((req, res) => {
      if (req.path === "/missing")
        sendJson(res, 404, { message: "Not Found" }, { "X-GitHub-Request-Id": "r1" });
      else if (req.path === "/moved") {
        res.writeHead(302, { Location: `${other.url}/steal` }).end();
      }
    });
    fakes.push(fake);
    setOutboundHostMapForTests({ "api.github.com": fake.url });
    const team = await proxyTeam();
    const id = await makeProxyConnection(team, "github", "oauth2", {
      type: "oauth2",
      access_token: "gho_passToken0123456789abcdefghijk",
      extra: {},
    });
    const missing = await viaPath(id, "/missing", { key: team.key });
    expect(missing.status).toBe(404);
    expect(missing.headers.get("patchbay-error")).toBeNull();
    expect(missing.headers.get("x-github-request-id")).toBe("r1");
    expect(await readJson(missing)).toEqual({ message: "Not Found" });
    const moved = await viaPath(id, "/moved", { key: team.key });
    expect(moved.status).toBe(302);
    expect(moved.headers.get("location")).toBe(`${other.url}/steal`);
    expect(other.requests).toHaveLength(0);
  });
});

describe("limits and usage on the proxy path", () => {
  it("every proxied answer carries RateLimit-*; the call is counted in the connection's usage after a flush", async () => {
    const fake = await echoApi();
    setOutboundHostMapForTests({ "api.github.com": fake.url });
    const team = await proxyTeam();
    const id = await makeProxyConnection(team, "github", "oauth2", {
      type: "oauth2",
      access_token: "gho_usageToken0123456789abcdefghij",
      extra: {},
    });
    const ok = await viaPath(id, "/user", { key: team.key });
    expect(ok.status).toBe(200);
    await ok.arrayBuffer(); // the summary (and so the usage sample) is emitted when the body has been read
    expect(ok.headers.get("ratelimit-policy")).toMatch(/comment="api_key".*comment="connection"/);
    expect(Number(ok.headers.get("ratelimit-remaining"))).toBeGreaterThan(0);
    const refused = await viaPath(id, "/..%2f..%2fadmin", { key: team.key });
    expect(refused.status).toBe(400);
    await refused.arrayBuffer();
    expect(refused.headers.get("ratelimit-limit")).not.toBeNull();

    await flushUsage();
    const rows = await db.connectionUsageDay.findMany({ where: { connectionId: id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ calls: 2, status2xx: 1, patchbayErrors: 1 });
  });
});
