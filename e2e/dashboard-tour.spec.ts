// Every page of the dashboard as a newcomer meets it, at 1280 px: its <title>, a screenshot for people to look
// at (test-results/screenshots/<page>.png; the README's image is refreshed from connections.png), and an
// accessibility check with axe-core — no serious or critical violation on any page. The audit log is read with
// names, not ids, and its filters are used like a person would.
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { connectSandbox, nav, openSandboxDialog, shot, signUp, toastWith, uniqueEmail } from "./helpers";

test.use({ viewport: { width: 1280, height: 720 } });

/** Serious and critical findings only, in a form that names the rule, the element and the fix. */
async function axeProblems(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(" "))
          .join(", ")}`,
    );
}

async function visit(page: Page, path: string, heading: string | RegExp, title: string, name: string) {
  await page.goto(path);
  await expect(page.getByRole("heading", { level: 1, name: heading })).toBeVisible();
  await expect(page).toHaveTitle(title);
  await shot(page, name);
  expect.soft(await axeProblems(page), `${path}: serious/critical accessibility findings`).toEqual([]);
}

test("every dashboard page: per-page title, screenshot, no serious accessibility findings", async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const email = uniqueEmail("tour");
  await signUp(page, { email, name: "Tess Tour", team: "Acme" });
  const id = await connectSandbox(page, "Main shop");
  await page.goto("/team");
  await page.getByRole("button", { name: "Create invite link" }).click();
  const invite = await page.getByTestId("secret-value").inputValue();

  await visit(page, "/", "Overview", "Overview · Acme · Patchbay", "overview");
  await visit(page, "/connections", "Connections", "Connections · Acme · Patchbay", "connections");
  await visit(page, `/connections/${id}`, /Sandbox/, "Connection · Acme · Patchbay", "connection-detail");
  await visit(page, "/catalog", "Catalog", "Catalog · Acme · Patchbay", "catalog");
  await visit(page, "/brands", "Brands", "Brands · Acme · Patchbay", "brands");
  await visit(page, "/team", "Team", "Team · Acme · Patchbay", "team");
  await visit(page, "/api-keys", "API keys", "API keys · Acme · Patchbay", "api-keys");
  await visit(page, "/providers", "Providers", "Providers · Acme · Patchbay", "providers");
  await visit(page, "/audit-log", "Audit log", "Audit log · Acme · Patchbay", "audit-log");
  await visit(page, "/no-such-page", "Not found", "Not found · Patchbay", "not-found");
  // The favicon the OAuth callback and leaving-Patchbay pages link to (they are plain HTML, outside the layout).
  const icon = await page.request.get("/icon.svg");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toContain("image/svg+xml");

  // The pages outside the dashboard.
  const anonContext = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  const anon = await anonContext.newPage();
  await visit(anon, "/login", "Sign in", "Sign in · Patchbay", "login");
  await visit(anon, "/signup", /Create your/, "Create an account · Patchbay", "signup");
  await visit(anon, new URL(invite).pathname, "Join Acme", "Invitation · Patchbay", "invite");
  await expect(anon.getByText("Patchbay", { exact: true })).toBeVisible(); // the header, like sign-in's
  await anonContext.close();
});

test("the catalog pins the Sandbox first and sizes its search and category controls", async ({ page }) => {
  await signUp(page, { email: uniqueEmail("catalog"), team: "Catalog Team" });
  await nav(page, "Catalog").click();
  await expect(page.locator("li[data-testid^=provider-]").first()).toHaveAttribute(
    "data-testid",
    "provider-sandbox",
  );
  await expect(page.getByTestId("provider-sandbox")).toContainText("Try it first");
  const search = await page.getByLabel("Search providers").boundingBox();
  const category = await page.getByLabel("Category").boundingBox();
  expect(search!.width).toBeGreaterThan(category!.width * 2); // the search box takes the room, the menu fits
  expect(Math.abs(search!.y - category!.y)).toBeLessThan(4); // on one line
});

test("the audit log names people, keys and connections, and filters by action, actor and time", async ({
  page,
}) => {
  const email = uniqueEmail("auditor");
  await signUp(page, { email, team: "Audit Team" });
  await connectSandbox(page, "Audited shop");
  await nav(page, "Brands").click();
  await page.getByLabel("New brand").fill("Audit EU");
  await page.getByRole("button", { name: "Create brand" }).click();
  await expect(page.getByTestId("brand-row")).toHaveCount(2);

  await nav(page, "Audit log").click();
  const rows = page.getByTestId("audit-row");
  const connected = rows.filter({ hasText: "connection.created" });
  await expect(connected).toHaveCount(1);
  await expect(connected.getByTestId("audit-actor")).toHaveText(email);
  await expect(connected.getByTestId("audit-target")).toContainText("Sandbox · Audited shop");
  await expect(rows.filter({ hasText: "team.created" }).getByTestId("audit-target")).toContainText(
    "Audit Team",
  );
  await expect(rows.filter({ hasText: "brand.created" })).toHaveCount(2); // Default (sign-up) and Audit EU
  // No raw ids as names anywhere in the table (ids are cuids: c + 24 characters).
  await expect(page.getByRole("table")).not.toContainText(/\bc[a-z0-9]{24}\b/);
  // Dates: relative text, absolute on hover.
  const time = rows.first().locator("time");
  await expect(time).toHaveAttribute("title", /\d{4}/);
  await expect(time).toHaveText(/just now|minute/);

  await page.getByLabel("Action").selectOption("brand.");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/action=brand\./);
  await expect(rows).toHaveCount(2);
  await expect(page.getByRole("link", { name: /Export CSV \(filtered\)/ })).toHaveAttribute(
    "href",
    /\/api\/v1\/audit-log\/export\?action=brand\./,
  );

  await page.getByLabel("Action").selectOption("");
  await page.getByLabel("Actor").selectOption({ label: email });
  await page.getByLabel("To (UTC)").fill("2020-01-01");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page.getByText("No entries match these filters")).toBeVisible();

  await page.getByRole("link", { name: "Clear" }).click();
  await expect(rows.filter({ hasText: "connection.created" })).toHaveCount(1);
  await expect(page).toHaveTitle("Audit log · Audit Team · Patchbay");
});

test("the Sandbox's sign-in and consent pages load nothing from the internet and pass the same checks", async ({
  page,
}) => {
  await signUp(page, { email: uniqueEmail("sandbox-pages"), team: "Sandbox Team" });
  await openSandboxDialog(page, "Styled");
  const popupPromise = page.waitForEvent("popup");
  await page.getByRole("button", { name: "Continue" }).click();
  const popup = await popupPromise;
  await popup.setViewportSize({ width: 1280, height: 720 });
  const foreign: string[] = [];
  popup.on("request", (r) => {
    const host = new URL(r.url()).hostname;
    if (!["127.0.0.1", "localhost"].includes(host)) foreign.push(r.url());
  });
  await expect(popup.getByLabel("Login")).toBeVisible();
  await expect(popup.getByText("Sandbox · a local test provider of Patchbay")).toBeVisible();
  await shot(popup, "sandbox-login");
  expect.soft(await axeProblems(popup), "Sandbox sign-in page").toEqual([]);
  await popup.getByLabel("Login").fill("erin@example.test");
  await popup.getByLabel("Password").fill("any password");
  await popup.getByRole("button", { name: "Sign-in" }).click();
  await expect(popup.getByRole("button", { name: "Continue" })).toBeVisible();
  await shot(popup, "sandbox-consent");
  expect.soft(await axeProblems(popup), "Sandbox consent page").toEqual([]);
  await popup.getByRole("button", { name: "Continue" }).click();
  await popup.waitForEvent("close");
  await expect(toastWith(page, "Connected")).toBeVisible();
  expect(foreign).toEqual([]);
});
