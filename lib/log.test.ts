import { describe, expect, it } from "vitest";
import { redact } from "@/lib/log";

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
