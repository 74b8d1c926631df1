import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { removeInboundSecret, ZInboundLevel } from "@/lib/webhooks/inbound-config";

export const dynamic = "force-dynamic";
const ZParams = z.object({
  slug: z.string().min(1).max(64),
  secretId: z.string().regex(/^wss_[A-Za-z0-9_-]{1,20}$/),
});

/** Remove a signing secret (after the provider has switched to the new one). */
export const DELETE = defineRoute(
  {
    auth: "any",
    docs: { summary: "Delete an inbound webhook signing secret" },
    role: "admin",
    scopes: ["providers:write"],
    params: ZParams,
    query: z.object({ level: ZInboundLevel }).strict(),
  },
  async ({ ctx, params, query }) => removeInboundSecret(ctx, params.slug, params.secretId, query.level),
);
