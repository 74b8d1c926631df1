import { z } from "zod";
import { rotateEndpointSecret } from "@/lib/events/endpoints";
import { ZEndpointView, ZRotateInput } from "@/lib/events/schemas";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

/** A new secret (shown once); the old one keeps signing beside it for overlap_seconds (default 24 h). */
export const POST = defineRoute(
  {
    auth: "any",
    docs: { summary: "Rotate a webhook endpoint's secret" },
    role: "admin",
    scopes: ["webhooks:write"],
    params: z.object({ id: z.string().min(1).max(64) }),
    body: ZRotateInput,
    output: z.object({ endpoint: ZEndpointView, secret: z.string() }),
  },
  async ({ ctx, params, body }) => rotateEndpointSecret(ctx, params.id, body.overlap_seconds),
);
