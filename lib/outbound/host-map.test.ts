import { afterEach, describe, expect, it } from "vitest";
import { getOutboundHostMap, mapOutboundUrl, setOutboundHostMapForTests } from "./host-map";

const saved = { ...process.env };

afterEach(() => {
  process.env = { ...saved };
  setOutboundHostMapForTests(undefined);
});

function env(values: Record<string, string | undefined>): void {
  for (const [k, v] of Object.entries(values)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}

describe("mapOutboundUrl", () => {
  const map = {
    "*.myshopify.com": "http://127.0.0.1:1001",
    "*.eu.myshopify.com": "http://127.0.0.1:1002",
    "special.eu.myshopify.com": "http://127.0.0.1:1003/prefix/",
    "slack.com": "http://127.0.0.1:1004",
  };

  it("keeps path and query, drops the fragment", () => {
    const to = mapOutboundUrl(new URL("https://demo.myshopify.com/admin/oauth/access_token?a=1#f"), map);
    expect(to?.href).toBe("http://127.0.0.1:1001/admin/oauth/access_token?a=1");
  });

  it("prefers exact hosts, then the longest wildcard, and honours a base path", () => {
    expect(mapOutboundUrl(new URL("https://x.eu.myshopify.com/"), map)?.port).toBe("1002");
    expect(mapOutboundUrl(new URL("https://special.eu.myshopify.com/a?b=c"), map)?.href).toBe(
      "http://127.0.0.1:1003/prefix/a?b=c",
    );
    expect(mapOutboundUrl(new URL("https://SLACK.com./api"), map)?.port).toBe("1004");
  });

  it("leaves other hosts alone", () => {
    expect(mapOutboundUrl(new URL("https://myshopify.com/"), map)).toBeUndefined();
    expect(mapOutboundUrl(new URL("https://api.slack.com/"), map)).toBeUndefined();
    expect(mapOutboundUrl(new URL("https://slack.com/"), undefined)).toBeUndefined();
  });
});

describe("getOutboundHostMap", () => {
  const json = JSON.stringify({ "*.myshopify.com": "http://127.0.0.1:45678" });

  it("reads PATCHBAY_OUTBOUND_HOST_MAP outside production", () => {
    env({ NODE_ENV: "test", PATCHBAY_OUTBOUND_HOST_MAP: json, PATCHBAY_OUTBOUND_ALLOW_PRIVATE: undefined });
    expect(getOutboundHostMap()).toEqual({ "*.myshopify.com": "http://127.0.0.1:45678" });
  });

  it("is ignored in production unless allow-private is on too (env and test override alike)", () => {
    env({
      NODE_ENV: "production",
      PATCHBAY_OUTBOUND_HOST_MAP: json,
      PATCHBAY_OUTBOUND_ALLOW_PRIVATE: undefined,
    });
    expect(getOutboundHostMap()).toBeUndefined();
    setOutboundHostMapForTests({ "slack.com": "http://127.0.0.1:1" });
    expect(getOutboundHostMap()).toBeUndefined();
    expect(mapOutboundUrl(new URL("https://slack.com/"))).toBeUndefined();
    env({ PATCHBAY_OUTBOUND_ALLOW_PRIVATE: "true" });
    expect(getOutboundHostMap()).toEqual({ "slack.com": "http://127.0.0.1:1" });
  });

  it("fails loudly on a malformed map instead of sending test traffic to the real provider", () => {
    env({ NODE_ENV: "test", PATCHBAY_OUTBOUND_HOST_MAP: "{nope" });
    expect(() => getOutboundHostMap()).toThrow(/JSON object/);
    env({ PATCHBAY_OUTBOUND_HOST_MAP: JSON.stringify({ "a.com": "ftp://127.0.0.1" }) });
    expect(() => getOutboundHostMap()).toThrow(/a\.com/);
    expect(() => setOutboundHostMapForTests({ "a.com": "http://127.0.0.1/?q=1" })).toThrow(/invalid/);
  });
});
