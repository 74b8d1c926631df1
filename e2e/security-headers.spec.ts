// Finding 7 (and 4's wiring) against the real production server: the headers every response carries, a CSP that
// the dashboard and the popup connect flow live with without a single violation, and a forged X-Forwarded-For
// that buys nothing.
import http from "node:http";
import { expect, test, type APIResponse, type BrowserContext } from "@playwright/test";
import { connectSandbox, PASSWORD, signUp, uniqueEmail } from "./helpers";

const baseURL = () => test.info().project.use.baseURL!;

function expectCommonHeaders(res: APIResponse, where: string) {
  const h = res.headers();
  expect(h["x-frame-options"], where).toBe("DENY");
  expect(h["x-content-type-options"], where).toBe("nosniff");
  expect(h["content-security-policy"], where).toContain("frame-ancestors 'none'");
  // APP_URL is http://localhost here: no HSTS (it would be a lie), and the loopback URL is allowed in production
  expect(h["strict-transport-security"], where).toBeUndefined();
  return h;
}

function scriptSrc(csp: string): string[] {
  return (csp.split(";").find((d) => d.trim().startsWith("script-src")) ?? "").trim().split(/\s+/).slice(1);
}

/** Every CSP violation on Patchbay's own pages (the Sandbox provider's pages are another origin, not ours). */
async function watchViolations(context: BrowserContext): Promise<string[]> {
  const violations: string[] = [];
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP-VIOLATION ${e.violatedDirective} blocked=${e.blockedURI} at ${e.documentURI}`);
    });
  });
  const origin = new URL(baseURL()).origin;
  context.on("console", (msg) => {
    const text = msg.text();
    const at = msg.page()?.url() ?? "";
    if (!at.startsWith(origin)) return;
    if (text.startsWith("CSP-VIOLATION") || /Content Security Policy/i.test(text))
      violations.push(`${at}: ${text}`);
  });
  return violations;
}

test("pages, API routes and the OAuth callback page carry the security headers", async ({ request }) => {
  for (const path of ["/login", "/signup"]) {
    const res = await request.get(path);
    expect(res.status(), path).toBe(200);
    const h = expectCommonHeaders(res, path);
    expect(h["referrer-policy"], path).toBe("strict-origin-when-cross-origin");
    const script = scriptSrc(h["content-security-policy"]!);
    expect(script, path).toContain("'strict-dynamic'");
    expect(script, path).not.toContain("'unsafe-inline'");
    expect(script, path).not.toContain("'unsafe-eval'");
    // the nonce is fresh per response, and Next.js put it on its own inline scripts
    const nonce = script.find((s) => s.startsWith("'nonce-"))!.slice(7, -1);
    const html = await res.text();
    expect(html, path).toContain(`nonce="${nonce}"`);
    const again = scriptSrc((await request.get(path)).headers()["content-security-policy"]!);
    expect(again.find((s) => s.startsWith("'nonce-"))).not.toBe(`'nonce-${nonce}'`);
  }
  // the dashboard itself answers (with a redirect to the login page when signed out) with the same set
  const dash = await request.get("/connections", { maxRedirects: 0 });
  expectCommonHeaders(dash, "/connections");

  for (const path of ["/api/health", "/api/ready", "/api/v1/me"]) {
    const res = await request.get(path);
    const h = expectCommonHeaders(res, path);
    expect(h["content-security-policy"], path).toContain("default-src 'none'");
  }

  // the callback page: no Referer (the URL carries the code) and its one script allowed by hash
  const cb = await request.get("/oauth/callback?state=not-a-grant&code=x");
  const h = expectCommonHeaders(cb, "/oauth/callback");
  expect(h["referrer-policy"]).toBe("no-referrer");
  expect(scriptSrc(h["content-security-policy"]!).some((s) => s.startsWith("'sha256-"))).toBe(true);
  expect(await cb.text()).not.toMatch(/<script>[^<]*window\.opener\.postMessage\(\{/); // data is not inline code
});

test("the dashboard and the popup connect flow run with no CSP violation", async ({ page, context }) => {
  const violations = await watchViolations(context);
  await signUp(page, { email: uniqueEmail("csp"), team: "CSP Team" });
  // the callback page's script ran under the CSP: it posted the outcome to the opener and closed the popup
  await connectSandbox(page, "CSP check");
  await page.goto("/catalog");
  await expect(page.getByTestId("provider-sandbox")).toBeVisible();
  // a failed callback opened directly also renders without a violation
  await page.goto("/oauth/callback?state=not-a-grant&code=x");
  await expect(page.locator("#title")).toHaveText("Connection failed");
  expect(violations).toEqual([]);
  // the watcher itself works: a deliberate violation (an image from another host) is seen
  await page.goto("/catalog");
  await page.evaluate(() => {
    const img = document.createElement("img");
    img.src = "http://203.0.113.1/pixel.png";
    document.body.append(img);
  });
  await expect.poll(() => violations.some((v) => v.includes("CSP-VIOLATION img-src"))).toBe(true);
});

/** One raw HTTP exchange from a chosen local address (127.0.0.2 is loopback too: another client for the server). */
function rawRequest(
  method: "GET" | "POST",
  path: string,
  opts: { localAddress: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const url = new URL(path, baseURL());
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: "127.0.0.1",
        port: url.port,
        path: url.pathname + url.search,
        method,
        localAddress: opts.localAddress,
        headers: { host: url.host, ...opts.headers },
      },
      (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (c: string) => (body += c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on("error", reject);
    req.end(opts.body);
  });
}

/** A credentials sign-in through next-auth's own endpoints; returns next-auth's error code, or "ok". */
async function signInFrom(localAddress: string, email: string, password: string, forgedXff?: string) {
  const csrf = await rawRequest("GET", "/api/auth/csrf", { localAddress });
  const cookie = (csrf.headers["set-cookie"] ?? []).map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = JSON.parse(csrf.body) as { csrfToken: string };
  const res = await rawRequest("POST", "/api/auth/callback/credentials", {
    localAddress,
    headers: {
      cookie,
      "content-type": "application/x-www-form-urlencoded",
      ...(forgedXff ? { "x-forwarded-for": forgedXff } : {}),
    },
    body: new URLSearchParams({ csrfToken, email, password, json: "true" }).toString(),
  });
  const url = (JSON.parse(res.body) as { url?: string }).url ?? "";
  return new URL(url, baseURL()).searchParams.get("error") ?? "ok";
}

test("sign-in throttling on the real server: forged X-Forwarded-For ignored, the owner elsewhere not locked out", async ({
  page,
}) => {
  const email = uniqueEmail("xff");
  await signUp(page, { email, team: "XFF Team" });
  const errors: string[] = [];
  // an attacker on 127.0.0.1 forging a different client address on every attempt
  for (let i = 0; i < 12; i++)
    errors.push(await signInFrom("127.0.0.1", email, "not the password at all", `203.0.113.${i + 1}`));
  // the server keyed the attempts on the socket address, not on the forged header: the limit bit
  // (sign-up itself signed in once from 127.0.0.1: nine more attempts fit in the per-(e-mail, address) limit of 10)
  expect(errors.slice(0, 9)).toEqual(Array(9).fill("CredentialsSignin"));
  for (const e of errors.slice(9)) expect(e).toMatch(/^rate_limited:\d+$/);
  // must not: the owner, on another address, locked out of their own account
  expect(await signInFrom("127.0.0.2", email, PASSWORD)).toBe("ok");
});
