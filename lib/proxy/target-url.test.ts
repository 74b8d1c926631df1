import { describe, expect, it } from "vitest";
import { resolveTarget } from "./target-url";

const BASE = "https://acme.myshopify.com/admin/api/2025-07";
const open = { allowPrivate: false };

const ok = (base: string, path: string, opts: Parameters<typeof resolveTarget>[2] = open) => {
  const t = resolveTarget(base, path, opts);
  if (!t.ok) throw new Error(`refused: ${t.reason}`);
  return t.url.href;
};
const refused = (base: string, path: string, opts: Parameters<typeof resolveTarget>[2] = open) => {
  const t = resolveTarget(base, path, opts);
  return t.ok ? null : t.reason;
};

describe("resolveTarget", () => {
  it("joins the caller's path and query under the base path", () => {
    expect(ok(BASE, "/products.json?limit=5")).toBe(`${BASE}/products.json?limit=5`);
    expect(ok(BASE, "products.json")).toBe(`${BASE}/products.json`);
    expect(ok(BASE, "/")).toBe(BASE);
    expect(ok("https://api.github.com", "/")).toBe("https://api.github.com/");
    expect(ok("https://api.github.com", "/repos/a%2Fb/x")).toBe("https://api.github.com/repos/a%2Fb/x");
    expect(ok("https://api.example.com/v1?key=1", "/x?y=2")).toBe("https://api.example.com/v1/x?key=1&y=2");
  });

  it.each([
    ["//evil.example/x", /start with \/\//],
    ["/../secrets", /\. or \.\./],
    ["/a/../../x", /\. or \.\./],
    ["/%2e%2e/x", /\. or \.\./],
    ["/%2E%2E/x", /\. or \.\./],
    ["/.%2e/x", /\. or \.\./],
    ["/..%2F..%2Fadmin", /\. or \.\./],
    ["/./x", /\. or \.\./],
    ["/a\\..\\b", /forbidden character/],
    ["/a b", /forbidden character/],
    ["/a\nHost: evil", /forbidden character/],
    ["/%zz", /\. or \.\./],
    ["https://evil.example/x", /absolute URL is not accepted/],
  ])("refuses %j", (path, reason) => {
    expect(refused(BASE, path)).toMatch(reason);
  });

  it("accepts an absolute URL only on the base's own origin, and only when allowed", () => {
    const abs = { allowAbsolute: true, allowPrivate: false };
    expect(ok(BASE, "https://acme.myshopify.com/admin/oauth/access_scopes.json", abs)).toBe(
      "https://acme.myshopify.com/admin/oauth/access_scopes.json",
    );
    expect(refused(BASE, "https://evil.myshopify.com/admin", abs)).toMatch(/own host/);
    expect(refused(BASE, "http://acme.myshopify.com/admin", abs)).toMatch(/own host/);
    expect(refused(BASE, "https://acme.myshopify.com:444/admin", abs)).toMatch(/own host/);
    expect(refused(BASE, "https://user:pw@acme.myshopify.com/admin", abs)).toMatch(/own host/);
    expect(refused(BASE, "https://acme.myshopify.com/admin/%2e%2e/x", abs)).toMatch(/\. or \.\./);
  });

  it("refuses IP-literal bases unless private targets are on, and metadata always", () => {
    expect(refused("http://10.0.0.5/services", "/x")).toMatch(/IP address targets/);
    expect(refused("http://[::1]:8080", "/x")).toMatch(/IP address targets/);
    expect(ok("http://127.0.0.1:8080", "/x", { allowPrivate: true })).toBe("http://127.0.0.1:8080/x");
    expect(refused("http://169.254.169.254/latest", "/meta-data", { allowPrivate: true })).toMatch(
      /link-local/,
    );
    expect(refused("http://[fd00:ec2::254]", "/", { allowPrivate: true })).toMatch(/link-local/);
    expect(refused("https://u:p@api.example.com", "/")).toMatch(/credentials/);
    expect(refused("ftp://api.example.com", "/")).toMatch(/http/);
  });
});
