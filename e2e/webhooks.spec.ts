// Outbound webhooks end to end, in a real browser against the production build: create an endpoint, see its
// secret exactly once, send a test event, watch it arrive at a local receiver (which verifies the Standard
// Webhooks signature with its own implementation) and appear in the event log without a reload, then replay it.
import { expect, test } from "@playwright/test";
import { startWebhookReceiver, type TReceiver } from "./fixtures/webhook-receiver";
import { nav, signUp, uniqueEmail } from "./helpers";

let receiver: TReceiver;
test.beforeAll(async () => {
  receiver = await startWebhookReceiver();
});
test.afterAll(async () => {
  await receiver.close();
});

test("create an endpoint, secret once, test event delivered and logged, replay", async ({ page }) => {
  await signUp(page, { email: uniqueEmail("hooks"), team: "Hooks team" });
  await nav(page, "Webhooks").click();
  await expect(page.getByRole("heading", { name: "Webhooks" })).toBeVisible();
  await expect(page.getByText("No endpoints yet")).toBeVisible();

  await page.getByLabel("URL").fill(receiver.url);
  await page.getByLabel("Description (optional)").fill("Local receiver");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const secretBox = page.getByTestId("endpoint-secret").getByTestId("secret-value");
  await expect(secretBox).toBeVisible();
  const secret = await secretBox.inputValue();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]+=*$/);
  receiver.setSecrets([secret]);
  await expect(page.getByTestId("endpoint-row")).toHaveCount(1);
  await expect(page.getByTestId("endpoint-status")).toHaveText("Active");

  // Shown once: dismissed, and not on the page after a reload either.
  await page.getByRole("button", { name: "I have saved it" }).click();
  await expect(page.getByTestId("endpoint-secret")).toHaveCount(0);
  await page.reload();
  await expect(page.getByTestId("endpoint-row")).toHaveCount(1);
  expect(await page.content()).not.toContain(secret.slice("whsec_".length));

  await page.getByRole("button", { name: "Send test event" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Test event sent" })).toBeVisible();
  await expect.poll(() => receiver.arrivals.length, { timeout: 20_000 }).toBe(1);
  const first = receiver.arrivals[0]!;
  expect(first.signatureValid).toBe(true);
  expect(first.answered).toBe(200);
  expect(JSON.parse(first.body)).toMatchObject({ id: first.id, type: "endpoint.test" });

  // The event log shows it delivered, with the attempt's status and latency.
  await nav(page, "Events").click();
  const row = page.locator(`[data-testid="event-row"][data-event-id="${first.id}"]`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId("delivery-status")).toHaveText("Delivered");
  await row.getByText(/Deliveries and attempts/).click();
  const attempt = row.getByTestId("attempt-row").first();
  await expect(attempt).toContainText("delivered");
  await expect(attempt).toContainText("200");
  await expect(attempt).toContainText(/\d+ ms/);

  // Replay: a second delivery of the same event (same webhook-id), which appears in the log without a reload.
  await row.getByRole("button", { name: "Replay" }).click();
  await expect.poll(() => receiver.arrivals.length, { timeout: 20_000 }).toBe(2);
  expect(receiver.arrivals[1]).toMatchObject({ id: first.id, signatureValid: true, answered: 200 });
  expect(receiver.processed()).toEqual([first.id]); // the receiver deduped the replay by webhook-id
  await expect(row.getByTestId("delivery-status")).toHaveText(["Delivered", "Delivered"]);
  await expect(row.getByTestId("delivery-origin")).toHaveText(["test", "replay"]);
});

test("Webhooks and Events are in the navigation of a team admin", async ({ page }) => {
  await signUp(page, { email: uniqueEmail("hooks-nav"), team: "Nav team" });
  await expect(nav(page, "Webhooks")).toBeVisible();
  await expect(nav(page, "Events")).toBeVisible();
});
