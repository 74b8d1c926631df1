import { defineRoute } from "@/lib/http/define-route";
import { createBrand, listBrandPage } from "@/lib/tenancy/brands";
import { ZPageOf, ZPageQuery } from "@/lib/pagination";
import { ZBrandView, ZCreateBrandInput } from "@/lib/tenancy/schemas";

export const dynamic = "force-dynamic";

/** `?limit=&cursor=` → `{ data, next_cursor }`, oldest first (the first brand is the default). */
export const GET = defineRoute(
  {
    auth: "any",
    docs: { summary: "List brands" },
    scopes: ["brands:read"],
    query: ZPageQuery,
    output: ZPageOf(ZBrandView),
  },
  async ({ ctx, query }) => listBrandPage(ctx, query),
);

export const POST = defineRoute(
  {
    auth: "any",
    docs: { summary: "Create a brand" },
    role: "admin",
    scopes: ["brands:write"],
    body: ZCreateBrandInput,
    output: ZBrandView,
    status: 201,
  },
  async ({ ctx, body }) => createBrand(ctx, body.name),
);
