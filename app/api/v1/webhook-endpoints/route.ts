import { z } from "zod";
import { createEndpoint, listEndpointPage } from "@/lib/events/endpoints";
import { ZCreateEndpointInput, ZEndpointView } from "@/lib/events/schemas";
import { defineRoute } from "@/lib/http/define-route";
import { ZPageOf, ZPageQuery } from "@/lib/pagination";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  {
    auth: "any",
    docs: { summary: "List webhook endpoints" },
    role: "admin",
    scopes: ["webhooks:read"],
    query: ZPageQuery,
    output: ZPageOf(ZEndpointView),
  },
  async ({ ctx, query }) => listEndpointPage(ctx, query),
);

/** The response carries the signing secret — the only time it is ever shown. */
export const POST = defineRoute(
  {
    auth: "any",
    docs: {
      summary: "Create a webhook endpoint",
      requestExample: {
        url: "https://app.example.com/hooks/patchbay",
        event_types: ["connection.created", "connection.needs_reauth"],
      },
      description: "The signing secret (Standard Webhooks) is in this answer only.",
    },
    role: "admin",
    scopes: ["webhooks:write"],
    body: ZCreateEndpointInput,
    status: 201,
    output: z.object({ endpoint: ZEndpointView, secret: z.string() }),
  },
  async ({ ctx, body }) => createEndpoint(ctx, body),
);
