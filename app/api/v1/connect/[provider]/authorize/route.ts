import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { startGrant } from "@/lib/oauth/start-grant";
import { ZRedirectStartQuery } from "@/lib/oauth/redirect-query";

export const dynamic = "force-dynamic";

/** Redirect mode: the same as POST /connect/{provider}, answered with a 302 (through Patchbay's bind step). */
export const GET = defineRoute(
  {
    auth: "any",
    scopes: ["connections:write"],
    params: z.object({ provider: z.string().min(1).max(64) }),
    query: ZRedirectStartQuery,
  },
  async ({ ctx, params, query }) => {
    const grant = await startGrant(ctx, params.provider, query);
    return new Response(null, {
      status: 302,
      headers: { location: grant.authorization_url, "cache-control": "no-store" },
    });
  },
);
