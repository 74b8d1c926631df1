// npm run openapi:document [-- --out file.json] [--base-url https://patchbay.example.com]
// Prints (or writes) the OpenAPI document built from the route index — what GET /api/v1/openapi.json serves.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { ROUTE_INDEX } from "../app/api/v1/openapi.json/routes.generated";
import { buildOpenApiDocument } from "../lib/openapi/build-document";

const { values } = parseArgs({ options: { out: { type: "string" }, "base-url": { type: "string" } } });
const doc = JSON.stringify(
  buildOpenApiDocument({ routes: ROUTE_INDEX, baseUrl: values["base-url"] }),
  null,
  2,
);
if (values.out) fs.writeFileSync(values.out, `${doc}\n`);
else process.stdout.write(`${doc}\n`);
