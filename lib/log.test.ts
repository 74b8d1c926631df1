import { describe, expect, it } from "vitest";
import { log, redact, setLogSink, withLogContext } from "@/lib/log";

describe("redact", () => {
  it("masks secret-named keys at any depth and secret-looking values anywhere", () => {
    const key = "pbk_0123456789ABCDEFGHIJabcdefghij012345";
    const out = JSON.stringify(
      redact({
        password: "hunter2hunter2",
        nested: { client_secret: "s3cr3t", headers: { Authorization: "Bearer abc.def.ghi", cookie: "a=b" } },
        list: [{ refresh_token: "rt" }],
        message: `failed with key ${key} and Bearer eyJhbGciOi.JIUzI1NiJ9.xyz`,
        err: new Error(`boom ${key}`),
        ok: "visible",
        private_key: "-----BEGIN PRIVATE KEY-----abc",
        code: "auth-code-123",
        state: "state-value-456",
      }),
    );
    for (const s of [
      "BEGIN PRIVATE",
      "auth-code-123",
      "state-value-456",
      "hunter2hunter2",
      "s3cr3t",
      "abc.def.ghi",
      "a=b",
      '"rt"',
      key,
      "eyJhbGciOi",
    ])
      expect(out).not.toContain(s);
    expect(out).toContain("visible");
    expect(out).toContain("boom [redacted]");
  });
});

describe("finding 10: bare token values are redacted, not only `Bearer …`", () => {
  it("masks known token formats, secret URL parameters and long random strings; keeps ordinary values", () => {
    const secrets = [
      "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0In0.c2lnbmF0dXJlLXZhbHVl",
      "ya29.a0AfH6SMBx3exampleGoogleAccessToken",
      "1//0gExampleGoogleRefreshToken-abcdefghij",
      "gho_16C7e42F292c6912E7710c838347Ae178B4a",
      "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy",
      "sk_live_4eC39HqLyjWDarjtT1zdp7dc",
      "shpat_0123456789abcdef0123456789abcdef",
      "secret_0123456789abcdefghijABCDEFGHIJabcd",
      "pat-na1-11112222-3333-4444-5555-666677778888",
      "00D5e000000abcd!AQ0AQFakeSalesforceSessionTokenValue1234",
      "pbv1.k1.AAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBB",
      "Xq3v9Lm2Rt8Kp4Wz7Yb1Nc6Hd5Jf0Ga-Se_Ui2Ov", // a random 40-char secret, no known prefix
    ];
    const line = JSON.stringify(
      redact({
        message: `token endpoint said ${secrets.join(" and ")}`,
        url: "https://api.example.com/cb?code=abc123def&state=xyz789&shop=acme.myshopify.com",
        detail: { response: `access_token=${"Z9y8X7w6V5u4T3s2"}&token_type=bearer` },
      }),
    );
    for (const s of [...secrets, "abc123def", "xyz789", "Z9y8X7w6V5u4T3s2"]) expect(line).not.toContain(s);

    const kept = {
      id: "conn_3qL6wr0P8Va01MX8abcd",
      hash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
      url: "https://googleads.googleapis.com/v21/customers:listAccessibleCustomers",
      at: "2026-12-01T08:16:48.707Z",
      text: "Google Ads answered HTTP 401 to the test request.",
      shop: "shop=acme.myshopify.com",
    };
    expect(redact(kept)).toEqual(kept);
  });
});

describe("request ids in log lines", () => {
  it("stamps every line logged inside withLogContext, awaited work included, and none outside", async () => {
    const lines: string[] = [];
    setLogSink((l) => lines.push(l));
    try {
      await withLogContext({ requestId: "req_abc123" }, async () => {
        log.info("first");
        await new Promise((r) => setTimeout(r, 5));
        log.warn("after an await");
      });
      log.info("outside");
    } finally {
      setLogSink(undefined);
    }
    const parsed = lines.map((l) => JSON.parse(l) as { msg: string; requestId?: string });
    expect(parsed.map((p) => [p.msg, p.requestId])).toEqual([
      ["first", "req_abc123"],
      ["after an await", "req_abc123"],
      ["outside", undefined],
    ]);
  });
});
