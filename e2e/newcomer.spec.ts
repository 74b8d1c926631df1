// The dashboard as a newcomer meets it (issue 13, items 1–6): a custom provider is named with its own logo
// everywhere and edited / deleted from the Providers page; an edit of its endpoints sends its connection to
// "Needs re-auth", which the Overview lists with Reconnect — and Reconnect keeps the connection's id; the
// Overview's first-run checklist goes away once the Sandbox is connected, a key made and a first call done;
// an unconfigured provider's Connect button is visibly disabled and says why; the connection id has a copy button.
import { expect, test, type Page } from "@playwright/test";
import { E2E_CUSTOM_CLIENT, e2eCustomIdpPort } from "./fixtures/e2e-constants";
import { connectSandbox, consentInSandbox, nav, shot, signUp, toastWith, uniqueEmail } from "./helpers";

const CUSTOM_ISSUER = `http://127.0.0.1:${e2eCustomIdpPort(Number(process.env.E2E_PORT ?? 3210))}`;
const CUSTOM_HOST = new URL(CUSTOM_ISSUER).host;

/** The popup of a custom provider: the leaving-Patchbay page, then sign-in and consent at the IdP. */
async function signInThroughPopup(page: Page, click: () => Promise<void>, login: string) {
  // a fresh sign-in at the IdP (cookies of 127.0.0.1 only; Patchbay is on localhost)
  await page.context().clearCookies({ domain: "127.0.0.1" });
  const popupPromise = page.waitForEvent("popup");
  await click();
  const popup = await popupPromise;
  await popup.getByRole("button", { name: `Continue to ${CUSTOM_HOST}` }).click();
  await consentInSandbox(popup, login);
  await popup.waitForEvent("close");
}

test("custom provider: named everywhere, edited on Providers; Reconnect from the Overview keeps the id; delete refused, then done", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signUp(page, { email: uniqueEmail("newcomer"), team: "Newcomer Team" });
  await nav(page, "Providers").click();
  await page.getByLabel("Name").first().fill("Acme IdP");
  await page.getByLabel("Slug").fill("acme-new");
  await page.getByLabel("Issuer URL (discovery)").fill(CUSTOM_ISSUER);
  await page.getByLabel("API base URL").fill(CUSTOM_ISSUER);
  await page.getByLabel("Scopes").fill("openid email offline_access");
  await page.getByLabel("Client ID").first().fill(E2E_CUSTOM_CLIENT.id);
  await page.getByLabel("Client secret").first().fill(E2E_CUSTOM_CLIENT.secret);
  await page.getByRole("button", { name: "Add provider" }).click();
  await expect(page.getByText("Added Acme IdP. It is in the Catalog now.")).toBeVisible();
  const row = page.getByTestId("custom-provider-acme-new");
  await expect(row).toContainText("Acme IdP");
  await expect(row).toContainText("0 connections");

  // connect it from the Catalog
  await nav(page, "Catalog").click();
  await page.getByLabel("Search providers").fill("acme-new");
  await page.getByTestId("provider-acme-new").getByRole("button", { name: "Connect Acme IdP" }).click();
  await page.getByLabel("Label (optional)").fill("Acme main");
  await signInThroughPopup(
    page,
    () => page.getByRole("button", { name: "Continue" }).click(),
    "ada@acme.test",
  );
  await expect(toastWith(page, "Connected")).toBeVisible();

  // the list: its given name and the custom logo (not the slug with the Sandbox's flask), and its id to copy
  await nav(page, "Connections").click();
  const listed = page.getByTestId("connection-row").filter({ hasText: "Acme main" });
  await expect(listed.getByRole("link", { name: "Acme IdP" })).toBeVisible();
  await expect(listed.getByRole("img", { name: "Acme IdP logo" })).toHaveAttribute(
    "src",
    "/logos/custom.svg",
  );
  const id = (await listed.getByTestId("connection-id").textContent())!;
  expect(id).toMatch(/^conn_/);
  await listed.getByRole("button", { name: `Copy connection id ${id}` }).click();
  await expect(listed.getByRole("button", { name: `Copy connection id ${id}` })).toHaveText("Copied");
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(id);
  await shot(page, "connections-custom-provider");

  // the detail page: heading, id, a test through the OIDC userinfo endpoint, the disconnect dialog's wording
  await listed.getByRole("link", { name: "Acme IdP" }).click();
  await expect(page).toHaveURL(`/connections/${id}`);
  await expect(page.getByRole("heading", { level: 1, name: "Acme IdP" })).toBeVisible();
  await expect(page.getByTestId("connection-id")).toHaveText(id);
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(toastWith(page, "Test passed")).toBeVisible();
  await page.getByRole("button", { name: "Disconnect" }).click();
  await expect(page.getByRole("dialog")).toContainText("Disconnect Acme IdP?");
  await expect(page.getByRole("dialog")).toContainText("revoke its access at Acme IdP");
  await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

  // Providers: edit it — a rename and a new API base (an endpoint: its connection must reconnect)
  await nav(page, "Providers").click();
  await expect(row).toContainText("1 connection");
  await row.getByRole("button", { name: "Edit Acme IdP" }).click();
  const form = row.getByRole("form", { name: "Edit Acme IdP" });
  await expect(form).toContainText("1 connection uses Acme IdP");
  await expect(form.getByLabel("Authorization URL")).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+\//);
  await form.getByLabel("Name").fill("Acme Identity");
  await form.getByLabel("API base URL").fill(`${CUSTOM_ISSUER}/v2`);
  await form.getByLabel("Extra authorization parameters").fill("audience=acme-api");
  await shot(page, "providers-custom-edit");
  await form.getByRole("button", { name: "Save changes" }).click();
  await expect(row.getByRole("status")).toContainText(
    "Saved Acme Identity. Its endpoints changed: 1 connection must be reconnected",
  );
  await expect(row).toContainText("Acme Identity");

  // the connection now withholds its tokens (pinned to the old endpoints): Test says so and it needs re-auth
  await page.goto(`/connections/${id}`);
  await expect(page.getByRole("heading", { level: 1, name: "Acme Identity" })).toBeVisible();
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(page.getByTestId("connection-status")).toHaveText("Needs re-auth");

  // the Overview lists it first, with Reconnect
  await nav(page, "Overview").click();
  const item = page.getByTestId("attention-item").filter({ hasText: "Acme Identity" });
  await expect(item).toContainText("Needs re-auth");
  await expect(item).toContainText("was changed or replaced");
  await shot(page, "overview-attention");
  await signInThroughPopup(
    page,
    () => item.getByRole("button", { name: "Reconnect Acme Identity" }).click(),
    "ada@acme.test",
  );
  // the Overview refreshes itself: nothing needs attention any more
  await expect(page.getByTestId("attention-empty")).toBeVisible();

  // the same connection, working again: same id, same label, still one connection
  await page.goto(`/connections/${id}`);
  await expect(page.getByTestId("connection-status")).toHaveText("Connected");
  await expect(page.getByTestId("connection-label")).toContainText("Acme main");
  await expect(page.getByTestId("timeline-entry").first()).toContainText("reconnected");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(toastWith(page, "Test passed")).toBeVisible();
  await nav(page, "Connections").click();
  await expect(page.getByTestId("connection-row")).toHaveCount(1);
  await expect(page.getByTestId("connection-id")).toHaveText(id);

  // delete: refused while the connection exists, with the reason; allowed once it is disconnected
  await nav(page, "Providers").click();
  await row.getByRole("button", { name: "Delete provider" }).click();
  await expect(page.getByRole("dialog")).toContainText("1 connection still uses Acme Identity");
  await page.getByRole("dialog").getByRole("button", { name: "Delete provider" }).click();
  await expect(row.getByRole("alert")).toContainText('The provider "acme-new" still has 1 connection.');
  await page.goto(`/connections/${id}`);
  await page.getByRole("button", { name: "Disconnect" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Disconnect" }).click();
  await expect(page).toHaveURL(/\/connections$/);
  await nav(page, "Providers").click();
  await row.getByRole("button", { name: "Delete provider" }).click();
  await expect(page.getByRole("dialog")).toContainText("No connection uses it.");
  await page.getByRole("dialog").getByRole("button", { name: "Delete provider" }).click();
  await expect(row).toHaveCount(0);
});

test("Overview: the first-run checklist goes away once the Sandbox is connected, a key made and a call done", async ({
  page,
  request,
}) => {
  await signUp(page, { email: uniqueEmail("firstrun"), team: "First Run Team" });
  const checklist = page.getByTestId("first-run-checklist");
  await expect(checklist).toBeVisible();
  for (const step of ["connect", "api-key", "first-call"])
    await expect(checklist.getByTestId(`step-${step}`)).toHaveAttribute("data-done", "false");
  await expect(page.getByTestId("attention-empty")).toBeVisible();
  await expect(page.getByText("No connections yet.")).toBeVisible();
  await shot(page, "overview-first-run");

  await connectSandbox(page, "Trial");
  await nav(page, "Overview").click();
  await expect(checklist.getByTestId("step-connect")).toHaveAttribute("data-done", "true");
  const counts = page.getByTestId("brand-counts").filter({ hasText: "Default" });
  await expect(counts.locator('[data-status="connected"]')).toHaveText("1");

  await nav(page, "API keys").click();
  await page.getByRole("button", { name: "Create key" }).click();
  await page.getByLabel("Name", { exact: true }).fill("First key");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = await page.getByTestId("secret-value").inputValue();
  await nav(page, "Overview").click();
  await expect(checklist.getByTestId("step-api-key")).toHaveAttribute("data-done", "true");
  await expect(checklist.getByTestId("step-first-call")).toHaveAttribute("data-done", "false");

  const me = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${key}` } });
  expect(me.status()).toBe(200);
  await page.reload();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(checklist).toHaveCount(0);
  // the curl example wraps inside its card instead of running past its edge
  const pre = page.locator("pre").filter({ hasText: "curl" });
  const [preBox, cardBox] = await Promise.all([
    pre.boundingBox(),
    page.locator("section").filter({ has: pre }).boundingBox(),
  ]);
  expect(preBox!.x + preBox!.width).toBeLessThanOrEqual(cardBox!.x + cardBox!.width);
  expect(await pre.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await shot(page, "overview-done");
});

test("an unconfigured provider's Connect button is visibly disabled and says why, with the admin's way to fix it", async ({
  page,
}) => {
  await signUp(page, { email: uniqueEmail("disabled"), team: "Disabled Team" });
  await nav(page, "Catalog").click();
  await page.getByLabel("Search providers").fill("github");
  const card = page.getByTestId("provider-github");
  const connect = card.getByRole("button", { name: "Connect GitHub" });
  await expect(connect).toBeDisabled();
  await expect(connect).toHaveCSS("opacity", "0.5");
  await expect(card).toContainText("Not connectable yet: GitHub needs an OAuth app");
  await shot(page, "catalog-not-configured");
  await card.getByRole("link", { name: "Set it up under Providers →" }).click();
  await expect(page).toHaveURL(/\/providers#provider-app-github$/);
  await expect(page.getByTestId("provider-app-github")).toBeInViewport();
});
