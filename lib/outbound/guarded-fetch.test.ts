import dns from "node:dns";
import http from "node:http";
import net, { type AddressInfo } from "node:net";
import zlib from "node:zlib";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  ORIGINAL_HOST_HEADER,
  OutboundError,
  guardedFetch,
  setOutboundHostMapForTests,
  setOutboundPolicyForTests,
  type TOutboundErrorCode,
} from "./guarded-fetch";

type TSeen = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };

const seen: TSeen[] = [];
const hanging = new Set<http.ServerResponse>();
let server: http.Server;
let base: string;
let port: number;

function handle(req: http.IncomingMessage, res: http.ServerResponse, body: string): void {
  const path = new URL(req.url ?? "/", "http://x").pathname;
  switch (path) {
    case "/ok":
    case "/x":
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true }));
      return;
    case "/echo":
      res
        .writeHead(200, { "content-type": "application/json" })
        .end(JSON.stringify({ method: req.method, url: req.url, body }));
      return;
    case "/text":
      res.writeHead(200, { "content-type": "text/plain" }).end("not json");
      return;
    case "/redirect-other":
      res.writeHead(302, { location: "http://example.com/steal" }).end();
      return;
    case "/redirect-other-port":
      res.writeHead(302, { location: `http://127.0.0.1:${String(port + 1)}/ok` }).end();
      return;
    case "/redirect-same":
      res.writeHead(302, { location: "/ok?from=redirect" }).end();
      return;
    case "/redirect-loop":
      res.writeHead(302, { location: "/redirect-loop" }).end();
      return;
    case "/see-other":
      res.writeHead(303, { location: "/echo" }).end();
      return;
    case "/hang":
      hanging.add(res); // headers never come
      return;
    case "/slow-body":
      res.writeHead(200, { "content-type": "text/plain" });
      res.write("partial");
      hanging.add(res);
      return;
    case "/big": {
      res.writeHead(200, { "content-type": "application/octet-stream" });
      const chunk = Buffer.alloc(256 * 1024, 1);
      let sent = 0;
      const pump = (): void => {
        let more = true;
        while (sent < 8 && more) {
          more = res.write(chunk);
          sent++;
        }
        if (sent < 8) res.once("drain", pump);
        else res.end();
      };
      pump();
      return;
    }
    case "/big-declared":
      res.writeHead(200, { "content-length": String(50 * 1024 * 1024) });
      res.write("x");
      hanging.add(res);
      return;
    case "/gzip":
      res
        .writeHead(200, { "content-type": "application/json", "content-encoding": "gzip" })
        .end(zlib.gzipSync(JSON.stringify({ zipped: true })));
      return;
    case "/gzip-bomb":
      res.writeHead(200, { "content-encoding": "gzip" }).end(zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024)));
      return;
    default:
      res.writeHead(404).end();
  }
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      seen.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      handle(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
  base = `http://127.0.0.1:${String(port)}`;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

beforeEach(() => {
  seen.length = 0;
  delete process.env.PATCHBAY_OUTBOUND_ALLOW_PRIVATE;
  delete process.env.PATCHBAY_OUTBOUND_ALLOW_HOSTS;
  delete process.env.PATCHBAY_OUTBOUND_HOST_MAP;
});

afterEach(() => {
  setOutboundPolicyForTests(undefined);
  setOutboundHostMapForTests(undefined);
  vi.restoreAllMocks();
});

const open = { allowPrivate: true } as const;

async function failure(promise: Promise<unknown>): Promise<OutboundError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof OutboundError) return err;
    throw err;
  }
  throw new Error("expected the request to fail");
}

async function expectCode(promise: Promise<unknown>, code: TOutboundErrorCode): Promise<OutboundError> {
  const err = await failure(promise);
  expect(err.code).toBe(code);
  return err;
}

describe("address guard", () => {
  it("refuses loopback by default (policy from the environment)", async () => {
    const err = await expectCode(guardedFetch(`${base}/ok`), "blocked_address");
    expect(err.host).toBe(`127.0.0.1:${String(port)}`);
    expect(err.message).toContain("loopback");
    expect(seen).toHaveLength(0);
  });

  it("refuses a hostname that resolves to loopback (localhost)", async () => {
    const err = await expectCode(guardedFetch(`http://localhost:${String(port)}/ok`), "blocked_address");
    expect(err.message).toContain("resolves to");
    expect(seen).toHaveLength(0);
  });

  it("allows loopback with allowPrivate, from options or the environment", async () => {
    const res = await guardedFetch(`${base}/ok`, { policy: open });
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ ok: true });
    process.env.PATCHBAY_OUTBOUND_ALLOW_PRIVATE = "true";
    expect((await guardedFetch(`http://localhost:${String(port)}/ok`)).status).toBe(200);
  });

  it("checks literal IPs in every spelling the URL parser accepts", async () => {
    // The WHATWG parser normalises decimal, hex and short forms to a dotted quad before we see them.
    expect(new URL("http://2130706433/").hostname).toBe("127.0.0.1");
    expect(new URL("http://0x7f.1/").hostname).toBe("127.0.0.1");
    expect(new URL("http://0177.0.0.1/").hostname).toBe("127.0.0.1");
    const p = String(port);
    for (const url of [
      `http://2130706433:${p}/ok`,
      `http://0x7f.1:${p}/ok`,
      `http://0177.0.0.1:${p}/ok`,
      `http://127.1:${p}/ok`,
      `http://[::1]:${p}/ok`,
      `http://[::ffff:127.0.0.1]:${p}/ok`,
      `http://[::ffff:7f00:1]:${p}/ok`,
      `http://[64:ff9b::7f00:1]:${p}/ok`,
      `http://0.0.0.0:${p}/ok`,
      `http://0:${p}/ok`,
    ]) {
      await expectCode(guardedFetch(url), "blocked_address");
    }
    expect(seen).toHaveLength(0);
  });

  it("refuses cloud metadata even with allowPrivate", async () => {
    for (const url of [
      "http://169.254.169.254/latest/meta-data/",
      "http://[fd00:ec2::254]/latest/meta-data/",
      "http://[::ffff:169.254.169.254]/",
    ]) {
      const err = await expectCode(guardedFetch(url, { policy: open }), "blocked_address");
      expect(err.message).toContain("link-local");
    }
  });

  it("refuses a host when any one of its addresses is private", async () => {
    const lookup = vi.spyOn(dns.promises, "lookup").mockImplementation((async () => [
      { address: "8.8.8.8", family: 4 },
      { address: "10.0.0.7", family: 4 },
    ]) as unknown as typeof dns.promises.lookup);
    await expectCode(guardedFetch("https://mixed.example.test/"), "blocked_address");
    expect(lookup).toHaveBeenCalledWith("mixed.example.test", expect.objectContaining({ all: true }));
  });

  it("connects to the validated address without resolving the name again (no DNS rebinding)", async () => {
    // Only the guard's own lookup knows this name; if Node looked it up again the request would fail.
    vi.spyOn(dns.promises, "lookup").mockImplementation((async () => [
      { address: "127.0.0.1", family: 4 },
    ]) as unknown as typeof dns.promises.lookup);
    const systemLookup = vi.spyOn(dns, "lookup");
    const res = await guardedFetch(`http://rebind.example.test:${String(port)}/echo`, { policy: open });
    expect(res.status).toBe(200);
    expect(systemLookup).not.toHaveBeenCalled();
    expect(seen[0]?.headers.host).toBe(`rebind.example.test:${String(port)}`);
  });

  it("reports a DNS failure as a network error", async () => {
    vi.spyOn(dns.promises, "lookup").mockImplementation(async () => {
      throw Object.assign(new Error("getaddrinfo ENOTFOUND nowhere.test"), { code: "ENOTFOUND" });
    });
    const err = await expectCode(guardedFetch("https://nowhere.test/"), "network");
    expect(err.message).toContain("ENOTFOUND");
  });
});

describe("schemes and hosts", () => {
  it("allows only http and https", async () => {
    for (const url of ["file:///etc/passwd", "ftp://example.com/", "gopher://127.0.0.1:25/", "data:,hi"]) {
      await expectCode(guardedFetch(url, { policy: open }), "blocked_scheme");
    }
  });

  it("refuses invalid URLs and URLs with credentials without echoing them", async () => {
    const invalid = await expectCode(guardedFetch("not a url?client_secret=hunter2"), "blocked_scheme");
    expect(invalid.message).not.toContain("hunter2");
    const creds = await expectCode(
      guardedFetch(`http://user:hunter2@127.0.0.1:${String(port)}/ok`),
      "blocked_scheme",
    );
    expect(creds.message).not.toContain("hunter2");
  });

  it("refuses hosts outside allowHosts", async () => {
    const policy = { allowPrivate: true, allowHosts: ["api.example.com", "*.myshopify.com"] };
    const err = await expectCode(guardedFetch(`${base}/ok`, { policy }), "blocked_host");
    expect(err.message).toContain("allow-list");
    process.env.PATCHBAY_OUTBOUND_ALLOW_PRIVATE = "true";
    process.env.PATCHBAY_OUTBOUND_ALLOW_HOSTS = "api.example.com";
    await expectCode(guardedFetch(`${base}/ok`), "blocked_host");
    process.env.PATCHBAY_OUTBOUND_ALLOW_HOSTS = "127.0.0.1";
    expect((await guardedFetch(`${base}/ok`)).status).toBe(200);
    expect(seen).toHaveLength(1);
  });
});

describe("redirects", () => {
  it("returns a redirect as-is by default", async () => {
    const res = await guardedFetch(`${base}/redirect-other`, { policy: open });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("http://example.com/steal");
    expect(seen).toHaveLength(1);
  });

  it("refuses a redirect to another host or port when following", async () => {
    const err = await expectCode(
      guardedFetch(`${base}/redirect-other`, { policy: open, maxRedirects: 3 }),
      "redirect_refused",
    );
    expect(err.message).toContain("another origin");
    await expectCode(
      guardedFetch(`${base}/redirect-other-port`, { policy: open, maxRedirects: 3 }),
      "redirect_refused",
    );
  });

  it("follows same-origin redirects up to the limit", async () => {
    const res = await guardedFetch(`${base}/redirect-same`, { policy: open, maxRedirects: 1 });
    expect(res.status).toBe(200);
    expect(res.url).toBe(`${base}/ok?from=redirect`);
    await expectCode(
      guardedFetch(`${base}/redirect-loop`, { policy: open, maxRedirects: 2 }),
      "redirect_refused",
    );
    expect(seen.filter((s) => s.url === "/redirect-loop")).toHaveLength(3);
  });

  it("turns a POST into a GET on 303", async () => {
    const res = await guardedFetch(`${base}/see-other`, {
      policy: open,
      maxRedirects: 1,
      method: "POST",
      body: "a=1",
    });
    expect(res.json()).toEqual({ method: "GET", url: "/echo", body: "" });
  });
});

describe("limits", () => {
  it("times out on a server that never answers", async () => {
    const started = Date.now();
    const err = await expectCode(guardedFetch(`${base}/hang`, { policy: open, timeoutMs: 200 }), "timeout");
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(err.host).toBe(`127.0.0.1:${String(port)}`);
  });

  it("counts the body against the same deadline", async () => {
    await expectCode(guardedFetch(`${base}/slow-body`, { policy: open, timeoutMs: 200 }), "timeout");
  });

  it("caps the body while it streams", async () => {
    const err = await expectCode(
      guardedFetch(`${base}/big`, { policy: open, maxResponseBytes: 1024 * 1024 }),
      "too_large",
    );
    expect(err.message).toContain("1048576");
    const ok = await guardedFetch(`${base}/big`, { policy: open, maxResponseBytes: 4 * 1024 * 1024 });
    expect(ok.bytes.byteLength).toBe(2 * 1024 * 1024);
  });

  it("refuses a declared Content-Length over the cap without waiting for the body", async () => {
    await expectCode(guardedFetch(`${base}/big-declared`, { policy: open, timeoutMs: 5_000 }), "too_large");
  });

  it("caps the decoded size of compressed bodies (gzip bomb)", async () => {
    await expectCode(guardedFetch(`${base}/gzip-bomb`, { policy: open }), "too_large");
    const res = await guardedFetch(`${base}/gzip`, { policy: open });
    expect(res.json()).toEqual({ zipped: true });
    expect(res.headers.get("content-encoding")).toBeNull();
  });

  it("reports a refused connection as a network error", async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const err = await expectCode(
      guardedFetch(`http://127.0.0.1:${String(closedPort)}/`, { policy: open }),
      "network",
    );
    expect(err.message).toContain("ECONNREFUSED");
    expect(err.requestSent).toBe(false);
  });

  it("says whether the request may have reached the server (requestSent)", async () => {
    // Connected and sent, then no answer: the server may have acted on it.
    const hung = await failure(
      guardedFetch(`${base}/hang`, { method: "POST", body: "x", policy: open, timeoutMs: 200 }),
    );
    expect(hung).toMatchObject({ code: "timeout", requestSent: true });
    // Refused before connecting: nothing left.
    const blocked = await failure(guardedFetch(`${base}/`, { policy: { allowPrivate: false } }));
    expect(blocked).toMatchObject({ code: "blocked_address", requestSent: false });
    // TLS never established (the peer drops the connection): the request was never written.
    const dropper = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => dropper.listen(0, "127.0.0.1", resolve));
    const tls = await failure(
      guardedFetch(`https://127.0.0.1:${String((dropper.address() as AddressInfo).port)}/`, { policy: open }),
    );
    await new Promise<void>((resolve) => dropper.close(() => resolve()));
    expect(tls).toMatchObject({ code: "network", requestSent: false });
  });
});

describe("requests and responses", () => {
  it("sends method, form body and headers; ignores a caller-supplied Host", async () => {
    const res = await guardedFetch(`${base}/echo?q=1`, {
      policy: open,
      method: "post",
      headers: { authorization: "Bearer t0ken", host: "evil.example" },
      body: new URLSearchParams({ grant_type: "authorization_code", code: "abc" }),
    });
    expect(res.json()).toEqual({
      method: "POST",
      url: "/echo?q=1",
      body: "grant_type=authorization_code&code=abc",
    });
    const got = seen[0];
    expect(got?.headers.host).toBe(`127.0.0.1:${String(port)}`);
    expect(got?.headers.authorization).toBe("Bearer t0ken");
    expect(got?.headers["content-type"]).toBe("application/x-www-form-urlencoded;charset=UTF-8");
  });

  it("sends byte bodies unchanged", async () => {
    const res = await guardedFetch(`${base}/echo`, {
      policy: open,
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: new TextEncoder().encode('{"a":1}'),
    });
    expect(res.json()).toMatchObject({ method: "PUT", body: '{"a":1}' });
  });

  it("throws bad_response for invalid JSON but still exposes the text", async () => {
    const res = await guardedFetch(`${base}/text`, { policy: open });
    expect(res.text()).toBe("not json");
    expect(() => res.json()).toThrow(OutboundError);
    try {
      res.json();
    } catch (err) {
      expect((err as OutboundError).code).toBe("bad_response");
    }
  });

  it("refuses a body on GET", async () => {
    await expect(guardedFetch(`${base}/ok`, { policy: open, body: "x" })).rejects.toThrow(TypeError);
  });
});

describe("secrets stay out of errors", () => {
  const secret = "hunter2";
  const check = (err: OutboundError) => {
    expect(err.message).not.toContain(secret);
    expect(err.stack ?? "").not.toContain(secret);
    expect(JSON.stringify({ ...err })).not.toContain(secret);
  };

  it("names only scheme://host:port/path", async () => {
    const blocked = await expectCode(
      guardedFetch(`${base}/oauth/token?client_secret=${secret}#frag`, {
        headers: { authorization: `Bearer ${secret}` },
        method: "POST",
        body: `client_secret=${secret}`,
      }),
      "blocked_address",
    );
    check(blocked);
    expect(blocked.message).toContain(`${base}/oauth/token`);
    check(
      await expectCode(
        guardedFetch(`${base}/hang?client_secret=${secret}`, { policy: open, timeoutMs: 100 }),
        "timeout",
      ),
    );
    check(
      await expectCode(
        guardedFetch(`${base}/redirect-other?client_secret=${secret}`, { policy: open, maxRedirects: 1 }),
        "redirect_refused",
      ),
    );
  });

  it("does not echo an invalid header value", async () => {
    const err = await guardedFetch(`${base}/ok`, { headers: { authorization: `${secret}\u0000x` } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(TypeError);
    expect(String(err)).not.toContain(secret);
  });
});

describe("test host map", () => {
  it("routes a provider URL to the mapped base, keeping path and query", async () => {
    setOutboundHostMapForTests({ "*.myshopify.com": base });
    const res = await guardedFetch("https://demo.myshopify.com/x?y=1", { policy: open });
    expect(res.status).toBe(200);
    expect(res.url).toBe("https://demo.myshopify.com/x?y=1");
    const got = seen[0];
    expect(got?.url).toBe("/x?y=1");
    // Decision: Host is the mapped target (what any HTTP client would send to it); the provider host the caller
    // meant travels in x-patchbay-original-host so one fake can play several shops.
    expect(got?.headers.host).toBe(`127.0.0.1:${String(port)}`);
    expect(got?.headers[ORIGINAL_HOST_HEADER]).toBe("demo.myshopify.com");
  });

  it("reads PATCHBAY_OUTBOUND_HOST_MAP and still applies the address check to the mapped target", async () => {
    process.env.PATCHBAY_OUTBOUND_HOST_MAP = JSON.stringify({ "slack.com": `${base}/` });
    const err = await expectCode(
      guardedFetch("https://slack.com/api/oauth.v2.access?code=1"),
      "blocked_address",
    );
    expect(err.host).toBe("slack.com");
    expect(err.message).toContain("HOST_MAP");
    expect(seen).toHaveLength(0);
    process.env.PATCHBAY_OUTBOUND_ALLOW_PRIVATE = "true";
    const res = await guardedFetch("https://slack.com/echo?code=1");
    expect(res.json()).toMatchObject({ url: "/echo?code=1" });
  });

  it("checks allowHosts against the host the caller named, not the mapped one", async () => {
    setOutboundHostMapForTests({ "*.myshopify.com": base });
    const policy = { allowPrivate: true, allowHosts: ["*.myshopify.com"] };
    expect((await guardedFetch("https://demo.myshopify.com/x", { policy })).status).toBe(200);
    await expectCode(guardedFetch("https://evil.example/x", { policy }), "blocked_host");
  });
});
