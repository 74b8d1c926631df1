// npm run sdk:generate — rewrites packages/sdk/src/generated/schema.ts from the OpenAPI document.
import fs from "node:fs";
import { renderSchema, SCHEMA_FILE } from "./render-schema";

const next = await renderSchema();
const before = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, "utf8") : "";
fs.writeFileSync(SCHEMA_FILE, next);
console.log(
  before === next
    ? "packages/sdk/src/generated/schema.ts: unchanged"
    : `packages/sdk/src/generated/schema.ts: written (${next.length} characters)`,
);
