// The popup OAuth flow against the built-in Sandbox provider (a real oidc-provider), in a real browser:
// postMessage path, polling path (a real Cross-Origin-Opener-Policy on the provider's pages cuts the popup off),
// cancel, and the redirect path (popup blocked).
import { expect, test } from "@playwright/test";
import fs from "node:fs";
import { providers } from "@/lib/providers/registry";
import { E2E_GA4_PROPERTY, E2E_STRIPE_KEY } from "./fixtures/e2e-constants";
import {
  consentInSandbox,
  latestPopupReadsClosed,
  nav,
  openSandboxDialog,
  realCoopAtSandbox,
  recordPopups,
  shot,
  signUp,
  toastWith,
  uniqueEmail,
} from "./helpers";

test("popup: Connect Sandbox → sign in and consent in the popup → popup closes → connected", async ({
  page,
}) => {
  await signUp(page, { email: uniqueEmail("popup"), team: "Popup Team" });
  await nav(page, "Connections").click();
  await expect(page.getByText("No connections in Default yet")).toBeVisible();
  await shot(page, "connections-empty");
  await nav(page, "Catalog").click();
  await expect(page.getByTestId("provider-shopify")).toBeVisible();
  // every registry entry renders, each with its logo
  const cards = page.locator('li[data-testid^="provider-"]');
  await expect(cards).toHaveCount(providers.length);
  for (const p of providers)
    await expect(
      page.getByTestId(`provider-${p.slug}`).getByRole("img", { name: `${p.name} logo` }),
    ).toBeVisible();
  await shot(page, "catalog");

  await openSandboxDialog(page, "My test account");
  const popupPromise = page.waitForEvent("popup");
  await page.getByRole("button", { name: "Continue" }).click();
  const popup = await popupPromise;
  await consentInSandbox(popup, "alice@example.test");
  await popup.waitForEvent("close");
  await expect(toastWith(page, "Connected")).toBeVisible();
  await shot(page, "catalog-connected");

  await nav(page, "Connections").click();
  const row = page.getByTestId("connection-row");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Sandbox");
  await expect(row).toContainText("My test account");
  await expect(row).toContainText("Connected");
  await shot(page, "connections");
});

test("polling: a real COOP at the provider cuts the popup off → the dashboard waits and still learns the outcome", async ({
  page,
  context,
}) => {
  await realCoopAtSandbox(context);
  await recordPopups(page);
  await signUp(page, { email: uniqueEmail("coop"), team: "COOP Team" });
  await page.evaluate(() => {
    const w = window as unknown as { __pbMessages: number };
    w.__pbMessages = 0;
    window.addEventListener("message", (e: MessageEvent<{ type?: string }>) => {
      if (e.data?.type === "patchbay:oauth") w.__pbMessages += 1;
    });
  });
  await openSandboxDialog(page, "My test account");
  const popupPromise = page.waitForEvent("popup");
  await page.getByRole("button", { name: "Continue" }).click();
  const popup = await popupPromise;
  await expect(popup.locator('input[name="login"]')).toBeVisible();
  await expect.poll(() => latestPopupReadsClosed(page)).toBe(true); // what COOP does to the opener's handle
  // Past the hook's closed grace (6 s) the grant status still says a browser is at the provider: no cancel.
  await expect(page.getByText("Still waiting: finish at the provider")).toBeVisible({ timeout: 15_000 });
  await page.waitForTimeout(8_000);
  await expect(page.getByText("Still waiting: finish at the provider")).toBeVisible();
  await shot(page, "catalog-connect-cut-off");
  await consentInSandbox(popup, "carol@example.test");
  await expect(toastWith(page, "Connected")).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { __pbMessages: number }).__pbMessages)).toBe(0);
  // The popup is no longer the dashboard's to close: our callback page says so; the user closes it.
  await expect(popup.getByRole("heading", { name: "Connected" })).toBeVisible();
  await popup.close();
  await nav(page, "Connections").click();
  await expect(page.getByTestId("connection-row")).toContainText("Connected");
});

test("cancel: the dashboard's Cancel ends a flow still waiting on the other window", async ({ page }) => {
  await signUp(page, { email: uniqueEmail("cancel"), team: "Cancel Team" });
  await openSandboxDialog(page, "Never finished");
  const popupPromise = page.waitForEvent("popup");
  await page.getByRole("button", { name: "Continue" }).click();
  const popup = await popupPromise;
  const closed = popup.waitForEvent("close");
  await expect(page.getByText("Waiting for you to finish in the other window")).toBeVisible();
  await page.getByRole("status").getByRole("button", { name: "Cancel" }).click();
  await closed; // the hook closes the window it opened
  await expect(page.getByText("Connecting was cancelled.")).toBeVisible();
  await expect(page.getByText("Waiting for you to finish in the other window")).toHaveCount(0);
});

test("redirect: popups blocked → full-page flow → back on the catalog, connected", async ({
  page,
  context,
}) => {
  await context.addInitScript(() => {
    window.open = () => null;
  });
  await signUp(page, { email: uniqueEmail("redirect"), team: "Redirect Team" });
  await openSandboxDialog(page, "My test account");
  await page.getByRole("button", { name: "Continue" }).click();
  await consentInSandbox(page, "dave@example.test");
  await expect(page).toHaveURL(/\/catalog\?status=success/);
  await expect(toastWith(page, "Connected")).toBeVisible();
  await nav(page, "Connections").click();
  await expect(page.getByTestId("connection-row")).toContainText("Connected");
});

test("an admin adds an OAuth app; connection parameters are validated inline before anything starts", async ({
  page,
}) => {
  await signUp(page, { email: uniqueEmail("params"), team: "Params Team" });
  await nav(page, "Catalog").click();
  await page.getByLabel("Search providers").fill("shopify");
  await expect(page.getByTestId("provider-shopify")).toContainText("Not configured");
  await expect(
    page.getByTestId("provider-shopify").getByRole("button", { name: "Connect Shopify" }),
  ).toBeDisabled();

  await nav(page, "Providers").click();
  const shopify = page.getByTestId("provider-app-shopify");
  await shopify.getByRole("button", { name: "Set OAuth app" }).click();
  await shopify.getByLabel("Client ID").fill("shopify-client-id");
  await shopify.getByLabel("Client secret").fill("shopify-client-secret-value");
  await shopify.getByRole("button", { name: "Save" }).click();
  await expect(shopify).toContainText("Your team's app");
  await shot(page, "providers");
  expect(await page.content()).not.toContain("shopify-client-secret-value");

  await nav(page, "Catalog").click();
  await page.getByLabel("Category").selectOption({ label: "Commerce" });
  const card = page.getByTestId("provider-shopify");
  await expect(card).not.toContainText("Not configured");
  let popups = 0;
  page.on("popup", () => (popups += 1));
  await card.getByRole("button", { name: "Connect Shopify" }).click();
  await page.getByLabel("Shop domain").fill("https://evil.example/");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByText("Shop domain must look like acme-store.myshopify.com")).toBeVisible();
  await shot(page, "connect-dialog-error");
  expect(popups).toBe(0);

  await page.keyboard.press("Escape");
  await page.getByLabel("Search providers").fill("no such provider at all");
  await expect(page.getByText("No provider matches")).toBeVisible();
});

test("API key: checked with the provider before anything is stored — invalid says why, valid connects", async ({
  page,
}) => {
  await signUp(page, { email: uniqueEmail("apikey"), team: "Key Team" });
  await nav(page, "Catalog").click();
  await page.getByLabel("Search providers").fill("stripe");
  await page.getByTestId("provider-stripe").getByRole("button", { name: "Connect Stripe" }).click();
  const keyField = page.getByLabel("Secret or restricted key");
  await keyField.fill("pk_test_publishableKey123456789");
  await page.getByRole("button", { name: "Verify and connect" }).click();
  await expect(page.getByText(/does not look like a Stripe/)).toBeVisible();

  const wrongKey = "sk_test_wrongKeyZZZZ0123456789abcd";
  await keyField.fill(wrongKey);
  await page.getByRole("button", { name: "Verify and connect" }).click();
  await expect(page.getByText(/Stripe rejected the API key: Invalid API Key provided/)).toBeVisible();
  expect(await page.content()).not.toContain(wrongKey);
  await shot(page, "api-key-invalid");

  await keyField.fill(E2E_STRIPE_KEY);
  await page.getByRole("button", { name: "Verify and connect" }).click();
  await expect(toastWith(page, "Connected")).toBeVisible();
  await nav(page, "Connections").click();
  const row = page.getByTestId("connection-row");
  await expect(row).toContainText("Stripe");
  await expect(row).toContainText("Connected");
  expect(await page.content()).not.toContain(E2E_STRIPE_KEY);
});

test("service account (GA4): paste the JSON key → a token is minted and the property checked before storing", async ({
  page,
}) => {
  const keyFile = fs.readFileSync("e2e/fixtures/test-service-account.json", "utf8");
  await signUp(page, { email: uniqueEmail("ga4"), team: "GA Team" });
  await nav(page, "Catalog").click();
  await page.getByLabel("Search providers").fill("analytics");
  await page
    .getByTestId("provider-google-analytics")
    .getByRole("button", { name: "Connect Google Analytics" })
    .click();
  await page.getByLabel("GA4 property ID").fill("555555555");
  await page.getByLabel("Service account JSON key").fill(keyFile);
  await page.getByRole("button", { name: "Verify and connect" }).click();
  await expect(page.getByText(/cannot read this Google Analytics resource/)).toBeVisible();
  await shot(page, "service-account-no-access");

  await page.getByLabel("GA4 property ID").fill(E2E_GA4_PROPERTY);
  await page.getByRole("button", { name: "Verify and connect" }).click();
  await expect(toastWith(page, "Connected")).toBeVisible();
  await nav(page, "Connections").click();
  const row = page.getByTestId("connection-row");
  await expect(row).toContainText("Google Analytics");
  await expect(row).toContainText("ga-reader@patchbay-e2e.iam.gserviceaccount.com");
  expect(await page.content()).not.toContain("PRIVATE KEY");
});
