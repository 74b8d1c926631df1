import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { redirectUriForTeam } from "@/lib/oauth/redirect-uri";
import { getCatalogEntryOrThrow } from "@/lib/providers/list-catalog";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  { auth: "any", scopes: ["providers:read"], params: z.object({ slug: z.string().min(1).max(64) }) },
  async ({ ctx, params }) => ({
    ...(await getCatalogEntryOrThrow(ctx, params.slug)),
    /** What to register at the provider as the redirect URI (null: not an OAuth provider). */
    redirect_uri: await redirectUriForTeam(ctx.teamId, params.slug),
  }),
);
