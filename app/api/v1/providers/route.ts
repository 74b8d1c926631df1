import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { listCatalog } from "@/lib/providers/list-catalog";
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
