// The API console on the connection detail page: a GET through the proxy core with the Sandbox connection's
// credentials, against the Sandbox's real userinfo endpoint; then a path the guard refuses, answered by Patchbay.
import { expect, test } from "@playwright/test";
import { connectSandbox, nav, shot, signUp, uniqueEmail } from "./helpers";

test("API console: userinfo through the proxy, status, headers and a pretty-printed body", async ({
  page,
}) => {
  await signUp(page, { email: uniqueEmail("console"), team: "Console Team" });
  await connectSandbox(page, "Console account");
  await nav(page, "Connections").click();
  await page.getByTestId("connection-row").getByRole("link", { name: "Sandbox" }).click();
  await expect(page).toHaveURL(/\/connections\/[^/?]+$/);

  await expect(page.getByRole("heading", { name: "API console" })).toBeVisible();
  await page.getByLabel("Request path").fill("/me");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByTestId("api-console-status")).toHaveText("200");
  await expect(page.getByTestId("api-console-result")).toContainText("from the provider");
  const body = page.getByTestId("api-console-body");
  await expect(body).toContainText('"sub": "');
  await expect(body).toContainText("\n  "); // pretty-printed, two-space indent
  await page.getByText(/Response headers \(\d+\)/).click();
  await expect(page.getByTestId("api-console-headers")).toContainText("content-type");
  await shot(page, "api-console");

  // A path that climbs out of the API base: refused by Patchbay, nothing sent, said so.
  await page.getByLabel("Request path").fill("/../token");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(page.getByTestId("api-console-status")).toHaveText("400");
  await expect(page.getByTestId("api-console-result")).toContainText("answered by Patchbay");
  await expect(page.getByTestId("api-console-body")).toContainText("outbound guard");
});
