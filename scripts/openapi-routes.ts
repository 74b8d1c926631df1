// npm run openapi:routes — regenerates the route index the OpenAPI document is built from.
import fs from "node:fs";
import { listRouteFiles, renderRouteIndex, routeIndexPath } from "./openapi/route-files";

const files = listRouteFiles();
fs.writeFileSync(routeIndexPath(), renderRouteIndex(files));
console.log(
  `route index: ${String(files.length)} route files, ${String(files.reduce((n, f) => n + f.methods.length, 0))} operations`,
);
