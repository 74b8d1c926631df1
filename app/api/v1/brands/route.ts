import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { createBrand, listBrands } from "@/lib/tenancy/brands";
import { ZBrandView, ZCreateBrandInput } from "@/lib/tenancy/schemas";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  { auth: "any", scopes: ["brands:read"], output: z.object({ data: z.array(ZBrandView) }) },
  async ({ ctx }) => ({ data: await listBrands(ctx) }),
);

export const POST = defineRoute(
  {
    auth: "any",
    role: "admin",
    scopes: ["brands:write"],
    body: ZCreateBrandInput,
    output: ZBrandView,
    status: 201,
  },
  async ({ ctx, body }) => createBrand(ctx, body.name),
);
