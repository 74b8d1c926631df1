import { describe, expect, it } from "vitest";
import { downstreamResponseHeaders, upstreamRequestHeaders } from "./headers";

describe("proxy headers", () => {
  it("going up: drops hop-by-hop (also those the Connection header names), credentials for Patchbay and its controls", () => {
    const up = upstreamRequestHeaders(
      new Headers({
        authorization: "Bearer pbk_callersOwnKey",
        cookie: "a=b",
        connection: "keep-alive, X-Secret-Hop",
        "x-secret-hop": "1",
        "keep-alive": "timeout=5",
        "transfer-encoding": "chunked",
        te: "trailers",
        upgrade: "websocket",
        "proxy-authorization": "Basic x",
        "patchbay-retries": "3",
        "X-Patchbay-Anything": "1",
        "x-forwarded-for": "10.0.0.1",
        forwarded: "for=10.0.0.1",
        accept: "application/json",
        "content-type": "application/json",
        "idempotency-key": "k1",
      }),
    );
    expect([...up.keys()].sort()).toEqual(["accept", "content-type", "idempotency-key"]);
  });

  it("coming down: drops Set-Cookie and hop-by-hop, keeps the rest (repeated values too)", () => {
    const down = downstreamResponseHeaders({
      "set-cookie": ["a=1", "b=2"],
      connection: "close",
      "transfer-encoding": "chunked",
      "content-type": "application/json",
      link: ['<https://api.github.com/x?page=2>; rel="next"'],
      "x-ratelimit-remaining": "10",
    });
    expect(down.get("set-cookie")).toBeNull();
    expect(down.get("transfer-encoding")).toBeNull();
    expect(down.get("content-type")).toBe("application/json");
    expect(down.get("link")).toContain('rel="next"');
    expect(down.get("x-ratelimit-remaining")).toBe("10");
  });
});
