import fs from "node:fs";
import { expect, test } from "@playwright/test";
import { nav, shot, signIn, signUp, uniqueEmail, PASSWORD, toastWith } from "./helpers";

test("sign up → second brand → switch brand → API key → call the API → revoke → 401", async ({
  page,
  request,
}) => {
  const email = uniqueEmail("owner");
  await signUp(page, { email, name: "Olga Owner", team: "Acme Team" });
  await expect(page.getByTestId("team-name")).toHaveText("Acme Team");
  await shot(page, "overview");

  await nav(page, "Brands").click();
  await expect(page.getByTestId("brand-row")).toHaveCount(1);
  await page.getByLabel("New brand").fill("Acme EU");
  await page.getByRole("button", { name: "Create brand" }).click();
  await expect(page.getByTestId("brand-row")).toHaveCount(2);
  await page.getByLabel("New brand").fill("Acme EU");
  await page.getByRole("button", { name: "Create brand" }).click();
  await expect(page.getByText("A brand with this name already exists.")).toBeVisible();
  // rename, and delete with confirmation
  await page.getByLabel("New brand").fill("Temporary");
  await page.getByRole("button", { name: "Create brand" }).click();
  const temp = page.getByTestId("brand-row").filter({ hasText: "Temporary" });
  await temp.getByRole("button", { name: "Rename" }).click();
  await page.getByLabel("Brand name").fill("Temporary 2");
  await page.getByRole("button", { name: "Save" }).click();
  const renamed = page.getByTestId("brand-row").filter({ hasText: "Temporary 2" });
  await expect(renamed).toBeVisible();
  await renamed.getByRole("button", { name: "Delete" }).click();
  await expect(page.getByRole("dialog")).toContainText("This cannot be undone");
  await page.getByRole("button", { name: "Delete brand" }).click();
  await expect(page.getByTestId("brand-row")).toHaveCount(2);
  await shot(page, "brands");

  await page.getByTestId("brand-switcher").selectOption({ label: "Acme EU" });
  await expect(
    page.getByTestId("brand-row").filter({ hasText: "Acme EU" }).getByText("Current"),
  ).toBeVisible();
  await nav(page, "Overview").click();
  await expect(page.getByText("You are working in Acme Team / Acme EU.")).toBeVisible();

  await nav(page, "API keys").click();
  await expect(page.getByText("No API keys yet")).toBeVisible();
  await shot(page, "api-keys-empty");
  await page.getByRole("button", { name: "Create key" }).click();
  await expect(page.getByText("Give the key a name")).toBeVisible();
  await page.getByLabel("Name", { exact: true }).fill("Backend");
  await page.getByRole("button", { name: "Create key" }).click();
  const key = await page.getByTestId("secret-value").inputValue();
  expect(key).toMatch(/^pbk_/);
  await expect(page.getByTestId("api-key-row")).toHaveCount(1);
  await shot(page, "api-keys-created");

  const me = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${key}` } });
  expect(me.status()).toBe(200);
  expect(await me.json()).toMatchObject({ team: { name: "Acme Team" }, actor: "api_key" });

  // after a reload the key is gone for good: only prefix and last 4 remain
  await page.reload();
  expect(await page.content()).not.toContain(key);
  await expect(page.getByTestId("api-key-row")).toContainText(key.slice(-4));

  await page.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByTestId("api-key-row").getByText("Revoked")).toBeVisible();
  const after = await request.get("/api/v1/me", { headers: { authorization: `Bearer ${key}` } });
  expect(after.status()).toBe(401);

  await nav(page, "Audit log").click();
  await expect(page.getByTestId("audit-row").first()).toBeVisible();
  await expect(page.getByTestId("audit-row").filter({ hasText: "api_key.revoked" })).toBeVisible();
  await shot(page, "audit-log");

  // no secret in any rendered page or in the server's log
  for (const path of ["/", "/brands", "/team", "/api-keys", "/audit-log"]) {
    await page.goto(path);
    const html = await page.content();
    expect(html, path).not.toContain(key);
    expect(html, path).not.toContain(PASSWORD);
  }
  const appLog = fs.readFileSync("test-results/app.log", "utf8");
  expect(appLog).not.toContain(key);
  expect(appLog).not.toContain(key.slice(4, 24));
  expect(appLog).not.toContain(PASSWORD);
});

test("invite a member by link; a member cannot manage keys or brands", async ({ page, browser }) => {
  await signUp(page, { email: uniqueEmail("owner"), team: "Invite Team" });
  await page.goto("/team");
  await page.getByRole("button", { name: "Create invite link" }).click();
  const link = await page.getByTestId("secret-value").inputValue();
  expect(link).toContain("/invite/");
  await expect(page.getByTestId("invite-row")).toHaveCount(1);
  await shot(page, "team");

  // team settings: allowed return origins are validated and saved
  await page.getByLabel("Allowed return origins").fill("https://app.example.com/path");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByText(/scheme:\/\/host\[:port\] with no path/)).toBeVisible();
  await page.getByLabel("Allowed return origins").fill("https://app.example.com");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(toastWith(page, "Team settings saved.")).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Allowed return origins")).toHaveValue("https://app.example.com");

  const other = await browser.newContext();
  const p2 = await other.newPage();
  await p2.goto(new URL(link).pathname);
  await expect(p2.getByRole("heading", { name: "Join Invite Team" })).toBeVisible();
  await p2.getByRole("link", { name: "Create an account" }).click();
  const memberEmail = uniqueEmail("member");
  await p2.getByLabel("E-mail").fill(memberEmail);
  await p2.getByLabel("Password").fill(PASSWORD);
  await p2.getByRole("button", { name: "Create account" }).click();
  await expect(p2.getByTestId("team-name")).toHaveText("Invite Team");
  await expect(nav(p2, "API keys")).toHaveCount(0);
  await p2.goto("/api-keys");
  await expect(p2.getByRole("heading", { name: "Overview" })).toBeVisible();
  await p2.goto("/brands");
  await expect(p2.getByText("Only admins and owners can create, rename or delete brands.")).toBeVisible();
  const denied = await p2.request.post("/api/v1/brands", { data: { name: "sneaky" } });
  expect(denied.status()).toBe(403);

  // the link is single use
  await p2.goto(new URL(link).pathname);
  await expect(p2.getByText("This invite is no longer valid")).toBeVisible();

  // the owner sees the new member and promotes them
  await page.reload();
  await expect(page.getByTestId("member-row")).toHaveCount(2);
  await page.getByLabel(`Role of ${memberEmail}`).selectOption("admin");
  await expect(page.getByLabel(`Role of ${memberEmail}`)).toHaveValue("admin");

  // remove them, with confirmation; their session loses the team at once
  await page
    .getByTestId("member-row")
    .filter({ hasText: memberEmail })
    .getByRole("button", { name: "Remove" })
    .click();
  await page.getByRole("button", { name: "Remove member" }).click();
  await expect(page.getByTestId("member-row")).toHaveCount(1);
  const gone = await p2.request.get("/api/v1/brands");
  expect(gone.status()).toBe(401);
  await other.close();
});

test("sign-in failures say what is wrong without saying which part", async ({ page }) => {
  const email = uniqueEmail("login");
  await signUp(page, { email });
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await signIn(page, email, "not the password");
  await expect(page.getByText("That e-mail and password do not match an account.")).toBeVisible();
  await shot(page, "login-error");
  await signIn(page, email);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  // protected pages send signed-out visitors to sign-in
  await page.context().clearCookies();
  await page.goto("/brands");
  await expect(page).toHaveURL(/\/login/);
});

test("single sign-on with OIDC: first sign-in creates the account and a team; the next one finds it", async ({
  page,
  context,
}) => {
  const email = uniqueEmail("sso");
  await page.goto("/login");
  await page.getByRole("button", { name: "Continue with Acme SSO" }).click();
  await page.locator('input[name="login"]').fill(email);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByText(email)).toBeVisible();
  const team = await page.getByTestId("team-name").textContent();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await context.clearCookies(); // a fresh browser: signed out here and at the IdP
  await page.getByRole("button", { name: "Continue with Acme SSO" }).click();
  await page.locator('input[name="login"]').fill(email);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  // The IdP may remember the earlier consent: wait for whichever comes first.
  const consent = page.getByRole("button", { name: "Continue" });
  await expect(consent.or(page.getByRole("heading", { name: "Overview" }))).toBeVisible();
  if (await consent.isVisible()) await consent.click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("team-name")).toHaveText(team ?? "");
});
