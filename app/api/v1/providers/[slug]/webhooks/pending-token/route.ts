import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { revealPendingToken, ZInboundLevel } from "@/lib/webhooks/inbound-config";

export const dynamic = "force-dynamic";
const ZParams = z.object({ slug: z.string().min(1).max(64) });

/**
 * Reveal-once: the verification token the provider sent unsigned (Notion), to paste back at the provider. From
 * this call on it is a signing secret of the endpoint; the parked copy is gone, so a second call is 404.
 */
export const POST = defineRoute(
  {
    auth: "any",
    docs: { summary: "Reveal a pending webhook verification token" },
    role: "admin",
    scopes: ["providers:write"],
    params: ZParams,
    body: z.object({ level: ZInboundLevel }).strict(),
  },
  async ({ ctx, params, body }) => {
    const { token, config } = await revealPendingToken(ctx, params.slug, body.level);
    return { verification_token: token, webhooks: config };
  },
);
