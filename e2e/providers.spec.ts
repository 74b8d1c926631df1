// Providers page: bring your own OAuth app for a catalog provider (covered in connect.spec.ts) and add a custom
// OAuth2/OIDC provider by issuer URL — discovered through the outbound guard, then connectable from the Catalog.
import { expect, test } from "@playwright/test";
import { nav, shot, signUp, uniqueEmail } from "./helpers";

const SANDBOX_ISSUER = `http://127.0.0.1:${Number(process.env.E2E_PORT ?? 3210) + 1}`;

test("add a custom provider by issuer URL; it appears in the Catalog and Connect goes to it", async ({
  page,
}) => {
  await signUp(page, { email: uniqueEmail("custom"), team: "Custom Team" });
  await nav(page, "Providers").click();
  await page.getByLabel("Name").first().fill("Acme IdP");
  await page.getByLabel("Slug").fill("github");
  await page.getByLabel("Issuer URL (discovery)").fill(SANDBOX_ISSUER);
  await page.getByLabel("API base URL").fill(SANDBOX_ISSUER);
  await page.getByLabel("Client ID").first().fill("patchbay-sandbox");
  await page.getByLabel("Client secret").first().fill("not-the-real-secret");
  await page.getByRole("button", { name: "Add provider" }).click();
  await expect(page.getByText("this slug belongs to a catalog provider")).toBeVisible();

  await page.getByLabel("Slug").fill("acme-idp");
  await page.getByRole("button", { name: "Add provider" }).click();
  await expect(page.getByText("Added Acme IdP. It is in the Catalog now.")).toBeVisible();
  await shot(page, "providers-custom");
  // its client was set when it was added: it is not offered in the OAuth-app list of catalog providers
  await expect(page.getByTestId("provider-app-acme-idp")).toHaveCount(0);

  await nav(page, "Catalog").click();
  await page.getByLabel("Search providers").fill("acme");
  const card = page.getByTestId("provider-acme-idp");
  await expect(card).toContainText("Acme IdP");
  await card.getByRole("button", { name: "Connect Acme IdP" }).click();
  const popupPromise = page.waitForEvent("popup");
  await page.getByRole("button", { name: "Continue" }).click();
  const popup = await popupPromise;
  // discovered endpoints: the popup lands on the IdP's own sign-in page
  await expect(popup.locator('input[name="login"]')).toBeVisible();
  expect(popup.url().startsWith(SANDBOX_ISSUER)).toBe(true);
  await popup.close();

  // Back on Providers: it is listed with the redirect URI to register (it sends iss: the shared callback), and
  // with no connections it can be deleted (after confirming).
  await nav(page, "Providers").click();
  const row = page.getByTestId("custom-provider-acme-idp");
  await expect(row.getByTestId("redirect-uri-acme-idp")).toHaveText(/\/oauth\/callback$/);
  await row.getByRole("button", { name: "Delete provider" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete provider" }).click();
  await expect(page.getByTestId("custom-provider-acme-idp")).toHaveCount(0);
});
