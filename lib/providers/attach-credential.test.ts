import { describe, expect, it } from "vitest";
import { attachBasicCredential, attachCredential } from "./attach-credential";

const fresh = () => ({
  headers: new Headers({ authorization: "Bearer callers-own" }),
  url: new URL("https://api.example.com/v1/x?a=1&key=caller"),
});

describe("attachCredential", () => {
  it("bearer, header (with and without prefix), basic and query each replace what the caller sent", () => {
    let t = fresh();
    expect(attachCredential({ type: "bearer" }, "tok", t.headers, t.url)).toEqual(["tok"]);
    expect(t.headers.get("authorization")).toBe("Bearer tok");

    t = fresh();
    attachCredential({ type: "header", name: "X-Shopify-Access-Token" }, "shpat", t.headers, t.url);
    expect(t.headers.get("x-shopify-access-token")).toBe("shpat");

    t = fresh();
    attachCredential(
      { type: "header", name: "Authorization", prefix: "Klaviyo-API-Key" },
      "pk",
      t.headers,
      t.url,
    );
    expect(t.headers.get("authorization")).toBe("Klaviyo-API-Key pk");

    t = fresh();
    const sent = attachCredential({ type: "basic" }, "sk_test_1", t.headers, t.url);
    expect(t.headers.get("authorization")).toBe(`Basic ${Buffer.from("sk_test_1:").toString("base64")}`);
    expect(sent).toContain(Buffer.from("sk_test_1:").toString("base64"));

    t = fresh();
    const forms = attachCredential({ type: "query", name: "key" }, "a b&c", t.headers, t.url);
    expect(t.url.searchParams.getAll("key")).toEqual(["a b&c"]);
    expect(t.url.searchParams.get("a")).toBe("1");
    expect(forms).toContain(encodeURIComponent("a b&c"));
  });

  it("basic with a username template (Zendesk's {username}/token)", () => {
    const headers = new Headers();
    attachBasicCredential("{username}/token", "ops@acme.test", "zd-key", headers);
    expect(headers.get("authorization")).toBe(
      `Basic ${Buffer.from("ops@acme.test/token:zd-key").toString("base64")}`,
    );
  });
});
