// The inbound webhooks section of the Providers page: each provider app's URL with its setup note, and Notion's handshake —
// Notion sends an unsigned verification token to the URL; the page says one arrived, reveals it once to paste
// back at Notion, and from then on it is a signing secret (listed by id, its value never shown again).
import crypto from "node:crypto";
import { expect, test } from "@playwright/test";
import { nav, signUp, uniqueEmail } from "./helpers";

test("Notion's verification token: parked, revealed once, then a signing secret", async ({ page }) => {
  await signUp(page, { email: uniqueEmail("inbound"), team: "Inbound team" });
  await nav(page, "Providers").click();
  await expect(page.getByRole("heading", { name: "Inbound webhooks" })).toBeVisible();
  const notion = page.getByRole("listitem").filter({ has: page.getByLabel("Notion webhook URL") });
  await expect(notion.getByText(/Notion: create the subscription with this URL/)).toBeVisible();
  await expect(notion.getByText("No secret: deliveries are rejected")).toBeVisible();
  const discord = page.getByRole("listitem").filter({ has: page.getByLabel("Discord webhook URL") });
  await expect(discord.getByText(/Public Key/)).toBeVisible();

  // Notion's first request: the token, unsigned.
  const url = (await notion.getByLabel("Notion webhook URL").textContent())!.trim();
  const token = `secret_${crypto.randomBytes(20).toString("hex")}`;
  const parked = await page.request.post(url, { data: { verification_token: token } });
  expect(parked.status()).toBe(200);
  expect(await parked.json()).toMatchObject({ status: "token_parked" });

  await page.reload();
  await expect(notion.getByRole("status")).toContainText("Notion sent a verification token");
  expect(await page.content()).not.toContain(token); // parked, not shown
  await page.screenshot({ path: "test-results/inbound-notion-pending.png", fullPage: true });
  await notion.getByRole("button", { name: "Reveal and trust token" }).click();
  await expect(notion.getByLabel("Notion verification token")).toHaveText(token);
  await expect(notion.getByText("Shown once: copy it now.")).toBeVisible();
  await page.screenshot({ path: "test-results/inbound-notion-revealed.png", fullPage: true });

  // Now a signing secret: listed by id, never shown again, and a delivery signed with it is accepted.
  await page.reload();
  await expect(notion.getByRole("status")).toHaveCount(0);
  await expect(notion.getByText(/^wss_/)).toHaveCount(1);
  expect(await page.content()).not.toContain(token);
  const body = JSON.stringify({
    id: crypto.randomUUID(),
    type: "page.created",
    workspace_id: crypto.randomUUID(),
    timestamp: new Date().toISOString(),
  });
  const signature = `sha256=${crypto.createHmac("sha256", token).update(body).digest("hex")}`;
  const signed = await page.request.post(url, {
    data: body,
    headers: { "content-type": "application/json", "x-notion-signature": signature },
  });
  // Verified; no Notion connection has that workspace, so it is an unknown tenant (404), not a 401.
  expect(signed.status()).toBe(404);
  expect(await signed.json()).toMatchObject({ error: { details: { reason: "unknown_tenant" } } });
  const forged = await page.request.post(url, {
    data: body,
    headers: { "content-type": "application/json", "x-notion-signature": `sha256=${"0".repeat(64)}` },
  });
  expect(forged.status()).toBe(401);
});
