// Hosted connect sessions (issue 10) in a real browser: a partner's API key makes a session for one of its
// connected accounts; the end-user's browser (no Patchbay sign-in, a fresh context) opens connect_url, sees the
// partner's branding and no Patchbay navigation, connects the Sandbox provider (a real OIDC server) or Stripe (a
// local fake speaking Stripe's API) and lands on the partner's own page with status=success and a connection id;
// the partner then calls the provider through the proxy with that connection. In German, and on a phone.
//
// The partner profile and the account are made through the partner API (PUT /api/v1/partner, POST
// /api/v1/accounts), so the spec runs on the embedded and the PostgreSQL E2E app alike.
import { expect, test, type APIRequestContext, type Browser, type Page } from "@playwright/test";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { E2E_STRIPE_KEY, e2eProxyListenerPort } from "./fixtures/e2e-constants";
import { consentInSandbox, shot, signUp, uniqueEmail } from "./helpers";

let receiver: http.Server;
let receiverOrigin = "";

test.beforeAll(async () => {
  // The partner's own app: a page that shows what it got back.
  receiver = http.createServer((req, res) => {
    const q = new URL(req.url ?? "/", "http://x").searchParams;
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(
      `<!doctype html><title>Partner app</title><h1>Back at the partner</h1><dl>` +
        ["status", "provider", "connection_id", "error"]
          .map((k) => `<dt>${k}</dt><dd data-testid="${k}">${(q.get(k) ?? "").replace(/[^\w.-]/g, "")}</dd>`)
          .join("") +
        `</dl>`,
    );
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverOrigin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await new Promise((r) => receiver?.close(r));
});

type TPartner = { key: string; accountId: string; externalId: string; teamId: string };

/** Sign up (the partner's team), an API key, partner mode and one connected account — all by the API. */
async function makePartner(page: Page): Promise<TPartner> {
  await signUp(page, { email: uniqueEmail("partner"), team: "Acme Apps team" });
  const keyRes = await page.request.post("/api/v1/api-keys", {
    data: { name: "partner backend", scopes: ["connections:read", "connections:write", "connections:proxy"] },
  });
  expect(keyRes.status()).toBe(201);
  const key = ((await keyRes.json()) as { key: string }).key;
  const me = (await (await page.request.get("/api/v1/me")).json()) as { team: { id: string } };
  const profile = await page.request.put("/api/v1/partner", {
    data: {
      display_name: "Acme Apps",
      primary_color: "#0f766e",
      background_color: "#ecfdf5",
      support_url: "https://acme.example/help",
      allowed_redirect_origins: [receiverOrigin],
      default_providers: ["sandbox", "stripe"],
    },
  });
  expect(profile.status(), await profile.text()).toBe(200);
  const externalId = `end-user-${Date.now()}`;
  const account = await page.request.post("/api/v1/accounts", { data: { external_id: externalId } });
  expect(account.status(), await account.text()).toBe(201);
  return { key, accountId: ((await account.json()) as { id: string }).id, externalId, teamId: me.team.id };
}

async function createSession(request: APIRequestContext, p: TPartner, body: Record<string, unknown>) {
  const res = await request.post(`/api/v1/accounts/${p.accountId}/connect`, {
    headers: { authorization: `Bearer ${p.key}` },
    data: { redirect_url: `${receiverOrigin}/connected`, ...body },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { connect_url: string; session_id: string; expires_at: string };
}

/** The end-user's browser: nothing of the partner's dashboard session. */
async function endUser(browser: Browser, opts: { locale?: string; phone?: boolean } = {}) {
  const context = await browser.newContext({
    locale: opts.locale ?? "en-US",
    ...(opts.phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true } : {}),
  });
  return context.newPage();
}

test("Sandbox OAuth through a hosted session → partner's redirect with success → proxy call", async ({
  page,
  browser,
  request,
}) => {
  const p = await makePartner(page);
  const s = await createSession(request, p, { providers: ["sandbox", "stripe"], label: "End-user sandbox" });
  expect(s.connect_url).toContain("/connect/cs1_");

  const user = await endUser(browser);
  await user.goto(s.connect_url);
  await expect(user).toHaveTitle("Connect your account · Acme Apps");
  await expect(user.getByTestId("partner-brand")).toContainText("Acme Apps");
  await expect(user.getByRole("heading", { name: "Connect your account to Acme Apps" })).toBeVisible();
  await expect(user.getByRole("navigation")).toHaveCount(0); // no dashboard chrome
  await expect(user.getByText("Patchbay")).toHaveCount(0);
  await expect(user.getByRole("button", { name: "Connect Sandbox" })).toBeVisible();
  await shot(user, "connect-session-hosted");

  // Keyboard: the Sandbox button is reachable and starts the flow with Enter.
  await user.getByRole("button", { name: "Connect Sandbox" }).focus();
  await user.keyboard.press("Enter");
  await consentInSandbox(user, "enduser@example.test");
  await expect(user.getByRole("heading", { name: "Back at the partner" })).toBeVisible();
  expect(new URL(user.url()).origin).toBe(receiverOrigin);
  await expect(user.getByTestId("status")).toHaveText("success");
  await expect(user.getByTestId("provider")).toHaveText("sandbox");
  const connectionId = (await user.getByTestId("connection_id").textContent())!;
  expect(connectionId).toMatch(/^conn_/);

  const polled = await request.get(`/api/v1/connect-sessions/${s.session_id}`, {
    headers: { authorization: `Bearer ${p.key}` },
  });
  expect(await polled.json()).toMatchObject({ status: "connected", connection_id: connectionId });
  const conn = await request.get(`/api/v1/connections/${connectionId}`, {
    headers: { authorization: `Bearer ${p.key}` },
  });
  expect(await conn.json()).toMatchObject({
    owner: { type: "account", account_id: p.accountId },
    status: "connected",
  });

  // The partner calls the provider on behalf of its end-user by external id: X-Account-Id picks the connection.
  const proxied = await request.get(`/api/v1/proxy/sandbox/me`, {
    headers: { authorization: `Bearer ${p.key}`, "x-account-id": p.externalId },
  });
  expect(proxied.status(), await proxied.text()).toBe(200);
  expect(((await proxied.json()) as { sub?: string }).sub).toBeTruthy();
  const byId = await request.get(`/api/v1/connections/${connectionId}/proxy/me`, {
    headers: { authorization: `Bearer ${p.key}` },
  });
  expect(byId.status()).toBe(200);
  // The same call through the dedicated listener (PATCHBAY_PROXY_PORT): same handler, same answer.
  const listenerPort = e2eProxyListenerPort(Number(process.env.E2E_PORT ?? 3210)); // as playwright.config.ts
  const viaListener = await request.get(
    `http://127.0.0.1:${listenerPort}/api/v1/connections/${connectionId}/proxy/me`,
    { headers: { authorization: `Bearer ${p.key}` } },
  );
  expect(viaListener.status(), await viaListener.text()).toBe(200);
  expect(((await viaListener.json()) as { sub?: string }).sub).toBe(
    ((await byId.json()) as { sub?: string }).sub,
  );

  // Single use: the same link now says so, and offers nothing.
  await user.goto(s.connect_url);
  await expect(user.getByRole("heading", { name: "This link was already used" })).toBeVisible();
  await expect(user.getByRole("button", { name: "Connect Sandbox" })).toHaveCount(0);
  await user.context().close();
});

test("Stripe API key in German: inline error for a wrong key, then success and a proxy call", async ({
  page,
  browser,
  request,
}) => {
  const p = await makePartner(page);
  const s = await createSession(request, p, { providers: ["stripe"], locale: "de" });
  const user = await endUser(browser, { locale: "en-US" }); // the session's locale wins over the browser's
  await user.goto(s.connect_url);
  await expect(user.getByRole("heading", { name: "Verbinden Sie Ihr Konto mit Acme Apps" })).toBeVisible();
  await expect(user.locator("main")).toHaveAttribute("lang", "de");

  const form = user.getByRole("form", { name: "Stripe mit einem Schlüssel verbinden" });
  await form.getByRole("button", { name: /Verbinden/ }).click();
  const keyField = form.getByRole("textbox").or(form.locator('input[type="password"]')).first();
  await expect(form.getByText(/Bitte .* eingeben\./)).toBeVisible(); // required, before any request
  await expect(keyField).toBeFocused();
  await keyField.fill("sk_test_thisKeyIsWrong0123456789abc");
  await form.getByRole("button", { name: /Verbinden/ }).click();
  await expect(form.getByText(/Stripe rejected the API key/)).toBeVisible();
  await expect(keyField).toHaveAttribute("aria-invalid", "true");
  await shot(user, "connect-session-german-error");

  await keyField.fill(E2E_STRIPE_KEY);
  await form.getByRole("button", { name: /Verbinden/ }).click();
  await expect(user.getByRole("heading", { name: "Back at the partner" })).toBeVisible();
  await expect(user.getByTestId("status")).toHaveText("success");
  await expect(user.getByTestId("provider")).toHaveText("stripe");
  const connectionId = (await user.getByTestId("connection_id").textContent())!;

  const proxied = await request.get(`/api/v1/connections/${connectionId}/proxy/account`, {
    headers: { authorization: `Bearer ${p.key}` },
  });
  expect(proxied.status()).toBe(200);
  expect(((await proxied.json()) as { object?: string }).object).toBe("account");
  await user.context().close();
});

test("phone viewport, browser language German; the dashboard's Create connect link", async ({
  page,
  browser,
  request,
}) => {
  const p = await makePartner(page);
  const s = await createSession(request, p, {});
  const phone = await endUser(browser, { phone: true, locale: "de-DE" });
  await phone.goto(s.connect_url);
  await expect(phone.getByRole("heading", { name: "Verbinden Sie Ihr Konto mit Acme Apps" })).toBeVisible();
  await expect(phone.getByRole("button", { name: "Sandbox verbinden" })).toBeVisible();
  // Nothing wider than the phone: no horizontal scrolling.
  expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(phone, "connect-session-phone");
  // Cancel returns to the partner with an error status.
  await phone.getByRole("button", { name: "Abbrechen und zurück zu Acme Apps" }).click();
  await expect(phone.getByTestId("status")).toHaveText("error");
  await expect(phone.getByTestId("error")).toHaveText("user_cancelled");
  await phone.context().close();

  // The dashboard: an admin makes a link by hand and copies it.
  await page.goto(`/accounts/${p.accountId}`);
  await page.getByLabel("Redirect URL (on an allowed redirect origin)").fill("https://not-allowed.example/x");
  await page.getByRole("button", { name: "Create connect link" }).click();
  await expect(page.getByText(/is not allowed/)).toBeVisible();
  await page.getByLabel("Redirect URL (on an allowed redirect origin)").fill(`${receiverOrigin}/connected`);
  await page.getByRole("button", { name: "Create connect link" }).click();
  const link = page.getByTestId("connect-link");
  await expect(link).toHaveValue(/\/connect\/cs1_/);
  await shot(page, "connect-link-dashboard");
  const user = await endUser(browser);
  await user.goto(await link.inputValue());
  await expect(user.getByRole("heading", { name: "Connect your account to Acme Apps" })).toBeVisible();
  await user.context().close();

  // An unknown token: a clear page, nothing else.
  const stranger = await endUser(browser);
  await stranger.goto(`/connect/cs1_${"x".repeat(43)}`);
  await expect(stranger.getByRole("heading", { name: "This link is not valid" })).toBeVisible();
  await stranger.context().close();
});
