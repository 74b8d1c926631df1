// The route index the OpenAPI document is built from must list every route file on disk: adding a route without
// `npm run openapi:routes` fails here (and in lib/openapi/build-document.test.ts's completeness check).
import fs from "node:fs";
import { describe, expect, it } from "vitest";
import {
  exportedMethods,
  listRouteFiles,
  renderRouteIndex,
  routeIndexPath,
  routePathOf,
} from "./route-files";

describe("the generated route index", () => {
  it("is up to date with app/api/v1/**/route.ts (run `npm run openapi:routes` if not)", () => {
    expect(fs.readFileSync(routeIndexPath(), "utf8")).toBe(renderRouteIndex(listRouteFiles()));
  });

  it("maps file paths to OpenAPI templates, catch-alls included", () => {
    expect(routePathOf("app/api/v1/connections/[id]/route.ts")).toBe("/api/v1/connections/{id}");
    expect(routePathOf("app/api/v1/proxy/[provider]/[[...path]]/route.ts")).toBe(
      "/api/v1/proxy/{provider}/{path}",
    );
    expect(routePathOf("app/api/v1/files/[...rest]/route.ts")).toBe("/api/v1/files/{rest}");
  });

  it("reads exported methods from the source, re-exports included", () => {
    const src = `const handler = 1;\nexport const GET = 1;\nexport async function DELETE() {}\nexport const dynamic = "x";\nexport { handler as POST, handler as HEAD };`;
    expect(exportedMethods(src)).toEqual(["GET", "POST", "DELETE", "HEAD"]);
  });
});
