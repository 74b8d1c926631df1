// An ops tool on the connection detail page: connect Vercel with an access token (the E2E fake Vercel, serving the
// ops fixture deployments in pages of 2), run vercel.list_deployments from its generated form and read the table —
// six deployments across three pages, newest first — then filter by state.
import { expect, test } from "@playwright/test";
import { E2E_VERCEL_TOKEN } from "./fixtures/e2e-constants";
import { nav, shot, signUp, toastWith, uniqueEmail } from "./helpers";

test("run vercel.list_deployments from the connection detail page", async ({ page }) => {
  await signUp(page, { email: uniqueEmail("tools-ops"), team: "Ops Team" });
  await nav(page, "Catalog").click();
  await page.getByLabel("Search providers").fill("vercel");
  const card = page.getByTestId("provider-vercel");
  await expect(card).toContainText("list_deployments"); // derived from the registry
  await card.getByRole("button", { name: "Connect Vercel" }).click();
  await page.getByLabel("Access token").fill(E2E_VERCEL_TOKEN);
  await page.getByRole("button", { name: "Verify and connect" }).click();
  await expect(toastWith(page, "Connected")).toBeVisible();

  await nav(page, "Connections").click();
  await page.getByTestId("connection-row").getByRole("link", { name: "Vercel" }).click();
  await expect(page).toHaveURL(/\/connections\/[^/?]+$/);

  const tool = page.getByTestId("tool-vercel.list_deployments");
  await tool.getByText("List deployments").click();
  await tool.getByRole("button", { name: "Run" }).click();
  const table = tool.getByTestId("tool-table");
  await expect(table.locator("tbody tr")).toHaveCount(6);
  await expect(table.locator("tbody tr").first()).toContainText("dpl_0006prj_docs");
  await expect(table).toContainText("BUILDING");
  await expect(table).toContainText("ERROR");
  await shot(page, "tools-ops-vercel-deployments");

  await tool.getByLabel("State").selectOption("READY");
  await tool.getByRole("button", { name: "Run" }).click();
  await expect(table.locator("tbody tr")).toHaveCount(3);
  await expect(table).not.toContainText("ERROR");
});
