import { z } from "zod";
import { deleteEndpoint, getEndpointOrThrow, updateEndpoint } from "@/lib/events/endpoints";
import { ZEndpointView, ZUpdateEndpointInput } from "@/lib/events/schemas";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";
const ZParams = z.object({ id: z.string().min(1).max(64) });

export const GET = defineRoute(
  {
    auth: "any",
    docs: { summary: "Get a webhook endpoint" },
    role: "admin",
    scopes: ["webhooks:read"],
    params: ZParams,
    output: ZEndpointView,
  },
  async ({ ctx, params }) => getEndpointOrThrow(ctx, params.id),
);

/** url, description, event_types, brand_ids, enabled (false pauses, true resumes). */
export const PATCH = defineRoute(
  {
    auth: "any",
    docs: { summary: "Update a webhook endpoint" },
    role: "admin",
    scopes: ["webhooks:write"],
    params: ZParams,
    body: ZUpdateEndpointInput,
    output: ZEndpointView,
  },
  async ({ ctx, params, body }) => updateEndpoint(ctx, params.id, body),
);

export const DELETE = defineRoute(
  {
    auth: "any",
    docs: { summary: "Delete a webhook endpoint" },
    role: "admin",
    scopes: ["webhooks:write"],
    params: ZParams,
  },
  async ({ ctx, params }) => deleteEndpoint(ctx, params.id),
);
