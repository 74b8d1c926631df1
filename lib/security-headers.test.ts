import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";
import { contentSecurityPolicy, securityHeaders } from "@/lib/security-headers";
import { CALLBACK_SCRIPT, CALLBACK_SCRIPT_HASH } from "@/lib/connections/callback-script";

const directives = (csp: string) =>
  Object.fromEntries(
    csp.split(";").map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values];
    }),
  );

describe("security headers (finding 7)", () => {
  it("pages: nonce + strict-dynamic, no inline script, never framed, nosniff, referrer policy", () => {
    const h = securityHeaders({
      path: "/connections",
      nonce: "abc123",
      appUrl: "http://localhost:3000",
      dev: false,
    });
    const csp = directives(h["Content-Security-Policy"]!);
    expect(csp["script-src"]).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(csp["script-src"]).not.toContain("'unsafe-inline'");
    expect(csp["script-src"]).not.toContain("'unsafe-eval'");
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
    expect(csp["object-src"]).toEqual(["'none'"]);
    expect(csp["base-uri"]).toEqual(["'none'"]);
    expect(csp).not.toHaveProperty("upgrade-insecure-requests");
    expect(h["X-Frame-Options"]).toBe("DENY");
    expect(h["X-Content-Type-Options"]).toBe("nosniff");
    expect(h["Referrer-Policy"]).toBe("strict-origin-when-cross-origin");
    expect(h).not.toHaveProperty("Strict-Transport-Security");
  });

  it("https: HSTS and upgrade-insecure-requests", () => {
    const h = securityHeaders({ path: "/", nonce: "n", appUrl: "https://patchbay.example.com", dev: false });
    expect(h["Strict-Transport-Security"]).toMatch(/^max-age=\d{8,}/);
    expect(directives(h["Content-Security-Policy"]!)).toHaveProperty("upgrade-insecure-requests");
  });

  it("the OAuth callback: no Referer at all, and its static script allowed by hash", () => {
    const h = securityHeaders({
      path: "/oauth/callback",
      scriptHashes: [CALLBACK_SCRIPT_HASH],
      appUrl: "http://localhost:3000",
      dev: false,
    });
    expect(h["Referrer-Policy"]).toBe("no-referrer");
    const expected = `'sha256-${crypto.createHash("sha256").update(CALLBACK_SCRIPT).digest("base64")}'`;
    expect(directives(h["Content-Security-Policy"]!)["script-src"]).toContain(expected);
  });

  it("the hosted connect page: no Referer (its URL holds the session token), the partner's https logo may load", () => {
    const h = securityHeaders({ path: "/connect/cs1_token", appUrl: "http://localhost:3000", dev: false });
    expect(h["Referrer-Policy"]).toBe("no-referrer");
    expect(directives(h["Content-Security-Policy"]!)["img-src"]).toContain("https:");
    const dashboard = securityHeaders({ path: "/connections", appUrl: "http://localhost:3000", dev: false });
    expect(directives(dashboard["Content-Security-Policy"]!)["img-src"]).not.toContain("https:");
  });

  it("forms post to Patchbay only, except the leaving-Patchbay page, whose Continue is redirected to the provider", () => {
    const page = directives(contentSecurityPolicy({ path: "/connections", appUrl: "http://localhost:3000" }));
    expect(page["form-action"]).toEqual(["'self'"]);
    const leaving = directives(
      contentSecurityPolicy({ path: "/oauth/authorize/grant_1", appUrl: "http://localhost:3000" }),
    );
    // the 303 after the form POST goes to the custom provider's sign-in page: form-action governs it too
    expect(leaving["form-action"]).toContain("https:");
    expect(leaving["frame-ancestors"]).toEqual(["'none'"]);
  });

  it("API responses: nothing may load or frame them", () => {
    const csp = directives(contentSecurityPolicy({ path: "/api/v1/me", appUrl: "http://localhost:3000" }));
    expect(csp["default-src"]).toEqual(["'none'"]);
    expect(csp["frame-ancestors"]).toEqual(["'none'"]);
  });

  it("development allows eval and the HMR socket; production does not", () => {
    const dev = directives(
      contentSecurityPolicy({ path: "/", nonce: "n", appUrl: "http://localhost:3000", dev: true }),
    );
    expect(dev["script-src"]).toContain("'unsafe-eval'");
    expect(dev["connect-src"]).toContain("ws:");
  });
});

describe("APP_URL in production (finding 7)", () => {
  const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), "pb-env-"));
  const prod = (extra: Record<string, string>) => () =>
    parseEnv({ NODE_ENV: "production", PATCHBAY_DATA_DIR: dir(), ...extra });

  it("refuses plain http to a real host unless explicitly allowed", () => {
    expect(prod({ APP_URL: "http://patchbay.example.com" })).toThrow(
      /APP_URL must be https:\/\/ in production/,
    );
    expect(
      prod({ APP_URL: "http://patchbay.example.com", PATCHBAY_ALLOW_INSECURE_APP_URL: "1" }),
    ).not.toThrow();
    expect(prod({ APP_URL: "https://patchbay.example.com" })).not.toThrow();
  });

  it("keeps loopback http working (local runs and the E2E production build)", () => {
    for (const url of [
      "http://localhost:3350",
      "http://127.0.0.1:3000",
      "http://[::1]:3000",
      "http://app.localhost",
    ])
      expect(prod({ APP_URL: url }), url).not.toThrow();
    expect(() =>
      parseEnv({ NODE_ENV: "development", PATCHBAY_DATA_DIR: dir(), APP_URL: "http://x.example" }),
    ).not.toThrow();
  });
});
