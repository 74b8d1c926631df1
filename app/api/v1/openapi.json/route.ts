// The OpenAPI 3.1 document of this API, generated from the routes' own schemas (lib/openapi). Public and cacheable:
// it describes the API, never a team's data.
import { env } from "@/lib/env";
import { defineRoute } from "@/lib/http/define-route";
import { buildOpenApiDocument } from "@/lib/openapi/build-document";
import type { TJsonObject } from "@/lib/openapi/types";
import { ROUTE_INDEX } from "./routes.generated";

export const dynamic = "force-dynamic";

let built: TJsonObject | undefined; // the routes do not change while the process runs

export const GET = defineRoute(
  {
    auth: "public",
    docs: {
      summary: "Get the OpenAPI document",
      description: "This document: OpenAPI 3.1, generated from the schemas every route validates with.",
      responses: { 200: { description: "The OpenAPI 3.1 document (JSON)." } },
    },
  },
  async () => {
    built ??= buildOpenApiDocument({ routes: ROUTE_INDEX, baseUrl: env().appUrl });
    return Response.json(built, { headers: { "cache-control": "public, max-age=300" } });
  },
);
