import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { startGrant } from "@/lib/connections/start-grant";
import { ZRedirectStartQuery } from "@/lib/connections/redirect-query";

export const dynamic = "force-dynamic";

/**
 * Redirect mode: the same as POST /connect/{provider}, answered with a 302 (through Patchbay's bind step).
 * API keys only: a GET that creates a grant must not ride on the session cookie, or any site could navigate a
 * signed-in member here and start a shared connection in their name. The dashboard uses the POST.
 */
export const GET = defineRoute(
  {
    auth: "api_key",
    docs: {
      summary: "Start a connection by redirect",
      responses: {
        302: {
          description: "Redirect to the grant's authorization URL (through Patchbay's bind step).",
          contentType: null,
          headers: { Location: "The authorization URL." },
        },
      },
    },
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
