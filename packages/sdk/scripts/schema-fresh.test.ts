// The committed SDK types must be what the generator makes from today's routes: a route or schema changed without
// `npm run sdk:generate` fails here, naming the fix.
import fs from "node:fs";
import { expect, it } from "vitest";
import { renderSchema, SCHEMA_FILE } from "./render-schema";

it("packages/sdk/src/generated/schema.ts is up to date with the OpenAPI document", async () => {
  const committed = fs.readFileSync(SCHEMA_FILE, "utf8");
  const fresh = await renderSchema();
  expect(committed === fresh, "stale SDK types: run `npm run sdk:generate` and commit the result").toBe(true);
}, 60_000);
