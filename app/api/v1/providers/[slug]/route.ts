import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { redirectUriForTeam } from "@/lib/oauth/redirect-uri";
import { getCatalogEntryOrThrow } from "@/lib/tools/catalog";
import { updateCustomProvider, ZUpdateCustomProviderInput } from "@/lib/providers/update-custom-provider";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  { auth: "any", scopes: ["providers:read"], params: z.object({ slug: z.string().min(1).max(64) }) },
  async ({ ctx, params }) => ({
    ...(await getCatalogEntryOrThrow(ctx, params.slug)),
    /** What to register at the provider as the redirect URI (null: not an OAuth provider). */
    redirect_uri: await redirectUriForTeam(ctx.teamId, params.slug),
  }),
);

/** A team's custom provider, edited (the issuer stays). Says whether endpoints changed and how many connections
 * must therefore reconnect (they are pinned to the old endpoints). Delete: DELETE /providers/{slug}/app. */
export const PUT = defineRoute(
  {
    auth: "any",
    role: "admin",
    scopes: ["providers:write"],
    params: z.object({ slug: z.string().min(1).max(64) }),
    body: ZUpdateCustomProviderInput,
  },
  async ({ ctx, params, body }) => updateCustomProvider(ctx, params.slug, body),
);
