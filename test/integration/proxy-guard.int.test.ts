// The proxy's outbound guard, retries and throttle against local fakes. Numbered like the attack suites: each case
// says what must not happen, and every refused case checks that the fake received nothing.
import { describe, expect, it } from "vitest";
import { sendJson, startFake, type FakeHandle } from "@/e2e/fixtures/fake-providers";
import { setOutboundHostMapForTests, setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import {
  makeProxyConnection,
  proxyTeam,
  proxyTestHooks,
  readJson,
  type TProxyTeam,
  viaJson,
  viaPath,
} from "../proxy-fixtures";

let fakes: FakeHandle[] = [];

proxyTestHooks(async () => {
  delete process.env.PATCHBAY_PROXY_MAX_RETRY_WAIT_MS;
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

async function fake(handler: Parameters<typeof startFake>[0]) {
  const f = await startFake(handler);
  fakes.push(f);
  return f;
}

const ok = () =>
  fake((req, res) => {
    sendJson(res, 200, { path: req.path });
  });

async function githubConnection(team: TProxyTeam) {
  return makeProxyConnection(team, "github", "oauth2", {
    type: "oauth2",
    access_token: "gho_guardToken0123456789abcdefghijk",
    extra: {},
  });
}

async function expectRefused(res: Response, kind = "guard_refused") {
  expect(res.headers.get("patchbay-error")).toBe(kind);
  const body = (await readJson(res)) as { error: { code: string; message: string } };
  expect(body.error.code).toBeTruthy();
  return body.error.message;
}

describe("outbound guard: refused with nothing sent", () => {
  it("1. //host in the path", async () => {
    const f = await ok();
    setOutboundHostMapForTests({ "api.github.com": f.url });
    const team = await proxyTeam();
    const id = await githubConnection(team);
    const res = await viaPath(id, "//evil.example/steal", { key: team.key });
    expect(res.status).toBe(400);
    expect(await expectRefused(res)).toMatch(/\/\//);
    expect(f.requests).toHaveLength(0);
  });

  it("2. dot segments that would climb out of the base path, also percent-encoded (JSON form keeps them raw)", async () => {
    const f = await ok();
    setOutboundHostMapForTests({ "acme-store.myshopify.com": f.url });
    const team = await proxyTeam();
    const id = await makeProxyConnection(
      team,
      "shopify",
      "oauth2",
      { type: "oauth2", access_token: "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", extra: {} },
      { shop: "acme-store.myshopify.com" },
    );
    for (const url of ["/../../oauth/access_token", "/%2e%2e/%2e%2e/x", "/..%2f..%2fadmin", "../x"]) {
      const res = await viaJson(id, { url }, { key: team.key });
      expect(res.status, url).toBe(400);
      await expectRefused(res);
    }
    expect(f.requests).toHaveLength(0);
  });

  it("3. an absolute URL off the API's host (JSON form), and any absolute URL where only paths are accepted", async () => {
    const f = await ok();
    const evil = await ok();
    setOutboundHostMapForTests({ "api.github.com": f.url, "evil.example": evil.url });
    const team = await proxyTeam();
    const id = await githubConnection(team);
    for (const url of [
      "https://evil.example/x",
      "http://api.github.com/user",
      "https://api.github.com.evil.example/",
    ]) {
      const res = await viaJson(id, { url }, { key: team.key });
      expect(res.status, url).toBe(400);
      await expectRefused(res);
    }
    expect(f.requests).toHaveLength(0);
    expect(evil.requests).toHaveLength(0);
  });

  it("4. an IP-literal API base (a token response's instance_url) without the private switch, metadata always", async () => {
    const team = await proxyTeam();
    const make = (instance: string) =>
      makeProxyConnection(
        team,
        "salesforce",
        "oauth2",
        { type: "oauth2", access_token: "00D000000000002!AQguardToken0123456789", extra: {} },
        { instance_url: instance },
      );
    setOutboundPolicyForTests({ allowPrivate: false });
    const literal = await make("https://10.1.2.3");
    expect(await expectRefused(await viaPath(literal, "/sobjects", { key: team.key }))).toMatch(/IP address/);
    setOutboundPolicyForTests({ allowPrivate: true });
    const metadata = await make("http://169.254.169.254");
    expect(await expectRefused(await viaPath(metadata, "/latest/meta-data", { key: team.key }))).toMatch(
      /link-local/,
    );
  });

  it("5. a provider host rerouted (or resolving) to the metadata service or to loopback without the switch", async () => {
    const f = await ok();
    const team = await proxyTeam();
    const id = await githubConnection(team);
    setOutboundHostMapForTests({ "api.github.com": "http://169.254.169.254" });
    expect(await expectRefused(await viaPath(id, "/user", { key: team.key }))).toMatch(/link-local/);
    // A host NAME that resolves to loopback: refused by the pool's connect-time lookup, not by a string check.
    setOutboundPolicyForTests({ allowPrivate: false });
    setOutboundHostMapForTests({ "api.github.com": `http://localhost:${String(f.port)}` });
    const res = await viaPath(id, "/user", { key: team.key });
    expect(await expectRefused(res)).toMatch(/loopback/);
    expect(f.requests).toHaveLength(0);
  });

  it("6. a redirect to another host is passed to the caller, not followed", async () => {
    const other = await ok();
    const f = await fake((_req, res) => {
      res.writeHead(307, { Location: `${other.url}/internal` }).end();
    });
    setOutboundHostMapForTests({ "api.github.com": f.url });
    const team = await proxyTeam();
    const id = await githubConnection(team);
    const res = await viaPath(id, "/user", { key: team.key, method: "POST", body: "{}" });
    expect(res.status).toBe(307);
    expect(res.headers.get("location")).toBe(`${other.url}/internal`);
    expect(other.requests).toHaveLength(0);
  });
});

describe("retries", () => {
  it("a 429 with Retry-After is waited out and retried; the caller sees the success", async () => {
    let calls = 0;
    const f = await fake((req, res) => {
      calls++;
      if (calls === 1) sendJson(res, 429, { message: "API rate limit exceeded" }, { "Retry-After": "1" });
      else sendJson(res, 200, { ok: true });
    });
    setOutboundHostMapForTests({ "api.github.com": f.url });
    const team = await proxyTeam();
    const id = await githubConnection(team);
    const res = await viaPath(id, "/user", { key: team.key });
    expect(res.status).toBe(200);
    expect(f.requests).toHaveLength(2);
    expect(f.requests[1]!.at - f.requests[0]!.at).toBeGreaterThanOrEqual(950);
  });

  it("a POST is not retried without an Idempotency-Key, and is with one", async () => {
    // Each distinct body fails the first time it arrives.
    const seen = new Set<string>();
    const f = await fake((req, res) => {
      if (!seen.has(req.body)) {
        seen.add(req.body);
        sendJson(res, 503, { message: "Service Unavailable" });
      } else sendJson(res, 201, { created: true });
    });
    setOutboundHostMapForTests({ "api.github.com": f.url });
    const team = await proxyTeam();
    const id = await githubConnection(team);
    const plain = await viaPath(id, "/repos/a/b/issues", { key: team.key, method: "POST", body: '{"t":1}' });
    expect(plain.status).toBe(503);
    expect(plain.headers.get("patchbay-error")).toBeNull(); // the provider's answer, passed through
    expect(f.requests).toHaveLength(1);
    const keyed = await viaPath(id, "/repos/a/b/issues", {
      key: team.key,
      method: "POST",
      body: '{"t":2}',
      headers: { "Idempotency-Key": "issue-2", "content-length": "7" },
    });
    expect(keyed.status).toBe(201);
    expect(f.requests).toHaveLength(3);
    expect(f.requests[2]!.body).toBe('{"t":2}'); // the same body, sent again
  });

  it("Patchbay-Retries: 0 passes the first 502 through; the wait cap passes a long Retry-After through", async () => {
    const f = await fake((_req, res) => {
      sendJson(res, 502, { message: "Bad Gateway" }, { "Retry-After": "30" });
    });
    setOutboundHostMapForTests({ "api.github.com": f.url });
    const team = await proxyTeam();
    const id = await githubConnection(team);
    const none = await viaPath(id, "/user", { key: team.key, headers: { "Patchbay-Retries": "0" } });
    expect(none.status).toBe(502);
    expect(f.requests).toHaveLength(1);
    const capped = await viaPath(id, "/user", { key: team.key }); // 30 s > the 10 s cap: not waited for
    expect(capped.status).toBe(502);
    expect(f.requests).toHaveLength(2);
    const bad = await viaPath(id, "/user", { key: team.key, headers: { "Patchbay-Retries": "9" } });
    expect(bad.status).toBe(400);
    expect(f.requests).toHaveLength(2);
  });

  it("a provider that cannot be reached is our error (unreachable), after the retries", async () => {
    const f = await ok();
    const port = f.port;
    await f.close();
    setOutboundHostMapForTests({ "api.github.com": `http://127.0.0.1:${String(port)}` });
    const team = await proxyTeam();
    const id = await githubConnection(team);
    const res = await viaPath(id, "/user", { key: team.key, headers: { "Patchbay-Retries": "1" } });
    expect(res.status).toBe(502);
    expect(res.headers.get("patchbay-error")).toBe("unreachable");
  });
});

describe("throttling from the provider's quota headers", () => {
  it("GitHub's X-RateLimit-Remaining/Reset: a burst is paced so that the fake refuses nothing", async () => {
    // A GitHub-like window: 3 requests per whole second, reset announced as an epoch second.
    const LIMIT = 3;
    let windowEnd = 0;
    let used = 0;
    let refused = 0;
    const f = await fake((_req, res) => {
      const now = Date.now();
      if (now >= windowEnd) {
        windowEnd = (Math.floor(now / 1000) + 1) * 1000;
        used = 0;
      }
      const headers = {
        "X-RateLimit-Limit": String(LIMIT),
        "X-RateLimit-Reset": String(windowEnd / 1000),
      };
      if (used >= LIMIT) {
        refused++;
        sendJson(
          res,
          429,
          { message: "API rate limit exceeded" },
          { ...headers, "X-RateLimit-Remaining": "0" },
        );
        return;
      }
      used++;
      sendJson(res, 200, { ok: true }, { ...headers, "X-RateLimit-Remaining": String(LIMIT - used) });
    });
    setOutboundHostMapForTests({ "api.github.com": f.url });
    const team = await proxyTeam();
    const id = await githubConnection(team);
    // Staggered arrivals: three waves of three, 50 ms apart; no retries, so a refusal would show.
    const waves = [0, 50, 100].map(async (delay) => {
      await new Promise((r) => setTimeout(r, delay));
      return Promise.all(
        [0, 1, 2].map(() =>
          viaPath(id, "/rate_limit", { key: team.key, headers: { "Patchbay-Retries": "0" } }),
        ),
      );
    });
    const statuses = (await Promise.all(waves)).flat().map((r) => r.status);
    expect(statuses).toEqual(Array(9).fill(200));
    expect(refused).toBe(0);
    expect(f.requests).toHaveLength(9);
  });

  it("Shopify's used/limit leaky bucket: a full bucket makes the next caller wait, not the fake refuse", async () => {
    // A nearly full bucket of 4 that leaks 2 a second (the entry's declared rate).
    const SIZE = 4;
    let level = 3;
    let last = Date.now();
    let refused = 0;
    const f = await fake((_req, res) => {
      const now = Date.now();
      level = Math.max(0, level - ((now - last) / 1000) * 2);
      last = now;
      if (level + 1 > SIZE) {
        refused++;
        sendJson(
          res,
          429,
          { errors: "Exceeded 2 calls per second for api client." },
          { "Retry-After": "1.0" },
        );
        return;
      }
      level += 1;
      sendJson(
        res,
        200,
        { shop: {} },
        { "X-Shopify-Shop-Api-Call-Limit": `${String(Math.ceil(level))}/${SIZE}` },
      );
    });
    setOutboundHostMapForTests({ "acme-store.myshopify.com": f.url });
    const team = await proxyTeam();
    const id = await makeProxyConnection(
      team,
      "shopify",
      "oauth2",
      { type: "oauth2", access_token: "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", extra: {} },
      { shop: "acme-store.myshopify.com" },
    );
    const first = await viaPath(id, "/shop.json", { key: team.key, headers: { "Patchbay-Retries": "0" } });
    expect(first.status).toBe(200); // the bucket is now 4/4: learnt
    const burst = await Promise.all(
      [0, 1, 2].map(() => viaPath(id, "/shop.json", { key: team.key, headers: { "Patchbay-Retries": "0" } })),
    );
    expect(burst.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(refused).toBe(0);
  });

  it("a wait longer than the queue allows is our 429 with Retry-After, not a request the provider refuses", async () => {
    const f = await fake((_req, res) => {
      sendJson(
        res,
        200,
        { ok: true },
        {
          "X-RateLimit-Limit": "60",
          "X-RateLimit-Remaining": "0",
          "X-RateLimit-Reset": String(Math.floor(Date.now() / 1000) + 600),
        },
      );
    });
    setOutboundHostMapForTests({ "api.github.com": f.url });
    const team = await proxyTeam();
    const id = await githubConnection(team);
    expect((await viaPath(id, "/user", { key: team.key })).status).toBe(200);
    const res = await viaPath(id, "/user", { key: team.key });
    expect(res.status).toBe(429);
    expect(res.headers.get("patchbay-error")).toBe("throttled");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(500);
    expect(f.requests).toHaveLength(1);
  });
});
