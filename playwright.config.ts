import { defineConfig } from "@playwright/test";
import { chromiumCandidates, findChromium } from "./scripts/check-browser";

const port = Number(process.env.E2E_PORT ?? 3210);
export const baseURL = `http://localhost:${port}`;

// CHROMIUM_PATH, else Debian's chromium (offline, see STACK.md), else (undefined) the Playwright-managed browser —
// the same order `npm run test:e2e` checks first (scripts/check-browser.ts), so a missing browser is named there.
const chromium = findChromium(chromiumCandidates(process.env, undefined)) ?? undefined;

export default defineConfig({
  testDir: "e2e",
  testMatch: "**/*.spec.ts",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  // One retry in CI, reported as "flaky" in the output (never silent); none locally.
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : "list",
  outputDir: "test-results",
  use: {
    baseURL,
    screenshot: "only-on-failure",
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  webServer: {
    command: `npx tsx e2e/fixtures/start-app.ts`,
    url: `${baseURL}/api/ready`,
    timeout: 120_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { E2E_PORT: String(port) },
  },
});
