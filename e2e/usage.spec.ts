// The Usage page (issue 10 §8): empty at first; after proxied calls (the API console on a Sandbox connection,
// through the same proxy core as the API) and the usage flush, it shows exactly those calls per provider, the
// quota bars of the free tier and the connection's health. The Team page shows the tier read-only.
import { expect, test } from "@playwright/test";
import { connectSandbox, nav, shot, signUp, uniqueEmail } from "./helpers";

test("Usage: empty state, then the calls a test made, quota bars and health", async ({ page }) => {
  await signUp(page, { email: uniqueEmail("usage"), team: "Usage Team" });
  await nav(page, "Usage").click();
  await expect(page.getByRole("heading", { name: "Usage", exact: true })).toBeVisible();
  await expect(page.getByTestId("usage-tier")).toHaveText("Free");
  await expect(page.getByTestId("quota-proxy-text")).toHaveText("0 of 100,000 calls (0 %)");
  await expect(page.getByText("No proxied calls in the last 30 days")).toBeVisible();
  await expect(page.getByText("No connections yet")).toBeVisible();
  await shot(page, "usage-empty");

  await connectSandbox(page, "Usage account");
  await nav(page, "Connections").click();
  await page.getByTestId("connection-row").getByRole("link", { name: "Sandbox" }).click();
  // Three GETs; a click waits until the previous one has finished (the button is disabled while it runs).
  for (let i = 0; i < 3; i++) {
    await page.getByLabel("Request path").fill("/me");
    await page.getByRole("button", { name: "Send", exact: true }).click();
    await expect(page.getByTestId("api-console-status")).toHaveText("200");
  }
  await expect(page.getByRole("button", { name: "Send", exact: true })).toBeEnabled();

  await nav(page, "Usage").click();
  // The usage is flushed every 5 s and the page polls every 10 s: wait for the numbers, not for a time.
  await expect(page.getByTestId("calls-total")).toHaveText("3 calls in 30 days", { timeout: 30_000 });
  await expect(page.getByTestId("quota-proxy-text")).toHaveText("3 of 100,000 calls (0 %)");
  await expect(page.getByTestId("quota-proxy").getByRole("progressbar")).toHaveAttribute(
    "aria-valuenow",
    "3",
  );
  await expect(page.getByTestId("quota-accounts-text")).toHaveText("0 of 100 accounts (0 %)");
  await expect(page.getByTestId("quota-api-rpm")).toContainText("600 calls a minute");
  const today = new Date().toISOString().slice(0, 10);
  const row = page.getByTestId("calls-table").locator("tbody tr");
  await expect(row).toHaveCount(1);
  await expect(row.locator("td")).toHaveText([today, "3"]);
  await expect(page.getByTestId("calls-table").locator("thead th")).toHaveText(["Day", "sandbox"]);
  await expect(page.getByTestId("health-list").locator('[data-status="connected"]')).toContainText("1");
  await expect(page.getByText("No connected accounts yet")).toBeVisible();
  await expect(page.locator(".recharts-bar-rectangle").first()).toBeVisible();
  await shot(page, "usage-with-calls");

  // The team's tier, read-only, on the Team page (no superuser controls for a team owner).
  await nav(page, "Team").click();
  const tier = page.getByTestId("team-tier");
  await expect(tier).toContainText("Free");
  await expect(tier).toContainText("600 calls/min");
  await expect(tier).toContainText("100,000 a month");
  await expect(page.getByTestId("superuser-tiers")).toHaveCount(0);
  await tier.scrollIntoViewIfNeeded();
  await shot(page, "team-tier");
});
