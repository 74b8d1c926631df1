import { z } from "zod";
import { createEndpoint, listEndpoints } from "@/lib/events/endpoints";
import { ZCreateEndpointInput, ZEndpointView } from "@/lib/events/schemas";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  {
    auth: "any",
    role: "admin",
    scopes: ["webhooks:read"],
    output: z.object({ data: z.array(ZEndpointView) }),
  },
  async ({ ctx }) => ({ data: await listEndpoints(ctx) }),
);

/** The response carries the signing secret — the only time it is ever shown. */
export const POST = defineRoute(
  {
    auth: "any",
    role: "admin",
    scopes: ["webhooks:write"],
    body: ZCreateEndpointInput,
    status: 201,
    output: z.object({ endpoint: ZEndpointView, secret: z.string() }),
  },
  async ({ ctx, body }) => createEndpoint(ctx, body),
);
