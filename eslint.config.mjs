import js from "@eslint/js";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";
import importX, { createNodeResolver } from "eslint-plugin-import-x";

// Layers, top to bottom (STYLE.md "imports point down only"): a folder imports only the folders listed after it,
// and every folder may import the kernel (lib/errors, lib/domain-error, lib/actor, lib/cookies, lib/env, lib/log,
// lib/security-headers, lib/db, lib/generated, lib/json-record, lib/pagination). Protocol layers (oauth, outbound, vault,
// sandbox) know nothing of connections or teams. Server actions (lib/<context>/*actions.ts) are entry points like
// route handlers: they may use lib/http's wrapper, so they are exempt from their folder's rank but still never
// import app/ or components/.
const LAYERS = [
  "lib/boot",
  "lib/jobs",
  "lib/listener",
  "lib/http",
  "lib/tools",
  "lib/partners",
  "lib/proxy",
  "lib/webhooks",
  "lib/connect-sessions",
  "lib/connections",
  "lib/credentials",
  "lib/oauth",
  "lib/providers",
  "lib/auth",
  "lib/tenancy",
  "lib/api-keys",
  "lib/proxy-limits",
  "lib/tiers",
  "lib/events",
  "lib/audit",
  "lib/rate-limit",
  "lib/health",
  "lib/sandbox",
  "lib/mail",
  "lib/outbound",
  "lib/queue",
  "lib/vault",
  "lib/usage",
  "lib/metrics",
  "lib/cache-bus",
  "lib/telemetry",
  "lib/db",
];
const KERNEL = [
  "lib/errors",
  "lib/answer",
  "lib/header-reader",
  "lib/domain-error",
  "lib/actor",
  "lib/cookies",
  "lib/env",
  "lib/log",
  "lib/json-record",
  "lib/pagination",
  "lib/security-headers",
  "lib/db",
];
const NOT_UP = {
  group: ["@/app/*", "@/components/*", "@/e2e/*", "@/test/*", "**/app/**", "**/components/**"],
  message: "lib/ never imports app/, components/ or tests.",
};
const layerRules = LAYERS.map((layer, i) => ({
  files: [`${layer}/**/*.{ts,tsx}`],
  ignores: ["**/*.test.ts", "**/*actions.ts"],
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          NOT_UP,
          ...LAYERS.slice(0, i).map((up) => ({
            group: [`@/${up}/*`, `@/${up}`],
            message: `${layer} is below ${up}: imports point down only (move the shared piece down, or the caller up).`,
          })),
          {
            group: ["@/lib/*/repo", "@/lib/*/*-repo", `!@/${layer}/repo`, `!@/${layer}/*-repo`],
            message: "Another feature's repo is private: call that feature's exported function.",
          },
        ],
      },
    ],
  },
}));
const kernelRules = {
  files: KERNEL.map((k) => `${k}.ts`),
  rules: {
    "no-restricted-imports": [
      "error",
      {
        patterns: [
          NOT_UP,
          {
            group: ["@/lib/*/*", `!@/lib/generated/*`, `!@/lib/db/*`],
            message: "The kernel imports only the kernel.",
          },
        ],
      },
    ],
  },
};
const actionRules = {
  files: ["lib/**/*actions.ts"],
  rules: { "no-restricted-imports": ["error", { patterns: [NOT_UP] }] },
};

export default tseslint.config(
  {
    ignores: [
      "node_modules",
      ".next",
      ".data",
      "lib/generated",
      "packages/*/dist",
      "packages/sdk/src/generated",
      "test-results",
      "playwright-report",
      "next-env.d.ts",
      "*.config.mjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/ban-ts-comment": "error",
      "@typescript-eslint/consistent-type-definitions": ["error", "type"],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { attributes: false } }],
      // async callbacks that satisfy an async interface (next-auth callbacks, prisma config) need no await
      "@typescript-eslint/require-await": "off",
      "no-console": ["error", { allow: ["error", "warn"] }],
    },
  },
  ...layerRules,
  kernelRules,
  actionRules,
  {
    files: ["components/**/*.{ts,tsx}"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/app/*"],
              message: "components never import app/: server actions live in lib/<context>/actions.ts.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/**/*.{ts,tsx}", "components/**/*.{ts,tsx}"],
    plugins: { "import-x": importX },
    settings: {
      "import-x/parsers": { "@typescript-eslint/parser": [".ts", ".tsx"] },
      "import-x/resolver-next": [
        createNodeResolver({
          extensions: [".ts", ".tsx", ".js"],
          tsconfig: { configFile: `${import.meta.dirname}/tsconfig.json` },
        }),
      ],
    },
    rules: { "import-x/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    files: ["scripts/**", "e2e/**", "bench/**", "test/**", "packages/*/scripts/**"],
    rules: { "no-console": "off" },
  },
);
