// The API reference (/docs/api): Scalar renders /api/v1/openapi.json from our own origin with every request to
// another host aborted and counted — the page must need none (offline, no CDN, no fonts, no telemetry) — under
// the app's CSP without a violation; and the dashboard links to it.
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import { signUp, uniqueEmail } from "./helpers";

const origin = () => new URL(test.info().project.use.baseURL!).origin;

/** Aborts and records every request that leaves our origin; records CSP violations and page errors. */
async function offlineWatch(context: BrowserContext) {
  const external: string[] = [];
  const problems: string[] = [];
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (new URL(url).origin === origin()) return route.continue();
    external.push(url);
    return route.abort("internetdisconnected");
  });
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) => {
      console.error(`CSP-VIOLATION ${e.violatedDirective} blocked=${e.blockedURI}`);
    });
  });
  context.on("console", (msg) => {
    if (msg.text().startsWith("CSP-VIOLATION") || /Content Security Policy/i.test(msg.text()))
      problems.push(msg.text());
  });
  context.on("weberror", (e) => problems.push(`page error: ${e.error().message}`));
  return { external, problems };
}

/** The rendered document: its title, and the operations of two tags once their sidebar groups are opened. */
async function expectReference(page: Page) {
  // A 4 MB renderer and the document, parsed on a slow shared machine: allow more than the default 10 s.
  await expect(page.getByRole("heading", { name: "Patchbay API", exact: true })).toBeVisible({
    timeout: 30_000,
  });
  const sidebar = page.getByRole("complementary");
  await sidebar.getByText("Connections", { exact: true }).click();
  await sidebar.getByText("Connect", { exact: true }).click();
  for (const name of [
    "List connections",
    "Get a connection",
    "Start a connection",
    "Create a connect session",
  ])
    await expect(sidebar.getByText(name, { exact: true })).toBeVisible();
}

test("renders the API reference with no request to another origin and no CSP violation", async ({
  context,
  page,
}) => {
  const watch = await offlineWatch(context);
  const res = await page.goto("/docs/api");
  expect(res?.status()).toBe(200);
  const csp = res!.headers()["content-security-policy"]!;
  expect(csp).toMatch(/script-src 'self' 'nonce-[^']+' 'strict-dynamic'/);
  expect(csp).not.toContain("unsafe-eval");
  expect(csp).toContain("connect-src 'self'");

  await expectReference(page);
  // Open one operation: its parameters and responses are rendered from the document.
  await page.getByRole("complementary").getByText("List connections", { exact: true }).click();
  await expect(page.getByRole("heading", { name: "List connections" })).toBeVisible();
  await expect(page.getByText("X-Account-Id").first()).toBeVisible();
  await expect(page.getByText("connections:read").first()).toBeVisible();
  // The viewport, not the full page (the whole reference is ~27,000 px tall).
  await page.screenshot({ path: "test-results/screenshots/api-docs.png" });

  expect(watch.external).toEqual([]);
  expect(watch.problems).toEqual([]);
});

test("the dashboard links to the API reference", async ({ context, page }) => {
  test.setTimeout(120_000); // sign-up plus two loads of the reference on a slow shared machine
  const watch = await offlineWatch(context);
  await signUp(page, { email: uniqueEmail("docs"), team: "Docs team" });
  await page
    .getByRole("navigation", { name: "Developers" })
    .getByRole("link", { name: "API reference" })
    .click();
  await expect(page).toHaveURL(/\/docs\/api$/);
  await expectReference(page);

  // The API keys page (where keys are made) points there too.
  await page.goto("/api-keys");
  const link = page.getByRole("link", { name: "API reference →" });
  await expect(link).toHaveAttribute("href", "/docs/api");
  await link.click();
  await expect(page).toHaveURL(/\/docs\/api$/);
  await expect(page.getByRole("heading", { name: "Patchbay API", exact: true })).toBeVisible({
    timeout: 30_000,
  });
  expect(watch.external).toEqual([]);
  expect(watch.problems).toEqual([]);
});
