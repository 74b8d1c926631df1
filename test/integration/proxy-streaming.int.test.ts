// Streaming both ways: 50 MB down and 50 MB up through the real route handler, with the process's resident memory
// sampled throughout — a proxy that buffered either body would grow by at least its size. Plus the OAuth 401 path:
// a token the provider no longer accepts is refreshed once (single-flight) and the request sent once more, also
// for connections whose provider never said when tokens expire.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import type { OAuthServer } from "@/e2e/fixtures/oauth-test-server";
import { sealCredentials } from "@/lib/connections/credentials";
import { db } from "@/lib/db";
import { setOutboundHostMapForTests } from "@/lib/outbound/guarded-fetch";
import { makeApiKey } from "../factories";
import { connectToOwnServer, storedOAuthConnection, teamWithOwnOAuthServer } from "../oauth-team";
import { makeProxyConnection, proxyTeam, proxyTestHooks, readJson, viaPath } from "../proxy-fixtures";

const MB = 1024 * 1024;
const SIZE = 50 * MB;
const CHUNK = 64 * 1024;

let servers: { close: () => Promise<void> }[] = [];

proxyTestHooks(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

/** A bulk-data API: GET /download streams SIZE bytes (honouring backpressure), POST /upload counts what arrives. */
async function bulkApi() {
  const server = http.createServer((req, res) => {
    if (req.url?.startsWith("/download")) {
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(SIZE) });
      let sent = 0;
      const pump = () => {
        while (sent < SIZE) {
          const more = res.write(Buffer.alloc(CHUNK, sent % 251));
          sent += CHUNK;
          if (!more) {
            res.once("drain", pump);
            return;
          }
        }
        res.end();
      };
      pump();
      return;
    }
    let bytes = 0;
    req.on("data", (c: Buffer) => (bytes += c.byteLength));
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ bytes }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  servers.push({
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  });
  return `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
}

/** Peak RSS growth over `baseline` while `work` runs, sampled every 20 ms. */
async function peakGrowth<T>(work: () => Promise<T>): Promise<{ result: T; growthMb: number }> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  try {
    const result = await work();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growthMb: (peak - baseline) / MB };
  } finally {
    clearInterval(timer);
  }
}

function generated(total: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent >= total) {
        controller.close();
        return;
      }
      controller.enqueue(new Uint8Array(CHUNK).fill(sent % 251));
      sent += CHUNK;
    },
  });
}

async function drain(res: Response): Promise<number> {
  let bytes = 0;
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return bytes;
    bytes += value.byteLength;
  }
}

describe("streaming", () => {
  it("50 MB down and 50 MB up, with RSS growth under 30 MB", async () => {
    const base = await bulkApi();
    setOutboundHostMapForTests({ "api.github.com": base });
    const team = await proxyTeam();
    const id = await makeProxyConnection(team, "github", "oauth2", {
      type: "oauth2",
      access_token: "gho_streamingToken0123456789abcdefg",
      extra: {},
    });
    // Warm up (module loading, pools, JIT) so the baseline is the steady state.
    await drain(await viaPath(id, "/download", { key: team.key }));

    const down = await peakGrowth(async () => drain(await viaPath(id, "/download", { key: team.key })));
    expect(down.result).toBe(SIZE);
    expect(down.growthMb).toBeLessThan(30);

    const up = await peakGrowth(async () => {
      const res = await viaPath(id, "/upload", { key: team.key, method: "PUT", body: generated(SIZE) });
      return readJson(res);
    });
    expect(up.result).toEqual({ bytes: SIZE });
    expect(up.growthMb).toBeLessThan(30);
    console.warn(
      `proxy streaming: RSS growth down ${down.growthMb.toFixed(1)} MB, up ${up.growthMb.toFixed(1)} MB`,
    );
  });
});

describe("401 from the provider", () => {
  let oauth: OAuthServer[] = [];
  afterEach(async () => {
    await Promise.all(oauth.map((s) => s.close()));
    oauth = [];
  });

  it.each([
    ["a token the provider stopped accepting early", new Date(Date.now() + 3600_000)],
    ["a provider that never sent expires_in", null],
  ])("%s: one refresh, one more attempt, the caller sees the answer", async (_what, expiresAt) => {
    const { server, owner } = await teamWithOwnOAuthServer({
      client: { id: "patchbay-proxy", secret: "proxy-client-secret-0123456789abcd" },
      ttlSeconds: 3600,
      track: (s) => oauth.push(s),
    });
    const id = await connectToOwnServer(owner, "proxy-401@example.test");
    const { creds } = await storedOAuthConnection(id);
    await db.connection.update({
      where: { id },
      data: {
        credentialsSealed: sealCredentials(id, { ...creds, access_token: "no-longer-accepted-0123456789" }),
        tokenExpiresAt: expiresAt,
      },
    });
    const { key } = await makeApiKey(owner, ["connections:proxy"]);
    const res = await viaPath(id, "/me", { key });
    expect(res.status).toBe(200);
    expect(await readJson(res)).toMatchObject({ sub: expect.any(String) as string });
    expect(server.tokenCount("refresh_token")).toBe(1);
    const after = await storedOAuthConnection(id);
    expect(after.accessToken).not.toBe("no-longer-accepted-0123456789");
  });

  it("a 401 whose refresh is refused (grant revoked at the provider) is our error, and the connection needs reauth", async () => {
    const { server, owner } = await teamWithOwnOAuthServer({
      client: { id: "patchbay-proxy-2", secret: "proxy-client-secret-abcdef0123456789" },
      ttlSeconds: 3600,
      track: (s) => oauth.push(s),
    });
    const id = await connectToOwnServer(owner, "proxy-401b@example.test");
    const { key } = await makeApiKey(owner, ["connections:proxy"]);
    await server.revokeGrantsFor("proxy-401b@example.test");
    const res = await viaPath(id, "/me", { key });
    expect(res.status).toBe(409);
    expect(res.headers.get("patchbay-error")).toBe("refresh_failed");
    expect(server.tokenCount("refresh_token")).toBe(1);
    expect((await storedOAuthConnection(id)).row.status).toBe("needs_reauth");
  });

  it("an API-key connection is not 'refreshed' on a 401: the answer is passed through", async () => {
    const server = http.createServer((_req, res) => {
      res.writeHead(401, { "content-type": "application/json" }).end('{"message":"Bad credentials"}');
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    servers.push({ close: () => new Promise<void>((r) => server.close(() => r())) });
    setOutboundHostMapForTests({
      "api.figma.com": `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`,
    });
    const team = await proxyTeam();
    const id = await makeProxyConnection(team, "figma", "api_key", {
      type: "api_key",
      api_key: "figd_figmaPersonalToken0123456789abcdef",
    });
    const res = await viaPath(id, "/v1/me", { key: team.key });
    expect(res.status).toBe(401);
    expect(res.headers.get("patchbay-error")).toBeNull();
  });
});
