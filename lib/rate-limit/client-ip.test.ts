import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { clientIp, normalizeIp } from "@/lib/rate-limit/client-ip";
import { parseEnv, parseTrustedProxies, type TTrustedProxies } from "@/lib/env";

const NONE: TTrustedProxies = { kind: "none" };
const xff = (v: string) => new Headers({ "x-forwarded-for": v });

describe("clientIp (finding 4: the client cannot choose its own address)", () => {
  it("with no trusted proxy, the rightmost entry (the socket peer appended by the stamp) wins", () => {
    expect(clientIp(xff("203.0.113.9"), NONE)).toBe("203.0.113.9");
    // whatever the client typed sits to the left of the peer address and is ignored
    expect(clientIp(xff("1.2.3.4, 203.0.113.9"), NONE)).toBe("203.0.113.9");
    expect(clientIp(xff("1.2.3.4, 5.6.7.8, ::ffff:203.0.113.9"), NONE)).toBe("203.0.113.9");
    expect(clientIp(new Headers(), NONE)).toBe("unknown");
  });

  it("a hop count skips exactly that many proxies from the right", () => {
    const one: TTrustedProxies = { kind: "hops", hops: 1 };
    // client-typed spoof, real client (appended by the proxy), the proxy itself (socket peer)
    expect(clientIp(xff("6.6.6.6, 198.51.100.7, 10.0.0.2"), one)).toBe("198.51.100.7");
    expect(clientIp(xff("198.51.100.7, 10.0.0.2"), one)).toBe("198.51.100.7");
    const two: TTrustedProxies = { kind: "hops", hops: 2 };
    expect(clientIp(xff("6.6.6.6, 198.51.100.7, 10.0.0.3, 10.0.0.2"), two)).toBe("198.51.100.7");
    // fewer entries than hops: the leftmost, which a trusted hop wrote
    expect(clientIp(xff("10.0.0.2"), two)).toBe("10.0.0.2");
  });

  it("CIDRs walk left through trusted addresses only", () => {
    const cidrs: TTrustedProxies = { kind: "cidrs", cidrs: ["10.0.0.0/8", "fd00::/8", "192.0.2.1"] };
    expect(clientIp(xff("6.6.6.6, 198.51.100.7, 10.1.2.3, 192.0.2.1"), cidrs)).toBe("198.51.100.7");
    expect(clientIp(xff("6.6.6.6, 198.51.100.7, fd00::1"), cidrs)).toBe("198.51.100.7");
    // a peer outside the trusted ranges is the client, whatever it claims
    expect(clientIp(xff("10.9.9.9, 198.51.100.7"), cidrs)).toBe("198.51.100.7");
    // garbage to the left of a trusted hop: fall back to the nearest real address
    expect(clientIp(xff("not-an-ip, 10.0.0.5"), cidrs)).toBe("10.0.0.5");
  });

  it("reads next-auth's plain header objects too", () => {
    expect(clientIp({ "x-forwarded-for": "1.1.1.1, 192.0.2.44" }, NONE)).toBe("192.0.2.44");
    expect(clientIp({}, NONE)).toBe("unknown");
  });

  it("normalizes addresses", () => {
    expect(normalizeIp("::FFFF:192.0.2.1")).toBe("192.0.2.1");
    expect(normalizeIp("[2001:db8::1]:443")).toBe("2001:db8::1");
    expect(normalizeIp("192.0.2.1:5000")).toBe("192.0.2.1");
    expect(normalizeIp("localhost")).toBeNull();
  });
});

describe("PATCHBAY_TRUSTED_PROXIES", () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), "pb-env-"));
  it("parses a count or a list, defaults to none, and rejects nonsense", () => {
    expect(parseTrustedProxies(undefined)).toEqual({ kind: "none" });
    expect(parseTrustedProxies("0")).toEqual({ kind: "none" });
    expect(parseTrustedProxies("2")).toEqual({ kind: "hops", hops: 2 });
    expect(parseTrustedProxies("10.0.0.0/8, ::1")).toEqual({ kind: "cidrs", cidrs: ["10.0.0.0/8", "::1"] });
    expect(parseEnv({ PATCHBAY_DATA_DIR: dir() }).trustedProxies).toEqual({ kind: "none" });
    expect(() => parseEnv({ PATCHBAY_DATA_DIR: dir(), PATCHBAY_TRUSTED_PROXIES: "10.0.0.0/33" })).toThrow(
      /PATCHBAY_TRUSTED_PROXIES.*neither a hop count nor an IP address/,
    );
    expect(() => parseEnv({ PATCHBAY_DATA_DIR: dir(), PATCHBAY_TRUSTED_PROXIES: "proxy.internal" })).toThrow(
      /PATCHBAY_TRUSTED_PROXIES/,
    );
  });
});
