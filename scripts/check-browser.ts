// `npm run test:e2e` starts with this: finds the Chromium the E2E tests will drive, or says in one line what to
// install (instead of Playwright's "Executable doesn't exist at …ms-playwright…" after a full build).
// Order: CHROMIUM_PATH, Debian's chromium, Playwright's managed browser. playwright.config.ts uses the same list.
//   CHECK_BROWSER_SKIP_SYSTEM=1  ignore the Debian paths (lets the tests simulate a machine without them)
import fs from "node:fs";
import { pathToFileURL } from "node:url";

export const NO_CHROMIUM_MESSAGE =
  "No Chromium found for the E2E tests: run `apt-get install chromium` (Debian/Ubuntu) or `npx playwright install chromium`, or set CHROMIUM_PATH.";

/** /usr/lib/chromium/chromium first: it is the real binary, and avoids the wrapper script's shell warning. */
export const DEBIAN_CHROMIUM_PATHS = ["/usr/lib/chromium/chromium", "/usr/bin/chromium"];

/** The first candidate that exists, or null. Pure apart from `exists`, so tests can pass any list. */
export function findChromium(
  candidates: readonly (string | undefined)[],
  exists: (path: string) => boolean = fs.existsSync,
): string | null {
  return candidates.find((path): path is string => path !== undefined && path !== "" && exists(path)) ?? null;
}

/** The candidates for this environment, in order of preference. `managed` is Playwright's own browser path. */
export function chromiumCandidates(
  env: Partial<Record<string, string>>,
  managed: string | undefined,
): (string | undefined)[] {
  const system = env.CHECK_BROWSER_SKIP_SYSTEM === "1" ? [] : DEBIAN_CHROMIUM_PATHS;
  return [env.CHROMIUM_PATH, ...system, managed];
}

/** Where Playwright's managed Chromium would be (whether or not it is installed); undefined if unknown. */
export async function managedChromiumPath(): Promise<string | undefined> {
  try {
    const { chromium } = await import("@playwright/test");
    return chromium.executablePath();
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const found = findChromium(chromiumCandidates(process.env, await managedChromiumPath()));
  if (found === null) {
    console.error(NO_CHROMIUM_MESSAGE);
    process.exit(1);
  }
  console.log(`Chromium for the E2E tests: ${found}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) void main();
