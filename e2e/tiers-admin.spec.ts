// Usage tiers as a superuser edits them, in a real browser: the Team page's tier card is read-only for a team
// owner; the instance superuser (made by the CLI before the app started) edits a tier's limits and assigns a
// team's tier, and the card — and the API — follow. A negative limit never leaves the form.
import { expect, test } from "@playwright/test";
import { E2E_SUPERUSER } from "./fixtures/e2e-constants";
import { nav, shot, signIn, signUp, uniqueEmail } from "./helpers";

test("a team owner sees the tier read-only; the superuser edits a tier and assigns it", async ({
  page,
  browser,
}) => {
  // A team owner: limits shown, nothing to edit.
  await signUp(page, { email: uniqueEmail("tier-owner"), team: "Tier team" });
  await nav(page, "Team").click();
  const card = page.getByTestId("team-tier");
  await expect(card).toContainText("Free");
  await expect(card).toContainText("600 calls/min");
  await expect(page.getByTestId("superuser-tiers")).toHaveCount(0);
  expect((await page.request.get("/api/v1/tiers")).status()).toBe(403);

  // The superuser, in another browser.
  const admin = await (await browser.newContext()).newPage();
  await signIn(admin, E2E_SUPERUSER.email, E2E_SUPERUSER.password);
  await expect(admin.getByRole("heading", { name: "Overview" })).toBeVisible();
  await nav(admin, "Team").click();
  const tiers = admin.getByTestId("superuser-tiers");
  await expect(tiers).toBeVisible();
  const pro = tiers.getByTestId("tier-row-pro");
  const rpm = pro.getByLabel("API calls per minute (Pro)");
  const before = await rpm.inputValue();

  // A negative limit is refused by the form itself (nothing is sent); a good one saves.
  await rpm.fill("-5");
  await pro.getByRole("button", { name: "Save" }).click();
  expect(await rpm.evaluate((el) => (el as HTMLInputElement).validity.rangeUnderflow)).toBe(true);
  await expect(pro.getByRole("status")).toHaveCount(0);
  await rpm.fill("7000");
  await pro.getByRole("button", { name: "Save" }).click();
  await expect(pro.getByRole("status")).toHaveText("Saved");
  const listed = (await (await admin.request.get("/api/v1/tiers")).json()) as {
    data: { id: string; api_rpm: number | null }[];
  };
  expect(listed.data.find((t) => t.id === "pro")?.api_rpm).toBe(7000);

  // Assign Pro to the superuser's own team: the card follows.
  await tiers.getByLabel("This team's tier").selectOption("pro");
  await tiers.getByRole("button", { name: "Assign tier" }).click();
  await expect(tiers.getByRole("status").filter({ hasText: "Tier assigned" })).toBeVisible();
  await expect(admin.getByTestId("team-tier")).toContainText("Pro");
  await expect(admin.getByTestId("team-tier")).toContainText("7,000 calls/min");
  await shot(admin, "team-tier-superuser");

  // Put the instance back as it was for the other specs.
  await rpm.fill(before);
  await pro.getByRole("button", { name: "Save" }).click();
  await expect(pro.getByRole("status")).toHaveText("Saved");
  await admin.context().close();
});
