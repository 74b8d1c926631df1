// Providers page: bring your own OAuth app for a catalog provider (covered in connect.spec.ts) and add a custom
// OAuth2/OIDC provider by issuer URL — discovered through the outbound guard, then connectable from the Catalog.
// A custom provider's sign-in page is a URL a team typed, so the popup first shows "You are leaving Patchbay for
// <host>" (issue 7, finding 5); an OIDC provider asked for offline_access gets prompt=consent and so issues a
// refresh token, and one that withholds it leaves a visible warning on the connection (finding B).
import { expect, type Page } from "@playwright/test";
import { test } from "@playwright/test";
import { E2E_CUSTOM_CLIENT, e2eCustomIdpPort } from "./fixtures/e2e-constants";
import { consentInSandbox, nav, shot, signUp, uniqueEmail, toastWith } from "./helpers";

const CUSTOM_ISSUER = `http://127.0.0.1:${e2eCustomIdpPort(Number(process.env.E2E_PORT ?? 3210))}`;
const CUSTOM_HOST = new URL(CUSTOM_ISSUER).host;

async function fillProvider(page: Page, name: string, slug: string) {
  await page.getByLabel("Name").first().fill(name);
  await page.getByLabel("Slug").fill(slug);
  await page.getByLabel("Issuer URL (discovery)").fill(CUSTOM_ISSUER);
  await page.getByLabel("API base URL").fill(CUSTOM_ISSUER);
  await page.getByLabel("Scopes").fill("openid email offline_access");
  await page.getByLabel("Client ID").first().fill(E2E_CUSTOM_CLIENT.id);
  await page.getByLabel("Client secret").first().fill(E2E_CUSTOM_CLIENT.secret);
}

/** Catalog → Connect → the popup's interstitial → Continue → sign in and consent → back, connected. */
async function connectThroughInterstitial(
  page: Page,
  name: string,
  slug: string,
  label: string,
  screenshot?: string,
) {
  await nav(page, "Catalog").click();
  await page.getByLabel("Search providers").fill(slug);
  const card = page.getByTestId(`provider-${slug}`);
  await expect(card).toContainText(name);
  await card.getByRole("button", { name: `Connect ${name}` }).click();
  await page.getByLabel("Label (optional)").fill(label);
  const popupPromise = page.waitForEvent("popup");
  await page.getByRole("button", { name: "Continue" }).click();
  const popup = await popupPromise;
  await expect(
    popup.getByRole("heading", { name: `You are leaving Patchbay for ${CUSTOM_HOST}` }),
  ).toBeVisible();
  await expect(popup.getByText(`${name} is a custom provider added by the team`)).toBeVisible();
  expect(popup.url().startsWith(CUSTOM_ISSUER)).toBe(false); // still on Patchbay
  if (screenshot) await shot(popup, screenshot);
  await popup.getByRole("button", { name: `Continue to ${CUSTOM_HOST}` }).click();
  await expect(popup.locator('input[name="login"]')).toBeVisible();
  expect(popup.url().startsWith(CUSTOM_ISSUER)).toBe(true);
  await consentInSandbox(popup, uniqueEmail("idp-user"));
  await popup.waitForEvent("close");
  await expect(toastWith(page, "Connected")).toBeVisible();
  await nav(page, "Connections").click();
  await page
    .getByTestId("connection-row")
    .filter({ hasText: label })
    .getByRole("link", { name })
    .click(); // custom providers are listed by their given name (issue 13)
  await expect(page.getByTestId("health")).toBeVisible();
}

test("add a custom provider by issuer URL; Connect goes through the leaving-Patchbay page and gets a refresh token", async ({
  page,
}) => {
  await signUp(page, { email: uniqueEmail("custom"), team: "Custom Team" });
  await nav(page, "Providers").click();
  await fillProvider(page, "Acme IdP", "github");
  await page.getByRole("button", { name: "Add provider" }).click();
  await expect(page.getByText("this slug belongs to a catalog provider")).toBeVisible();

  await page.getByLabel("Slug").fill("acme-idp");
  await page.getByRole("button", { name: "Add provider" }).click();
  await expect(page.getByText("Added Acme IdP. It is in the Catalog now.")).toBeVisible();
  await shot(page, "providers-custom");
  // its client was set when it was added: it is not offered in the OAuth-app list of catalog providers
  await expect(page.getByTestId("provider-app-acme-idp")).toHaveCount(0);

  await connectThroughInterstitial(page, "Acme IdP", "acme-idp", "Acme main", "oauth-leaving-patchbay");
  // prompt=consent was sent with offline_access, so a refresh token came back: no warning on the connection
  await expect(page.getByTestId("connection-warning")).toHaveCount(0);

  // Back on Providers: listed with the redirect URI to register (it sends iss: the shared callback); while a
  // connection is pinned to it, deleting it is refused and says why (finding 2).
  await nav(page, "Providers").click();
  const row = page.getByTestId("custom-provider-acme-idp");
  await expect(row.getByTestId("redirect-uri-acme-idp")).toHaveText(/\/oauth\/callback$/);
  await row.getByRole("button", { name: "Delete provider" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete provider" }).click();
  await expect(page.getByText('The provider "acme-idp" still has 1 connection.')).toBeVisible();
  await expect(page.getByTestId("custom-provider-acme-idp")).toHaveCount(1);
});

test("a custom provider that withholds the refresh token: the connection says so", async ({ page }) => {
  await signUp(page, { email: uniqueEmail("stingy"), team: "Stingy Team" });
  await nav(page, "Providers").click();
  await fillProvider(page, "Stingy IdP", "stingy-idp");
  await page.getByText("Advanced: revocation, client authentication, extra parameters").click();
  await page.getByLabel("Token endpoint authentication").selectOption("client_secret_basic");
  // without prompt=consent the OIDC server drops offline_access (OIDC Core §11)
  await page.getByLabel(/Ask for consent/).uncheck();
  await page.getByRole("button", { name: "Add provider" }).click();
  await expect(page.getByText("Added Stingy IdP. It is in the Catalog now.")).toBeVisible();

  // a fresh sign-in at the IdP (the first test's session there would skip its login page)
  await page.context().clearCookies({ domain: "127.0.0.1" });
  await connectThroughInterstitial(page, "Stingy IdP", "stingy-idp", "Stingy main");
  const warning = page.getByTestId("connection-warning");
  await expect(warning).toContainText("No refresh token");
  await expect(warning).toContainText("offline_access was requested");
  await shot(page, "connection-no-refresh-token");
});
