// Tools on the connection detail page: connect Stripe (the E2E fake, seeded with subscriptions by
// e2e/fixtures/start-app.ts), run stripe.mrr and stripe.list_subscriptions from their generated forms, read the
// figures and the table, and see bad input refused with the field named.
import { expect, test } from "@playwright/test";
import { E2E_STRIPE_KEY } from "./fixtures/e2e-constants";
import { nav, shot, signUp, toastWith, uniqueEmail } from "./helpers";

test("run a tool from the connection detail page", async ({ page }) => {
  await signUp(page, { email: uniqueEmail("tools"), team: "Tools Team" });
  await nav(page, "Catalog").click();
  await page.getByLabel("Search providers").fill("stripe");
  const card = page.getByTestId("provider-stripe");
  await expect(card).toContainText("Tools: churn_rate, list_subscriptions, ltv, mrr"); // derived from the registry
  await card.getByRole("button", { name: "Connect Stripe" }).click();
  await page.getByLabel("Secret or restricted key").fill(E2E_STRIPE_KEY);
  await page.getByRole("button", { name: "Verify and connect" }).click();
  await expect(toastWith(page, "Connected")).toBeVisible();

  await nav(page, "Connections").click();
  await page.getByTestId("connection-row").getByRole("link", { name: "Stripe" }).click();
  await expect(page).toHaveURL(/\/connections\/[^/?]+$/);
  const tools = page.getByRole("list", { name: "Tools" });
  await expect(tools.getByRole("listitem")).toHaveCount(4);

  // MRR: $50 + $1200 / 12 + 3 × $20 = $210 over three paying customers (the cancelled subscription is left out).
  const mrr = page.getByTestId("tool-stripe.mrr");
  await mrr.getByText("Monthly recurring revenue").click();
  await expect(mrr.getByText(/normalised to a month/)).toBeVisible();
  await mrr.getByRole("button", { name: "Run" }).click();
  const summary = mrr.getByTestId("tool-summary");
  await expect(summary.locator("div").filter({ hasText: /^MRR/ })).toContainText("210");
  await expect(summary.locator("div").filter({ hasText: /^Paying customers/ })).toContainText("3");
  await expect(summary.locator("div").filter({ hasText: /^ARPU/ })).toContainText("70");
  await expect(mrr.getByTestId("tool-table")).toContainText("usd");

  // Subscriptions: a table of all four, newest first; then bad input is refused with the field named.
  const subs = page.getByTestId("tool-stripe.list_subscriptions");
  await subs.getByText("List subscriptions").click();
  await subs.getByRole("button", { name: "Run" }).click();
  const table = subs.getByTestId("tool-table");
  await expect(table.locator("tbody tr")).toHaveCount(4);
  await expect(table.locator("tbody tr").first()).toContainText("sub_e2e_seats");
  await expect(table).toContainText("canceled");
  await shot(page, "tools-connection-detail");

  await subs.getByLabel("Max results").fill("0");
  await subs.getByRole("button", { name: "Run" }).click();
  await expect(subs.getByRole("alert")).toContainText("input.max_results");
});
