// The connection detail page: health, test, refresh, label/settings/roles, disable/enable and disconnect — against
// the built-in Sandbox provider (a real oidc-provider) connected through the popup flow.
import { expect, test, type Page } from "@playwright/test";
import { connectSandbox, nav, shot, signUp, uniqueEmail, toastWith } from "./helpers";

const healthRow = (page: Page, label: string) =>
  page.getByTestId("health").locator("> div").filter({ hasText: label });

test("connection detail: test, refresh, edit, roles, disable/enable, disconnect", async ({ page }) => {
  await signUp(page, { email: uniqueEmail("detail"), team: "Detail Team" });
  await connectSandbox(page, "Support inbox");

  await nav(page, "Connections").click();
  await page.getByTestId("connection-row").getByRole("link", { name: "Sandbox" }).click();
  await expect(page).toHaveURL(/\/connections\/[^/?]+$/);
  await expect(page.getByRole("heading", { level: 1, name: "Sandbox" })).toBeVisible();
  await expect(page.getByTestId("connection-label")).toContainText("Support inbox");
  await expect(page.getByTestId("connection-status")).toHaveText("Connected");
  await expect(page.getByText("Owner: You")).toBeVisible();
  await expect(page.getByRole("list", { name: "Granted scopes" })).toContainText("openid");
  await expect(healthRow(page, "Last checked")).toContainText("Never tested");
  await expect(page.getByTestId("timeline-entry")).toHaveCount(1);

  // Test connection → success inline, "Last checked" set.
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(toastWith(page, "Test passed")).toBeVisible();
  await expect(healthRow(page, "Last checked")).toContainText("just now");

  // Refresh now → a new token; "Last refreshed" set. Only status *changes* are timeline entries, and a refresh
  // of a healthy connection keeps it connected.
  await expect(healthRow(page, "Last refreshed")).toContainText("Not refreshed yet");
  await page.getByRole("button", { name: "Refresh now" }).click();
  await expect(toastWith(page, "Token refreshed")).toBeVisible();
  await expect(healthRow(page, "Last refreshed")).toContainText("just now");
  await expect(healthRow(page, "Access token expires")).toContainText(/in \d+ (minute|hour)/);

  // Label → shown at once, persisted.
  await page.getByLabel("Label", { exact: true }).fill("Renamed account");
  await page.getByRole("button", { name: "Save label" }).click();
  await expect(page.getByTestId("connection-label")).toContainText("Renamed account");
  await expect(toastWith(page, "Label saved.")).toBeVisible();

  // A per-connector setting.
  await page.getByRole("button", { name: "Add setting" }).click();
  await expect(page.getByLabel("Setting 1 name")).toBeFocused();
  await page.getByLabel("Setting 1 name").fill("sender alias");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Names start with a letter")).toBeVisible();
  await page.getByLabel("Setting 1 name").fill("sender_alias");
  await page.getByLabel("Setting 1 value").fill("Erin from Support");
  await page.getByRole("button", { name: "Add setting" }).click();
  await page.getByLabel("Setting 2 name").fill("default_labels");
  await page.getByLabel("Setting 2 type").selectOption("list");
  await page.getByLabel("Setting 2 value").fill("inbox, leads");
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(toastWith(page, "Settings saved.")).toBeVisible();

  // Roles: tick "source", then make it the brand's primary source.
  await page.getByRole("checkbox", { name: "Source", exact: true }).check();
  await page.getByRole("button", { name: "Make primary for Source" }).click();
  await expect(page.getByTestId("role-source")).toContainText("Primary");
  await expect(page.getByTestId("role-sink")).toContainText("Make primary");
  await shot(page, "connection-detail");
  await page.emulateMedia({ colorScheme: "dark" });
  await shot(page, "connection-detail-dark");
  await page.emulateMedia({ colorScheme: "light" });

  await page.reload();
  await expect(page.getByTestId("connection-label")).toContainText("Renamed account");
  await expect(page.getByLabel("Label", { exact: true })).toHaveValue("Renamed account");
  await expect(page.getByLabel("Setting 1 name")).toHaveValue("sender_alias");
  await expect(page.getByLabel("Setting 1 value")).toHaveValue("Erin from Support");
  await expect(page.getByLabel("Setting 2 type")).toHaveValue("list");
  await expect(page.getByLabel("Setting 2 value")).toHaveValue("inbox, leads");
  await expect(page.getByRole("checkbox", { name: "Source", exact: true })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Sink", exact: true })).not.toBeChecked();
  await expect(page.getByTestId("role-source")).toContainText("Primary");
  await expect(healthRow(page, "Last refreshed")).toContainText("just now");

  // Disable → "Disabled", a timeline entry, and Test is refused with a reason.
  await page.getByRole("button", { name: "Disable" }).click();
  await expect(page.getByTestId("connection-status")).toHaveText("Disabled");
  await expect(page.getByTestId("timeline-entry").first()).toContainText("disabled by a user");
  await page.getByRole("button", { name: "Test connection" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "The connection is disabled; enable it to test it." }),
  ).toBeVisible();
  await shot(page, "connection-detail-disabled");

  // Enable → "Connected" again.
  await page.getByRole("button", { name: "Enable" }).click();
  await expect(page.getByTestId("connection-status")).toHaveText("Connected");
  await expect(page.getByTestId("timeline-entry").first()).toContainText("enabled by a user");
  await expect(page.getByTestId("timeline-entry")).toHaveCount(3);

  // Disconnect → confirm → back on the list, which says what happened.
  await page.getByRole("button", { name: "Disconnect" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("revoke its access at Sandbox and delete the stored credentials");
  await shot(page, "connection-detail-disconnect-dialog");
  await dialog.getByRole("button", { name: "Disconnect" }).click();
  await expect(page).toHaveURL(/\/connections$/);
  await expect(page.getByText("No connections in Default yet")).toBeVisible();
  await expect(
    toastWith(
      page,
      "Disconnected Sandbox (Renamed account): access was revoked at Sandbox and the stored credentials were deleted.",
    ),
  ).toBeVisible();
  await shot(page, "connection-detail-disconnected");
});

test("a connection id that is not yours (or not there) is a 404", async ({ page }) => {
  await signUp(page, { email: uniqueEmail("detail404"), team: "Nobody Team" });
  const res = await page.goto("/connections/conn_does_not_exist");
  expect(res?.status()).toBe(404);
});
