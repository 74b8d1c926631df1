// <ConnectButton> from @patchbay/react on a partner's page served from ANOTHER origin than Patchbay (a tiny
// static server on 127.0.0.1 started here; Patchbay is http://localhost:<E2E_PORT>). The page loads a browser
// bundle that esbuild makes here from the built package (packages/react/dist, via node_modules/@patchbay/react)
// and React. Its own server holds the partner's API key and makes the connect session (POST
// /api/v1/connect-sessions), exactly as a partner's backend would; the browser never sees the key.
// Three ways the outcome reaches the page, each ending with onSuccess's connection id checked through the API:
//   (a) the popup's postMessage (polling turned off on the page, so nothing else could deliver it);
//   (b) a real Cross-Origin-Opener-Policy at the provider → the page polls GET /api/v1/connect-sessions/status;
//   (c) window.open blocked → full-page redirect to the hosted page and back to the partner page with the result.
// For (b) the Sandbox's documents are served with `Cross-Origin-Opener-Policy: same-origin` (a Playwright route
// adds the header, e2e/helpers.ts realCoopAtSandbox): Chromium then reports the popup closed to the opener at once
// and the popup loses window.opener for good. The status endpoint's in_progress keeps the hook waiting meanwhile.
import { expect, test, type Page } from "@playwright/test";
import { build } from "esbuild";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import {
  consentInSandbox,
  latestPopupReadsClosed,
  realCoopAtSandbox,
  recordPopups,
  shot,
  signUp,
  uniqueEmail,
} from "./helpers";

// The popup flows run a real OIDC sign-in on a shared 2-core machine: more room than the default 60 s.
test.describe.configure({ timeout: 120_000 });

const patchbay = `http://localhost:${process.env.E2E_PORT ?? "3210"}`;
let server: http.Server;
let demoOrigin = "";
let bundle = "";
type TPartner = { key: string; accountId: string };
let partner: TPartner | null = null;

const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Acme Apps · connect</title></head>
<body><div id="root"></div><script src="/demo.js"></script></body></html>`;

test.beforeAll(async () => {
  const out = await build({
    entryPoints: [path.join(import.meta.dirname, "fixtures/connect-button-demo/demo.tsx")],
    bundle: true,
    format: "iife",
    platform: "browser",
    jsx: "automatic",
    write: false,
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "silent",
  });
  bundle = out.outputFiles[0]!.text;
  // The bundle must be the built package, not its source: the dist file is what a partner installs.
  expect(out.outputFiles[0]!.text).toContain("patchbay:oauth");

  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    if (req.method === "POST" && url.pathname === "/api/connect-session") {
      // The partner's backend: its API key, its account, its own page as the redirect URL.
      if (!partner) return void res.writeHead(409).end();
      void fetch(`${patchbay}/api/v1/connect-sessions`, {
        method: "POST",
        headers: { authorization: `Bearer ${partner.key}`, "content-type": "application/json" },
        body: JSON.stringify({ account_id: partner.accountId, redirect_url: `${demoOrigin}/`, providers: ["sandbox"] }),
      }).then(async (r) => {
        const body = (await r.json()) as { connect_url?: string };
        res.writeHead(r.status, { "content-type": "application/json" });
        res.end(JSON.stringify({ connect_url: body.connect_url }));
      });
      return;
    }
    if (url.pathname === "/demo.js") {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8" });
      return void res.end(bundle);
    }
    if (url.pathname === "/") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      return void res.end(PAGE);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  demoOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((r) => server?.close(r));
});

/** Sign up (the partner's team), an API key, partner mode with the demo origin allowed, one account. */
async function makePartner(page: Page): Promise<TPartner> {
  await signUp(page, { email: uniqueEmail("react"), team: "Acme Apps team" });
  const keyRes = await page.request.post("/api/v1/api-keys", {
    data: { name: "partner backend", scopes: ["connections:read", "connections:write"] },
  });
  expect(keyRes.status()).toBe(201);
  const key = ((await keyRes.json()) as { key: string }).key;
  const profile = await page.request.put("/api/v1/partner", {
    data: { display_name: "Acme Apps", allowed_redirect_origins: [demoOrigin], default_providers: ["sandbox"] },
  });
  expect(profile.status(), await profile.text()).toBe(200);
  const account = await page.request.post("/api/v1/accounts", { data: { external_id: `user-${Date.now()}` } });
  expect(account.status(), await account.text()).toBe(201);
  return { key, accountId: ((await account.json()) as { id: string }).id };
}

type TResult = { ok: boolean; connectionId?: string; provider?: string; via?: string; code?: string };
async function resultOf(demo: Page): Promise<TResult> {
  await expect(demo.getByTestId("result")).toContainText('"ok":true');
  return JSON.parse((await demo.getByTestId("result").textContent())!) as TResult;
}

/** The connection onSuccess named exists, is the partner's account's, and is connected. */
async function expectConnection(page: Page, p: TPartner, id: string | undefined) {
  expect(id).toMatch(/^conn_/);
  const res = await page.request.get(`/api/v1/connections/${id}`, { headers: { authorization: `Bearer ${p.key}` } });
  expect(res.status()).toBe(200);
  expect(await res.json()).toMatchObject({
    id,
    provider: "sandbox",
    status: "connected",
    owner: { type: "account", account_id: p.accountId },
  });
}

/** The demo page, its button enabled once the partner's server made the session. */
async function openDemo(demo: Page, query = "") {
  await demo.goto(`${demoOrigin}/${query}`);
  await expect(demo.getByRole("button", { name: "Connect an account" })).toBeEnabled();
  expect(new URL(demo.url()).origin).not.toBe(new URL(patchbay).origin);
  return demo.locator("button[data-phase]"); // its name changes while busy ("Connecting…")
}

test("(a) popup: closing it cancels; the Sandbox flow then completes by the popup's message", async ({ page, context }) => {
  partner = await makePartner(page);
  await page.goto("/catalog");
  await page.getByLabel("Search providers").fill("sandbox");
  await expect(page.getByRole("button", { name: "Connect Sandbox" })).toBeVisible();
  await shot(page, "connect-button-dashboard");

  const demo = await context.newPage();
  const button = await openDemo(demo, "?poll=off");
  await shot(demo, "connect-button-demo");

  // Closing the popup ends the flow as `cancelled` (after the hook's grace; polling is off on this page).
  const first = demo.waitForEvent("popup");
  await button.click();
  await (await first).close();
  await expect(demo.getByTestId("result")).toContainText('"code":"cancelled"', { timeout: 30_000 });
  await expect(button).toHaveAttribute("aria-busy", "false");

  const popupPromise = demo.waitForEvent("popup");
  await button.focus();
  await demo.keyboard.press("Enter"); // a native button: Enter starts it
  const popup = await popupPromise;
  await popup.waitForLoadState(); // as page.goto does: the hosted page's button works once its scripts ran
  const closed = popup.waitForEvent("close");
  await expect(button).toHaveAttribute("aria-busy", "true");
  await expect(button).toHaveText("Connecting…");
  await popup.getByRole("button", { name: "Connect Sandbox" }).click();
  await consentInSandbox(popup, "react-popup@example.test");
  await closed; // the callback page posted and closed itself
  const r = await resultOf(demo);
  expect(r).toMatchObject({ ok: true, provider: "sandbox", via: "message" });
  await expect(button).toHaveAttribute("aria-busy", "false");
  await expect(demo.getByRole("status")).toHaveText("Connected.");
  await expectConnection(page, partner, r.connectionId);
  await shot(demo, "connect-button-demo-connected");
});

test("(b) real COOP at the provider → the popup reads as closed, the page waits and learns the outcome by polling", async ({
  page,
  context,
}) => {
  partner = await makePartner(page);
  await realCoopAtSandbox(context);
  const demo = await context.newPage();
  await recordPopups(demo);
  const button = await openDemo(demo);
  await demo.evaluate(() => {
    const w = window as unknown as { __pbMessages: number };
    w.__pbMessages = 0;
    window.addEventListener("message", () => (w.__pbMessages += 1));
  });
  const popupPromise = demo.waitForEvent("popup");
  await button.click();
  const popup = await popupPromise;
  await popup.waitForLoadState(); // as page.goto does: the hosted page's button works once its scripts ran
  expect(await latestPopupReadsClosed(demo)).toBe(false); // our hosted page: still the opener's window
  const sessionToken = new URL(popup.url()).pathname.split("/").pop()!;
  const sessionStatus = async () =>
    (await (
      await page.request.get("/api/v1/connect-sessions/status", {
        headers: { "x-connect-session-token": sessionToken },
      })
    ).json()) as { status: string; in_progress: boolean };
  expect(await sessionStatus()).toMatchObject({ status: "pending", in_progress: false });
  await popup.getByRole("button", { name: "Connect Sandbox" }).click();
  await expect(popup.locator('input[name="login"]')).toBeVisible();
  // The provider's COOP: the opener's handle now reads as closed although the user is signing in.
  await expect.poll(() => latestPopupReadsClosed(demo)).toBe(true);
  // The hook would call that a cancel after its grace (4 × 1.5 s); the status endpoint says a browser is at the
  // provider, so it waits — longer than the grace — and says so beside the button.
  await expect(demo.getByText("Still waiting for the other window.")).toBeVisible({ timeout: 15_000 });
  await demo.waitForTimeout(8_000);
  await expect(demo.getByTestId("result")).toHaveText("");
  await expect(button).toHaveAttribute("aria-busy", "true");
  await shot(demo, "connect-button-demo-cut-off");
  expect(await sessionStatus()).toMatchObject({ status: "pending", in_progress: true });
  await consentInSandbox(popup, "react-coop@example.test");
  const r = await resultOf(demo);
  expect(r).toMatchObject({ ok: true, provider: "sandbox", via: "poll" });
  expect(await demo.evaluate(() => (window as unknown as { __pbMessages: number }).__pbMessages)).toBe(0);
  await expect(demo.getByText("Still waiting for the other window.")).toHaveCount(0);
  expect(await sessionStatus()).toMatchObject({ status: "connected", in_progress: false });
  // A disowned popup is no longer the page's to close (nor to post from): it says so itself; the user closes it.
  await expect(popup.getByRole("heading", { name: "Connected" })).toBeVisible();
  await popup.close();
  await expectConnection(page, partner, r.connectionId);

  // The status endpoint: the token in a header (never the URL), the answer readable by the session's redirect
  // origin only, and nothing in it but the outcome.
  const token = await demo.evaluate(async () => {
    const res = await fetch("/api/connect-session", { method: "POST" });
    return new URL(((await res.json()) as { connect_url: string }).connect_url).pathname.split("/").pop()!;
  });
  const url = "/api/v1/connect-sessions/status";
  const status = await page.request.get(url, { headers: { "x-connect-session-token": token } });
  expect(status.status()).toBe(200);
  expect(status.headers()["access-control-allow-origin"]).toBe(demoOrigin);
  expect(Object.keys((await status.json()) as object).sort()).toEqual([
    "connection_id",
    "error",
    "expires_at",
    "in_progress",
    "provider",
    "status",
  ]);
  const unknown = await page.request.get(url, { headers: { "x-connect-session-token": `cs1_${"x".repeat(43)}` } });
  expect(unknown.status()).toBe(404);
  expect(unknown.headers()["access-control-allow-origin"]).toBeUndefined();
  expect((await unknown.json()) as object).toMatchObject({ error: { code: "not_found" } });
  expect((await page.request.get(url, { headers: { "x-connect-session-token": "nonsense" } })).status()).toBe(404);
  expect((await page.request.get(url)).status()).toBe(400);
  // Another site's page cannot read a session's status: its fetch fails on CORS.
  const other = await context.newPage();
  const third = `http://127.0.0.1:${new URL(patchbay).port}`; // neither Patchbay's origin (localhost) nor the demo's
  await other.goto(`${third}/api/ready`);
  const readable = await other.evaluate(
    async ([u, t]) => {
      try {
        await fetch(u, { headers: { "x-connect-session-token": t } });
        return true;
      } catch {
        return false;
      }
    },
    [`${patchbay}${url}`, token] as const,
  );
  expect(readable).toBe(false);
  await other.close();
});

test("(c) popup blocked → redirect to the hosted page and back to the partner page with the result", async ({
  page,
  context,
}) => {
  partner = await makePartner(page);
  const demo = await context.newPage();
  // A crafted return link on its own reports nothing (the page did not start a redirect).
  await demo.goto(`${demoOrigin}/?status=success&connection_id=conn_forged&provider=sandbox`);
  await expect(demo.getByRole("button", { name: "Connect an account" })).toBeEnabled();
  await expect(demo.getByTestId("result")).toBeEmpty();

  await demo.addInitScript(() => {
    window.open = () => null;
  });
  const button = await openDemo(demo);
  await button.click();
  await demo.waitForURL(/\/connect\/cs1_/);
  await demo.getByRole("button", { name: "Connect Sandbox" }).click();
  await consentInSandbox(demo, "react-redirect@example.test");
  await demo.waitForURL((u) => u.origin === demoOrigin);
  const r = await resultOf(demo);
  expect(r).toMatchObject({ ok: true, provider: "sandbox", via: "redirect" });
  expect(new URL(demo.url()).searchParams.get("status")).toBeNull(); // the outcome query is cleaned up
  await expectConnection(page, partner, r.connectionId);
  await shot(demo, "connect-button-demo-redirected");
});
