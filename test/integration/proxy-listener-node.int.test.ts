// The listener's node fast path (lib/http/define-route.ts `serveNode`, lib/answer.ts `writeAnswer`) over real
// HTTP: the proxy routes are answered from node:http to node:http with no Web Request, Response or Web stream in
// between, and with the same answers as the Next.js route handler (the Web adapter of the same streaming route).
// What must not happen:
//  1. the listener quietly falls back to the Web adapter for a proxy route (the fast path unused);
//  2. an answer differs between the two paths (status, body, error shape, Patchbay-Error, RateLimit-* …);
//  3. a caller's Authorization, cookie, hop-by-hop or Patchbay header reaches the provider, or a provider's
//     Set-Cookie reaches the caller;
//  4. a body is buffered (50 MB each way with flat RSS);
//  5. the 401 → refresh → one more attempt path, the rate limits or the per-request summary (usage, metrics, log)
//     behave differently on this path.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { sendJson, startFake } from "@/e2e/fixtures/fake-providers";
import { sealCredentials } from "@/lib/connections/credentials";
import { db } from "@/lib/db";
import { matchListenerRoute } from "@/lib/listener/listener";
import { connectionProxyRoute } from "@/lib/listener/routes";
import { setOutboundHostMapForTests } from "@/lib/outbound/guarded-fetch";
import { onProxyComplete, type TProxySummary } from "@/lib/proxy/observe";
import { updateTeamProxyLimits } from "@/lib/proxy-limits/team-limits";
import { makeApiKey } from "../factories";
import { connectToOwnServer, storedOAuthConnection, teamWithOwnOAuthServer } from "../oauth-team";
import { listenerHarness } from "../listener-harness";
import { makeProxyConnection, proxyTeam, viaPath, viaProvider, type TProxyTeam } from "../proxy-fixtures";

const MB = 1024 * 1024;

const h = listenerHarness();

/** Serves api.stripe.com from a node:http server of the test's own (closed after the test). */
async function stripeUpstream(server: http.Server): Promise<void> {
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  h.closers.push(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  setOutboundHostMapForTests({
    "api.stripe.com": `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
  });
}

type TGot = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

/** One request to the listener with node:http (no fetch: nothing Web on the client side either). */
function call(
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: Buffer,
): Promise<TGot> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${h.base}${path}`, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** An upstream that echoes what it received, and answers with a cookie and a header of its own. */
async function echoUpstream(host: string) {
  h.fake = await startFake(async (req, res) => {
    res.setHeader("set-cookie", ["upstream_session=abc; Path=/", "other=1"]);
    res.setHeader("x-upstream", "yes");
    sendJson(res, 200, {
      method: req.method,
      path: `${req.url.pathname}${req.url.search}`,
      headers: req.headers,
      bytes: Buffer.byteLength(req.body),
      sha256: crypto.createHash("sha256").update(req.body).digest("hex"),
    });
  });
  setOutboundHostMapForTests({ [host]: h.fake.url });
}

async function stripeTeam(): Promise<{ team: TProxyTeam; id: string }> {
  const team = await proxyTeam();
  const id = await makeProxyConnection(team, "stripe", "api_key", {
    type: "api_key",
    api_key: `sk_test_node${crypto.randomBytes(6).toString("hex")}`,
  });
  return { team, id };
}

/** Counts `new Request` / `new Response` / `Response.json` in this process while `fn` runs. */
async function webObjectsMadeBy(fn: () => Promise<unknown>): Promise<number> {
  const g = globalThis as { Request: typeof Request; Response: typeof Response };
  const original = { Request: g.Request, Response: g.Response };
  let made = 0;
  const counting = <T extends object>(target: T): T =>
    new Proxy(target, {
      construct(t, args: unknown[], newTarget: new (...a: unknown[]) => object) {
        made++;
        return Reflect.construct<unknown[], object>(
          t as unknown as new (...a: unknown[]) => object,
          args,
          newTarget,
        );
      },
      get(t, prop, receiver) {
        if (prop === "json") made++;
        return Reflect.get(t, prop, receiver) as unknown;
      },
    });
  g.Request = counting(original.Request);
  g.Response = counting(original.Response);
  try {
    await fn();
  } finally {
    g.Request = original.Request;
    g.Response = original.Response;
  }
  return made;
}

/** What both paths must agree on: everything but the per-request and per-transport values. */
const VOLATILE = new Set([
  "x-request-id",
  "date",
  "connection",
  "keep-alive",
  "transfer-encoding",
  "content-length",
  "ratelimit-remaining",
  "ratelimit-reset",
  "ratelimit",
]);
function comparable(
  headers: Iterable<[string, string]>,
  securityHeaders: Set<string>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of headers) if (!VOLATILE.has(k) && !securityHeaders.has(k)) out[k] = v;
  return out;
}
const nodePairs = (h: http.IncomingHttpHeaders): [string, string][] =>
  Object.entries(h).map(([k, v]) => [k, Array.isArray(v) ? v.join(", ") : (v ?? "")]);

describe("the listener's node fast path", () => {
  it("is what the listener uses for both proxy routes: no Web Request or Response is made (the webhook path does)", async () => {
    await echoUpstream("api.stripe.com");
    const { team, id } = await stripeTeam();
    const match = matchListenerRoute("GET", `/api/v1/connections/${id}/proxy/charges`);
    expect(match !== null && match !== "method" && match.node).toBe(connectionProxyRoute.serveNode);

    let got: TGot | undefined;
    const byId = await webObjectsMadeBy(async () => {
      got = await call("GET", `/api/v1/connections/${id}/proxy/charges`, {
        authorization: `Bearer ${team.key}`,
      });
    });
    expect(got!.status).toBe(200);
    expect(byId).toBe(0);
    const refused = await webObjectsMadeBy(async () => {
      got = await call("GET", `/api/v1/proxy/stripe/charges`, { authorization: "Bearer pbk_nope" });
    });
    expect(got!.status).toBe(401);
    expect(refused).toBe(0);
    // The control: the webhook routes still go through the Web adapter, so the counter does count.
    const webhook = await webObjectsMadeBy(async () => {
      await call("GET", "/api/v1/webhooks/shopify");
    });
    expect(webhook).toBeGreaterThan(0);
  });

  it("answers exactly as the Next.js route does: success, refusals, our error shape with Patchbay-Error", async () => {
    await echoUpstream("api.stripe.com");
    const { team, id } = await stripeTeam();
    const other = await stripeTeam();
    const health = await call("GET", "/api/health");
    const security = new Set(Object.keys(health.headers).filter((k) => k !== "content-type"));
    security.delete("cache-control");
    const auth = { authorization: `Bearer ${team.key}` };
    const cases: {
      name: string;
      path: string;
      via: () => Promise<Response>;
      headers: Record<string, string>;
    }[] = [
      {
        name: "GET with a query",
        path: `/api/v1/connections/${id}/proxy/charges?limit=3&starting_after=ch_1`,
        via: () => viaPath(id, "/charges?limit=3&starting_after=ch_1", { key: team.key }),
        headers: auth,
      },
      {
        name: "no API key",
        path: `/api/v1/connections/${id}/proxy/charges`,
        via: () => viaPath(id, "/charges", { key: "" }),
        headers: { authorization: "Bearer " },
      },
      {
        name: "another team's connection",
        path: `/api/v1/connections/${other.id}/proxy/charges`,
        via: () => viaPath(other.id, "/charges", { key: team.key }),
        headers: auth,
      },
      {
        name: "a bad Patchbay-Retries",
        path: `/api/v1/connections/${id}/proxy/charges`,
        via: () => viaPath(id, "/charges", { key: team.key, headers: { "patchbay-retries": "9" } }),
        headers: { ...auth, "patchbay-retries": "9" },
      },
      {
        name: "a dot segment (outbound guard)",
        path: `/api/v1/connections/${id}/proxy/a/%2e%2e/b`,
        via: () => viaPath(id, "/a/%2e%2e/b", { key: team.key }),
        headers: auth,
      },
      {
        name: "the provider form without a connection header",
        path: `/api/v1/proxy/stripe/charges`,
        via: () => viaProvider("stripe", "/charges", { key: team.key }),
        headers: auth,
      },
      {
        name: "the provider form with Connection-Id",
        path: `/api/v1/proxy/stripe/charges`,
        via: () => viaProvider("stripe", "/charges", { key: team.key, headers: { "connection-id": id } }),
        headers: { ...auth, "connection-id": id },
      },
      {
        name: "a provider slug the params schema refuses (422)",
        path: `/api/v1/proxy/Not_A_Slug/charges`,
        via: () => viaProvider("Not_A_Slug", "/charges", { key: team.key }),
        headers: auth,
      },
    ];
    for (const c of cases) {
      const web = await c.via();
      const webBody = await web.text();
      const node = await call("GET", c.path, c.headers);
      expect({ case: c.name, status: node.status }).toEqual({ case: c.name, status: web.status });
      expect({ case: c.name, body: node.body.toString() }).toEqual({ case: c.name, body: webBody });
      expect({ case: c.name, headers: comparable(nodePairs(node.headers), security) }).toEqual({
        case: c.name,
        headers: comparable(web.headers.entries(), security),
      });
      expect(node.headers["x-request-id"]).toMatch(/^req_/);
      expect(node.headers["x-content-type-options"]).toBe("nosniff");
      if (node.status >= 400 && node.status !== 422) {
        const body = JSON.parse(node.body.toString()) as { error: { code: string; message: string } };
        expect(body.error.code).toBeTruthy();
        expect(node.headers["patchbay-error"]).toBeTruthy();
      }
    }
    // The provider's answer passed through: RateLimit-* of ours, Set-Cookie of theirs kept back.
    const ok = await call("GET", `/api/v1/connections/${id}/proxy/charges`, auth);
    expect(ok.headers["x-upstream"]).toBe("yes");
    expect(ok.headers["set-cookie"]).toBeUndefined();
    expect(ok.headers["ratelimit-policy"]).toBeTruthy();
    expect(ok.headers["patchbay-error"]).toBeUndefined();
  });

  it("strips the caller's credentials, cookies, hop-by-hop and Patchbay headers going up", async () => {
    await echoUpstream("api.stripe.com");
    const { team, id } = await stripeTeam();
    const got = await call("GET", `/api/v1/connections/${id}/proxy/charges`, {
      authorization: `Bearer ${team.key}`,
      cookie: "session=caller",
      connection: "keep-alive, x-hop",
      "x-hop": "listed in Connection",
      "patchbay-retries": "0",
      "x-patchbay-note": "ours",
      "x-forwarded-for": "203.0.113.9",
      "x-request-id": "caller-chosen",
      "x-custom": "kept",
    });
    expect(got.status).toBe(200);
    const seen = (JSON.parse(got.body.toString()) as { headers: Record<string, string> }).headers;
    expect(seen.authorization).toMatch(/^Bearer sk_test_node/);
    expect(seen["x-custom"]).toBe("kept");
    for (const name of ["cookie", "x-hop", "patchbay-retries", "x-patchbay-note", "x-forwarded-for"])
      expect({ name, value: seen[name] }).toEqual({ name, value: undefined });
    expect(seen["x-request-id"]).toBeUndefined();
    expect(got.headers["x-request-id"]).not.toBe("caller-chosen");
  });

  it("sends RateLimit-* on every answer and refuses past the connection limit: 429, Retry-After, Patchbay-Error", async () => {
    await echoUpstream("api.stripe.com");
    const { team, id } = await stripeTeam();
    await updateTeamProxyLimits(team.owner.ctx, { key_rpm: 100, connection_rpm: 2 });
    const auth = { authorization: `Bearer ${team.key}` };
    const path = `/api/v1/connections/${id}/proxy/charges`;
    const first = await call("GET", path, auth);
    const second = await call("GET", path, auth);
    const third = await call("GET", path, auth);
    expect([first.status, second.status, third.status]).toEqual([200, 200, 429]);
    expect(first.headers["ratelimit-limit"]).toBe("2");
    expect(first.headers["ratelimit-remaining"]).toBe("1");
    expect(third.headers["patchbay-error"]).toBe("rate_limited");
    expect(Number(third.headers["retry-after"])).toBeGreaterThan(0);
    expect((JSON.parse(third.body.toString()) as { error: { code: string } }).error.code).toBe(
      "rate_limited",
    );
    expect(h.fake!.requests).toHaveLength(2);
  });

  it("streams 50 MB down and 50 MB up with flat memory, and reports the bytes in the summary", async () => {
    const size = 50 * MB;
    const chunk = 64 * 1024;
    const server = http.createServer((req, res) => {
      if (req.url?.startsWith("/v1/download")) {
        res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(size) });
        let sent = 0;
        const pump = () => {
          while (sent < size) {
            const more = res.write(Buffer.alloc(chunk, sent % 251));
            sent += chunk;
            if (!more) return void res.once("drain", pump);
          }
          res.end();
        };
        pump();
        return;
      }
      let bytes = 0;
      req.on("data", (c: Buffer) => (bytes += c.byteLength));
      req.on("end", () =>
        res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ bytes })),
      );
    });
    await stripeUpstream(server);
    const { team, id } = await stripeTeam();
    // down: read and drop
    const download = () =>
      new Promise<number>((resolve, reject) => {
        http
          .get(
            `${h.base}/api/v1/connections/${id}/proxy/download`,
            { headers: { authorization: `Bearer ${team.key}` }, agent: false },
            (res) => {
              let n = 0;
              res.on("data", (c: Buffer) => (n += c.byteLength));
              res.on("end", () => resolve(n));
              res.on("error", reject);
            },
          )
          .on("error", reject);
      });
    // up: generated, written with backpressure, chunked (unknown length: streamed straight through)
    const upload = () =>
      new Promise<TGot>((resolve, reject) => {
        const req = http.request(
          `${h.base}/api/v1/proxy/stripe/upload`,
          {
            method: "POST",
            headers: { authorization: `Bearer ${team.key}`, "connection-id": id },
            agent: false,
          },
          (res) => {
            const chunks: Buffer[] = [];
            res.on("data", (c: Buffer) => chunks.push(c));
            res.on("end", () =>
              resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
            );
          },
        );
        req.on("error", reject);
        let sent = 0;
        const write = () => {
          while (sent < size) {
            const more = req.write(Buffer.alloc(chunk, sent % 251));
            sent += chunk;
            if (!more) return void req.once("drain", write);
          }
          req.end();
        };
        write();
      });
    const peakGrowth = async <T>(work: () => Promise<T>): Promise<{ result: T; growthMb: number }> => {
      const baseline = process.memoryUsage().rss;
      let peak = baseline;
      const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
      try {
        const result = await work();
        return { result, growthMb: (Math.max(peak, process.memoryUsage().rss) - baseline) / MB };
      } finally {
        clearInterval(timer);
      }
    };
    // Warm up (pools, JIT, the allocator) so the baseline is the steady state.
    await download();
    await upload();
    const summaries: TProxySummary[] = [];
    const off = onProxyComplete((s) => summaries.push(s));
    try {
      const down = await peakGrowth(download);
      const up = await peakGrowth(upload);
      console.log(
        `listener node path: RSS growth down ${down.growthMb.toFixed(1)} MB, up ${up.growthMb.toFixed(1)} MB`,
      );
      expect(down.result).toBe(size);
      expect(up.result.status).toBe(200);
      expect(JSON.parse(up.result.body.toString())).toEqual({ bytes: size });
      expect(down.growthMb).toBeLessThan(30);
      expect(up.growthMb).toBeLessThan(30);
      await expect.poll(() => summaries.length).toBe(2);
      expect(summaries[0]).toMatchObject({ status: 200, outcome: "upstream", bytesOut: size });
      expect(summaries[1]).toMatchObject({ status: 200, outcome: "upstream", bytesIn: size });
    } finally {
      off();
    }
  });

  it("a caller that goes away mid-download cancels the upstream read and is summarised as cancelled", async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      const timer = setInterval(() => res.write(Buffer.alloc(16 * 1024, 1)), 5);
      res.on("close", () => clearInterval(timer));
    });
    await stripeUpstream(server);
    const { team, id } = await stripeTeam();
    const summaries: TProxySummary[] = [];
    const off = onProxyComplete((s) => summaries.push(s));
    try {
      await new Promise<void>((resolve, reject) => {
        const req = http.get(
          `${h.base}/api/v1/connections/${id}/proxy/endless`,
          { headers: { authorization: `Bearer ${team.key}` }, agent: false },
          (res) => {
            let n = 0;
            res.on("data", (c: Buffer) => {
              n += c.byteLength;
              if (n > 256 * 1024) {
                req.destroy();
                resolve();
              }
            });
          },
        );
        req.on("error", (err) => (req.destroyed ? resolve() : reject(err)));
      });
      await expect.poll(() => summaries.length).toBe(1);
      expect(summaries[0]).toMatchObject({ status: 200, outcome: "cancelled" });
      expect(summaries[0]!.bytesOut).toBeGreaterThan(256 * 1024);
    } finally {
      off();
    }
  });

  it("a caller that goes away before the provider answers closes the upstream request (cancelled)", async () => {
    let upstreamClosed = false;
    let received = 0;
    const server = http.createServer((req) => {
      received++; // never answers: the provider is still thinking when the caller leaves
      req.socket.on("close", () => (upstreamClosed = true));
    });
    await stripeUpstream(server);
    const { team, id } = await stripeTeam();
    const summaries: TProxySummary[] = [];
    const off = onProxyComplete((s) => summaries.push(s));
    try {
      const req = http.get(`${h.base}/api/v1/connections/${id}/proxy/slow`, {
        headers: { authorization: `Bearer ${team.key}` },
        agent: false,
      });
      req.on("error", () => undefined);
      await expect.poll(() => received).toBe(1);
      expect(upstreamClosed).toBe(false);
      req.destroy();
      await expect.poll(() => upstreamClosed, { timeout: 3_000 }).toBe(true);
      await expect.poll(() => summaries.length).toBe(1);
      expect(summaries[0]).toMatchObject({ outcome: "cancelled" });
    } finally {
      off();
    }
  });

  it("a 401 from the provider: one refresh, one more attempt, the caller sees the answer", async () => {
    const oauth: { close(): Promise<void> }[] = [];
    h.closers.push(() => Promise.all(oauth.map((s) => s.close())).then(() => undefined));
    const { server, owner } = await teamWithOwnOAuthServer({
      client: { id: "patchbay-proxy-node", secret: "proxy-node-client-secret-0123456789" },
      ttlSeconds: 3600,
      track: (s) => oauth.push(s),
    });
    const id = await connectToOwnServer(owner, "proxy-node-401@example.test");
    const { creds } = await storedOAuthConnection(id);
    await db.connection.update({
      where: { id },
      data: {
        credentialsSealed: sealCredentials(id, { ...creds, access_token: "no-longer-accepted-node-0123" }),
        tokenExpiresAt: new Date(Date.now() + 3600_000),
      },
    });
    const { key } = await makeApiKey(owner, ["connections:proxy"]);
    const got = await call("GET", `/api/v1/connections/${id}/proxy/me`, { authorization: `Bearer ${key}` });
    expect(got.status).toBe(200);
    expect(JSON.parse(got.body.toString())).toMatchObject({ sub: expect.any(String) as string });
    expect(got.headers["patchbay-error"]).toBeUndefined();
    expect(server.tokenCount("refresh_token")).toBe(1);
    expect((await storedOAuthConnection(id)).accessToken).not.toBe("no-longer-accepted-node-0123");
  });
});
