import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = fileURLToPath(new URL(".", import.meta.url));

// Two projects: `unit` needs nothing; `integration` (*.int.test.ts) gets a real database from
// test/global-setup.ts — embedded PGlite by default, a fresh database on TEST_DATABASE_URL's server otherwise.
export default defineConfig({
  resolve: { alias: { "@": root } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{lib,app,components,e2e/fixtures,scripts}/**/*.test.ts", "packages/*/src/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["{lib,app,scripts,test}/**/*.int.test.ts"],
          environment: "node",
          globalSetup: ["./test/global-setup.ts"],
          setupFiles: ["./test/setup-env.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Workers share one database; each test makes its own data, so files may run in parallel.
          fileParallelism: true,
        },
      },
    ],
  },
});
