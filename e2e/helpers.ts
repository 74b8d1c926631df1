import crypto from "node:crypto";
import { expect, type Page } from "@playwright/test";

export const PASSWORD = "e2e password that is long";
export const uniqueEmail = (tag: string) => `${tag}-${crypto.randomBytes(4).toString("hex")}@example.test`;

export async function signUp(
  page: Page,
  opts: { email: string; team?: string; name?: string; invite?: string },
) {
  await page.goto(opts.invite ? `/signup?invite=${opts.invite}` : "/signup");
  if (opts.name) await page.getByLabel("Your name").fill(opts.name);
  await page.getByLabel("E-mail").fill(opts.email);
  await page.getByLabel("Password").fill(PASSWORD);
  if (opts.team) await page.getByLabel("Team name").fill(opts.team);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
}

export async function signIn(page: Page, email: string, password = PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("E-mail").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function shot(page: Page, name: string) {
  await page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
}

/** A link in the left navigation (pages link to each other too, so scope to the nav). */
export const nav = (page: Page, name: string) =>
  page.getByRole("navigation", { name: "Main" }).getByRole("link", { name, exact: true });
