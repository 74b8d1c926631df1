import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { addCustomProvider } from "@/lib/providers/custom-apps";
import { ZCustomProviderInput } from "@/lib/providers/custom-provider";
import { getCatalogEntryOrThrow, listCatalog } from "@/lib/tools/catalog";
import { PROVIDER_CATEGORIES } from "@/lib/providers/schemas";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  {
    auth: "any",
    scopes: ["providers:read"],
    query: z
      .object({ category: z.enum(PROVIDER_CATEGORIES).optional(), q: z.string().max(100).optional() })
      .strict(),
  },
  async ({ ctx, query }) => ({ data: await listCatalog(ctx, query) }),
);

/** A team admin adds a custom OAuth2/OIDC provider: issuer URL (discovery) or explicit endpoints, plus its client. */
export const POST = defineRoute(
  { auth: "any", role: "admin", scopes: ["providers:write"], body: ZCustomProviderInput, status: 201 },
  async ({ ctx, body }) => {
    const p = await addCustomProvider(ctx, body);
    return getCatalogEntryOrThrow(ctx, p.slug);
  },
);
