import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientIp } from "@/lib/rate-limit/client-ip";
import { installSocketAddressStamp } from "@/lib/http/stamp-socket-address";

// A real HTTP server and real sockets: what reaches the request handler after the stamp is installed.
describe("socket address stamp (finding 4: X-Forwarded-For always ends with the socket peer)", () => {
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    installSocketAddressStamp();
    installSocketAddressStamp(); // idempotent: the peer is appended once
    server = http.createServer((req, res) => {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ xff: req.headers["x-forwarded-for"] ?? null }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const seen = async (headers: Record<string, string> = {}) =>
    ((await (await fetch(url, { headers })).json()) as { xff: string }).xff;

  it("appends the peer to a forged header, and sets it when absent", async () => {
    expect(await seen()).toBe("127.0.0.1");
    const forged = await seen({ "x-forwarded-for": "203.0.113.66" });
    expect(forged).toBe("203.0.113.66, 127.0.0.1");
    // with no trusted proxy the forged value changes nothing
    expect(clientIp({ "x-forwarded-for": forged }, { kind: "none" })).toBe("127.0.0.1");
  });
});
