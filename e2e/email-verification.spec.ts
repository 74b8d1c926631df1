// E-mail verification and SSO linking in a real browser (security finding 3). The E2E app has single sign-on
// configured ("Acme SSO", a real oidc-provider) and no PATCHBAY_SMTP_URL, so verification mails are printed by
// the dev mailer to the app's stdout, which e2e/fixtures/start-app.ts writes to test-results/app.log.
import fs from "node:fs";
import { expect, test, type Page } from "@playwright/test";
import { PASSWORD, shot, signUp, uniqueEmail } from "./helpers";

/** Every verification link the dev mailer printed for `email`, oldest first (paths only). */
function linksFor(email: string): string[] {
  const log = fs.readFileSync("test-results/app.log", "utf8");
  const links: string[] = [];
  for (const block of log.split(`[DEV MAILER] To: ${email}\n`).slice(1)) {
    const link = /^\[DEV MAILER\] https?:\/\/[^/\s]+(\/verify-email\/[A-Za-z0-9_-]+)$/m.exec(block)?.[1];
    if (link) links.push(link);
  }
  return links;
}

async function ssoSignIn(page: Page, login: string) {
  await page.goto("/login");
  await page.getByRole("button", { name: "Continue with Acme SSO" }).click();
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill("any password");
  await page.getByRole("button", { name: "Sign-in" }).click();
  // The IdP may remember an earlier consent: wait for whichever comes first.
  const consent = page.getByRole("button", { name: "Continue" });
  await expect(consent.or(page.getByRole("heading", { name: /Overview|Sign in/ }))).toBeVisible();
  if (await consent.isVisible()) await consent.click();
}

const banner = (page: Page) => page.getByTestId("email-verification-banner");

test("sign up → banner → a new link → open it → verified, banner gone; SSO then links to this account", async ({
  page,
  context,
}) => {
  const email = uniqueEmail("verify");
  await signUp(page, { email, team: "Verified Team" });
  await expect(banner(page)).toContainText("Confirm your e-mail address");
  await shot(page, "email-verification-banner");
  await expect.poll(() => linksFor(email).length).toBe(1);

  await banner(page).getByRole("button", { name: "Send a new link" }).click();
  await expect(banner(page)).toContainText("A new link is on its way.");
  await expect.poll(() => linksFor(email).length).toBe(2);
  const [first, latest] = linksFor(email) as [string, string];

  await page.goto(first); // replaced by the new one
  await expect(page.getByRole("heading", { name: "This link is not valid" })).toBeVisible();
  await page.goto(latest);
  await expect(page.getByRole("heading", { name: "Your e-mail address is confirmed" })).toBeVisible();
  await shot(page, "verify-email-confirmed");
  await page.goto(latest); // again: nothing more happens, and the page says so
  await expect(page.getByText("This link was already used; there is nothing more to do.")).toBeVisible();

  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(banner(page)).toHaveCount(0);

  // verified: single sign-on with the same address signs in to this very account
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await context.clearCookies();
  await ssoSignIn(page, email);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
  await expect(page.getByTestId("team-name")).toHaveText("Verified Team");
});

test("SSO refuses to attach to an unverified password account with the same e-mail, and says what to do", async ({
  page,
  context,
}) => {
  const email = uniqueEmail("squatted");
  await signUp(page, { email, team: "Squatter Team" }); // e.g. an attacker, who cannot open the mail
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "Sign in" })).toBeVisible();
  await context.clearCookies();

  await ssoSignIn(page, email);
  await expect(page).toHaveURL(/\/login\?error=SsoUnverifiedAccount/);
  await expect(page.getByRole("alert").filter({ hasText: "its address is not verified" })).toBeVisible();
  await shot(page, "sso-refused-unverified");
  // still signed out: the dashboard sends us back to sign-in
  await page.goto("/");
  await expect(page).toHaveURL(/\/login/);
});

test("a verification link needs the account's session: signed out, the page asks to sign in first", async ({
  page,
  context,
}) => {
  const email = uniqueEmail("signedout");
  await signUp(page, { email });
  await expect.poll(() => linksFor(email).length).toBe(1);
  const [link] = linksFor(email) as [string];
  await context.clearCookies();
  await page.goto(link);
  await expect(page.getByRole("heading", { name: "Sign in to confirm your e-mail" })).toBeVisible();
  await page.getByRole("link", { name: "Sign in" }).click();
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Your e-mail address is confirmed" })).toBeVisible();
  await page.goto("/verify-email/not-a-real-token");
  await expect(page.getByRole("heading", { name: "This link is not valid" })).toBeVisible();
});
