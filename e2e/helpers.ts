import crypto from "node:crypto";
import { expect, type BrowserContext, type Page } from "@playwright/test";

export const PASSWORD = "e2e password that is long";
export const uniqueEmail = (tag: string) => `${tag}-${crypto.randomBytes(4).toString("hex")}@example.test`;

export async function signUp(
  page: Page,
  opts: { email: string; team?: string; name?: string; invite?: string },
) {
  await page.goto(opts.invite ? `/signup?invite=${opts.invite}` : "/signup");
  if (opts.name) await page.getByLabel("Your name").fill(opts.name);
  await page.getByLabel("E-mail").fill(opts.email);
  await page.getByLabel("Password").fill(PASSWORD);
  if (opts.team) await page.getByLabel("Team name").fill(opts.team);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

/**
 * A success toast (sonner, components/ui/notify.tsx) with this text. Toasts outlive client-side navigation and
 * stack, so look for the one with the expected text; `first()` is the newest.
 */
export const toastWith = (page: Page, text: string) =>
  page.getByTestId("toast").filter({ hasText: text }).first();

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** A link in the left navigation (pages link to each other too, so scope to the nav). */
export const nav = (page: Page, name: string) =>
  page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });

/** The Sandbox provider's own sign-in and consent pages (oidc-provider's dev interactions). */
export async function consentInSandbox(p: Page, login: string) {
  await p.locator('input[name="login"]').fill(login);
  await p.locator('input[name="password"]').fill("any password");
  await p.getByRole("button", { name: "Sign-in" }).click();
  await p.getByRole("button", { name: "Continue" }).click();
}

/** Catalog → Connect Sandbox → the dialog filled with `label`, ready for "Continue". */
export async function openSandboxDialog(page: Page, label: string) {
  await nav(page, "Catalog").click();
  await page.getByLabel("Search providers").fill("sandbox");
  await page.getByTestId("provider-sandbox").getByRole("button", { name: "Connect Sandbox" }).click();
  await page.getByLabel("Label (optional)").fill(label);
}

/** The whole popup flow as the signed-in user (a private, per-user connection); returns its id. */
export async function connectSandbox(
  page: Page,
  label: string,
  login = "erin@example.test",
): Promise<string> {
  await openSandboxDialog(page, label);
  const popupPromise = page.waitForEvent("popup");
  await page.getByRole("button", { name: "Continue" }).click();
  const popup = await popupPromise;
  await consentInSandbox(popup, login);
  await popup.waitForEvent("close");
  await expect(toastWith(page, "Connected")).toBeVisible();
  await nav(page, "Connections").click();
  const href = await page
    .getByTestId("connection-row")
    .filter({ hasText: label })
    .getByRole("link", { name: "Sandbox" })
    .getAttribute("href");
  const id = href?.match(/^\/connections\/([^/?]+)$/)?.[1];
  expect(id, `connection link of ${label}`).toBeTruthy();
  return id!;
}

/**
 * Real Cross-Origin-Opener-Policy at the provider: the Sandbox (http://localhost:E2E_PORT+1) sends
 * `Cross-Origin-Opener-Policy: same-origin` on every page it renders while its `sandbox_coop` cookie is set
 * (lib/sandbox/sandbox-pages.ts) — the header real providers' sign-in pages send. Chromium then moves the popup to
 * another browsing context group: the opener's handle reads `closed === true` at once and the popup has no
 * `window.opener` for the rest of its life (our callback page cannot post). (A Playwright route cannot add the
 * header: the Sandbox's pages are reached through redirects, which routes never see.)
 */
export async function realCoopAtSandbox(context: BrowserContext) {
  const port = String(Number(process.env.E2E_PORT ?? "3210") + 1);
  await context.addCookies(
    ["127.0.0.1", "localhost"].map((host) => ({ name: "sandbox_coop", value: "same-origin", url: `http://${host}:${port}` })),
  );
}

/** Keeps the handles window.open returns on this page (in window.__pbPopups), so a test can read `.closed`. */
export async function recordPopups(page: Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __pbPopups: (Window | null)[] };
    w.__pbPopups = [];
    const open = window.open.bind(window);
    window.open = (...args: Parameters<typeof window.open>) => {
      const popup = open(...args);
      w.__pbPopups.push(popup);
      return popup;
    };
  });
}

/** Does the opener see its latest popup as closed? */
export const latestPopupReadsClosed = (page: Page) =>
  page.evaluate(() => {
    const list = (window as unknown as { __pbPopups?: (Window | null)[] }).__pbPopups ?? [];
    return list.at(-1)?.closed ?? null;
  });
