// Partner mode in the dashboard, in a real browser against the production build: the Accounts page explains
// partner mode until it is on; the Partner settings form updates its preview of the hosted connect page as you
// type and saves; accounts created by the API are listed, searched by external id, paged with the cursor pager,
// opened, and deleted with a confirmation that then shows the deletion job's progress until the account is gone.
import { expect, test } from "@playwright/test";
import { nav, shot, signUp, toastWith, uniqueEmail } from "./helpers";

test("partner settings with a live preview, then accounts: list, search, pages, detail, delete", async ({
  page,
}) => {
  await signUp(page, { email: uniqueEmail("partner"), team: "Partner team" });

  // Before partner mode: the Accounts page says what it is and where to turn it on.
  await nav(page, "Accounts").click();
  await expect(page.getByRole("heading", { name: "Accounts" })).toBeVisible();
  await expect(page.getByText("Partner mode is off")).toBeVisible();
  const refused = await page.request.post("/api/v1/accounts", { data: { external_id: "too-early" } });
  expect(refused.status()).toBe(403);
  await shot(page, "partner-accounts-off");

  // Partner settings: the preview follows the form as it is typed.
  await page.getByRole("link", { name: "Turn on partner mode" }).click();
  await expect(page.getByRole("heading", { name: "Partner" })).toBeVisible();
  const preview = page.getByTestId("connect-preview");
  await expect(preview.getByTestId("preview-name")).toHaveText("Your product");
  await page.getByLabel("Display name").fill("Acme Agents");
  await expect(preview.getByTestId("preview-name")).toHaveText("Acme Agents");
  await expect(preview).toContainText("Connect your accounts to Acme Agents");
  await page.getByLabel("Primary colour", { exact: true }).fill("#e11d48");
  await expect(preview.getByTestId("preview-connect-button").first()).toHaveCSS(
    "background-color",
    "rgb(225, 29, 72)",
  );
  await page.getByLabel("Background colour", { exact: true }).fill("#0f172a");
  await page.getByLabel("Filter providers").fill("linear");
  await page.getByRole("checkbox", { name: "Linear" }).check();
  await page.getByLabel("Filter providers").fill("notion");
  await page.getByRole("checkbox", { name: "Notion" }).check();
  await expect(preview.getByRole("listitem")).toHaveText([/Linear/, /Notion/]);
  await page.getByLabel("Allowed redirect origins").fill("https://app.acme.test/callback");
  await page.getByLabel("Support URL").fill("https://acme.test/help");
  await expect(preview).toContainText("Contact Acme Agents support");
  await shot(page, "partner-settings-preview");

  // A redirect origin with a path is refused inline; fixed, it saves.
  await page.getByRole("button", { name: "Save partner settings" }).click();
  await expect(page.getByText(/Each origin must be scheme:\/\/host\[:port\]/)).toBeVisible();
  await page.getByLabel("Allowed redirect origins").fill("https://app.acme.test");
  await page.getByRole("button", { name: "Save partner settings" }).click();
  await expect(toastWith(page, "Partner settings saved.")).toBeVisible();
  const profile = (await (await page.request.get("/api/v1/partner")).json()) as Record<string, unknown>;
  expect(profile).toMatchObject({
    enabled: true,
    display_name: "Acme Agents",
    primary_color: "#e11d48",
    background_color: "#0f172a",
    allowed_redirect_origins: ["https://app.acme.test"],
    default_providers: ["linear", "notion"],
  });
  await page.reload();
  await expect(page.getByLabel("Display name")).toHaveValue("Acme Agents");
  await expect(preview.getByTestId("preview-name")).toHaveText("Acme Agents");

  // Accounts by the API (the signed-in admin's session works like a key with the accounts scopes).
  for (let i = 0; i < 27; i++) {
    const res = await page.request.post("/api/v1/accounts", {
      data: { external_id: `cust-${String(i).padStart(2, "0")}`, display_name: `Customer ${String(i)}` },
    });
    expect(res.status()).toBe(201);
  }
  const special = (await (
    await page.request.post("/api/v1/accounts", {
      data: { external_id: "vip-ada", display_name: "Ada Lovelace", metadata: { plan: "enterprise" } },
    })
  ).json()) as { id: string };

  await nav(page, "Accounts").click();
  await expect(page.getByTestId("account-row")).toHaveCount(25);
  await expect(page.getByTestId("account-row").first()).toContainText("vip-ada");
  await shot(page, "partner-accounts-list");
  await page.getByRole("link", { name: "Older accounts →" }).click();
  await expect(page.getByTestId("account-row")).toHaveCount(3);
  await expect(page.getByTestId("account-row").last()).toContainText("cust-00");
  await page.getByRole("link", { name: "← Newest" }).click();
  await expect(page.getByTestId("account-row")).toHaveCount(25);

  await page.getByLabel("Search by external id").fill("cust-1");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("account-row")).toHaveCount(10);
  await page.getByLabel("Search by external id").fill("nobody");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("No account's external id starts with “nobody”")).toBeVisible();
  await page.getByLabel("Search by external id").fill("vip");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByTestId("account-row")).toHaveCount(1);

  // The detail view, then delete with confirmation and progress.
  await page.getByRole("link", { name: "vip-ada" }).click();
  await expect(page.getByRole("heading", { name: "vip-ada" })).toBeVisible();
  await expect(page.getByText("Ada Lovelace")).toBeVisible();
  await expect(page.getByText('"plan": "enterprise"')).toBeVisible();
  await expect(page.getByText("No connections yet")).toBeVisible();
  await shot(page, "partner-account-detail");
  await page.getByRole("button", { name: "Delete account" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete vip-ada?" });
  await expect(dialog).toContainText("This cannot be undone");
  await dialog.getByRole("button", { name: "Delete account" }).click();
  await expect(page.getByTestId("deletion-progress")).toBeVisible();
  await expect(page.getByText("Account deleted.")).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText("Deleted", { exact: true })).toBeVisible();
  await shot(page, "partner-account-deleted");
  expect((await page.request.get(`/api/v1/accounts/${special.id}`)).status()).toBe(404);
  await page.getByRole("link", { name: "Back to accounts" }).click();
  await expect(page.getByTestId("account-row")).toHaveCount(25);
  await expect(page.getByTestId("account-row").first()).toContainText("cust-26");
});
