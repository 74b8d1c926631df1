// The Connections page on a team with many seeded connections (100,000 on PostgreSQL, 10,000 on the embedded
// database by default; see e2e/fixtures/e2e-constants.ts): it filters, searches and pages on the server, and no
// response carries more than one page — asserted on the sizes of what crosses the network, never on time.
import { expect, test, type Page, type Response } from "@playwright/test";
import { E2E_SCALE_USER, e2eScaleConnections } from "./fixtures/e2e-constants";
import { shot, signIn } from "./helpers";

const N = e2eScaleConnections(process.env);
/** A page of 50 rows renders to well under this; the whole list would be hundreds of times more. */
const MAX_PAGE_BYTES = 600_000;

// Two full pages of needs_reauth (1 in 100) and row g = 777 need at least 10,000 rows.
test.skip(N < 10_000, "the scale team is not seeded with 10,000+ connections (E2E_SCALE_CONNECTIONS)");

/** Bytes of every response of the Connections page (document and RSC navigations) from now on. */
function recordPageResponses(page: Page) {
  const sizes: { url: string; bytes: number }[] = [];
  const pending: Promise<void>[] = [];
  const onResponse = (res: Response) => {
    const url = new URL(res.url());
    if (url.pathname !== "/connections") return;
    pending.push(
      res
        .body()
        .then((b) => void sizes.push({ url: res.url(), bytes: b.length }))
        .catch(() => undefined),
    );
  };
  page.on("response", onResponse);
  return async () => {
    await Promise.all(pending);
    return sizes;
  };
}

const rows = (page: Page) => page.getByTestId("connection-row");

test("the Connections page filters, searches and pages 100k connections on the server", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, E2E_SCALE_USER.email, E2E_SCALE_USER.password);
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();

  let sizes = recordPageResponses(page);
  await page.goto("/connections");
  await expect(rows(page)).toHaveCount(50);
  await shot(page, "connections-scale-first-page");

  // Filter by status: the URL says so, every row has it, one page only.
  await page.getByLabel("Status").selectOption("needs_reauth");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/status=needs_reauth/);
  await expect(rows(page)).toHaveCount(50);
  await expect(rows(page).filter({ hasText: "Needs re-auth" })).toHaveCount(50);

  // The next page by cursor: other rows, same filter, a way back to the first page.
  const firstId = await rows(page).first().getByRole("link").first().getAttribute("href");
  await page.getByRole("link", { name: "Next page →" }).click();
  await expect(page).toHaveURL(/status=needs_reauth.*cursor=|cursor=.*status=needs_reauth/);
  await expect(rows(page)).toHaveCount(50);
  await expect(rows(page).first().getByRole("link").first()).not.toHaveAttribute("href", firstId!);
  await expect(page.getByRole("link", { name: "← First page" })).toBeVisible();
  await shot(page, "connections-scale-filtered-page-2");

  for (const r of await sizes()) expect(r.bytes, r.url).toBeLessThan(MAX_PAGE_BYTES);

  // The API the page mirrors: the same filter, one page, a cursor, never a count.
  const api = await page.request.get("/api/v1/connections?status=needs_reauth&provider=github&limit=50");
  expect(api.status()).toBe(200);
  const body = (await api.json()) as {
    data: { status: string; provider: string }[];
    next_cursor: string | null;
  };
  expect(Object.keys(body).sort()).toEqual(["data", "next_cursor"]);
  expect(body.data.length).toBeGreaterThan(0);
  expect(body.data.every((c) => c.status === "needs_reauth" && c.provider === "github")).toBe(true);
  expect((await api.body()).length).toBeLessThan(100_000);
  const all = await page.request.get("/api/v1/connections?limit=200");
  expect(((await all.json()) as { data: unknown[] }).data).toHaveLength(200);
  expect((await page.request.get("/api/v1/connections?limit=201")).status()).toBe(422);

  // Search: one row out of all of them, by its account e-mail.
  sizes = recordPageResponses(page);
  await page.goto("/connections");
  await page.getByLabel("Search").fill("user777@seed.test");
  await page.getByRole("button", { name: "Apply" }).click();
  await expect(page).toHaveURL(/q=user777%40seed\.test/);
  await expect(rows(page)).toHaveCount(1);
  await expect(rows(page)).toContainText("Seed 777");
  for (const r of await sizes()) expect(r.bytes, r.url).toBeLessThan(MAX_PAGE_BYTES);

  // Bulk: select it, disable it (asks first), watch the job finish, see the new status.
  await page.getByRole("checkbox", { name: /Select .*Seed 777/ }).check();
  await expect(page.getByRole("toolbar", { name: "Bulk actions" })).toContainText("1 selected");
  await page.getByRole("toolbar", { name: "Bulk actions" }).getByRole("button", { name: "Disable" }).click();
  const dialog = page.getByRole("dialog", { name: "Disable 1 connection(s)?" });
  await expect(dialog).toContainText("Nothing is deleted");
  await dialog.getByRole("button", { name: "Disable 1" }).click();
  await expect(page.getByTestId("bulk-progress")).toContainText("1 of 1 done, 1 succeeded, 0 failed", {
    timeout: 30_000,
  });
  await expect(rows(page)).toContainText("Disabled");
  await shot(page, "connections-scale-bulk-disabled");

  // Bulk test of a whole page: every row gets an outcome (seeded rows have no credentials, so they fail, each
  // with its reason).
  await page.goto("/connections?provider=github&status=connected");
  await expect(rows(page)).toHaveCount(50);
  await page.getByRole("checkbox", { name: "Select all on this page" }).check();
  await page.getByRole("toolbar", { name: "Bulk actions" }).getByRole("button", { name: "Test" }).click();
  await expect(page.getByTestId("bulk-progress")).toContainText("50 of 50 done, 0 succeeded, 50 failed", {
    timeout: 60_000,
  });
  await page.getByTestId("bulk-progress").getByText("Failures (50)").click();
  await expect(page.getByTestId("bulk-progress")).toContainText("no credentials");
  await shot(page, "connections-scale-bulk-test");

  // Empty and error states.
  await page.goto("/connections?q=nothing-is-called-this");
  await expect(page.getByText("No connections match")).toBeVisible();
  await page.goto("/connections?cursor=not-a-cursor");
  await expect(page.getByTestId("filter-error")).toContainText("Not a cursor returned by this endpoint");
  await page.getByTestId("filter-error").getByRole("link", { name: "Clear the filters" }).click();
  await expect(rows(page)).toHaveCount(50);
});
