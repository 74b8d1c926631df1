import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chromiumCandidates, findChromium, NO_CHROMIUM_MESSAGE } from "./check-browser";

const root = path.resolve(import.meta.dirname, "..");

describe("check-browser (the E2E pre-check)", () => {
  it(
    "on a machine with no Chromium anywhere, prints exactly one line saying what to install, and exits 1",
    { timeout: 60_000 },
    () => {
      const result = spawnSync(path.join(root, "node_modules", ".bin", "tsx"), ["scripts/check-browser.ts"], {
        cwd: root,
        encoding: "utf8",
        env: {
          ...process.env,
          CHROMIUM_PATH: "/nonexistent/chromium",
          CHECK_BROWSER_SKIP_SYSTEM: "1", // as if Debian's chromium were not installed
          PLAYWRIGHT_BROWSERS_PATH: "/nonexistent/ms-playwright", // nor Playwright's managed one
        },
      });
      expect(result.status).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(`${NO_CHROMIUM_MESSAGE}\n`);
      expect(NO_CHROMIUM_MESSAGE).toBe(
        "No Chromium found for the E2E tests: run `apt-get install chromium` (Debian/Ubuntu) or `npx playwright install chromium`, or set CHROMIUM_PATH.",
      );
    },
  );

  it("takes the first candidate that exists: CHROMIUM_PATH, then Debian's chromium, then Playwright's", () => {
    const only = (present: string[]) => (p: string) => present.includes(p);
    const env = { CHROMIUM_PATH: "/opt/chrome" };
    const candidates = chromiumCandidates(env, "/cache/ms-playwright/chrome");
    expect(findChromium(candidates, only(["/opt/chrome", "/usr/bin/chromium"]))).toBe("/opt/chrome");
    expect(findChromium(candidates, only(["/usr/bin/chromium", "/cache/ms-playwright/chrome"]))).toBe(
      "/usr/bin/chromium",
    );
    expect(findChromium(candidates, only(["/cache/ms-playwright/chrome"]))).toBe(
      "/cache/ms-playwright/chrome",
    );
    expect(findChromium(candidates, only([]))).toBeNull();
    expect(
      findChromium(
        chromiumCandidates({ CHECK_BROWSER_SKIP_SYSTEM: "1" }, undefined),
        only(["/usr/bin/chromium"]),
      ),
    ).toBeNull();
  });
});
