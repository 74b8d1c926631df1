import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { deleteBrand, getBrandOrThrow, renameBrand } from "@/lib/tenancy/brands";
import { ZBrandView, ZRenameBrandInput } from "@/lib/tenancy/schemas";

export const dynamic = "force-dynamic";
const ZParams = z.object({ id: z.string().min(1).max(64) });

export const GET = defineRoute(
  {
    auth: "any",
    docs: { summary: "Get a brand" },
    scopes: ["brands:read"],
    params: ZParams,
    output: ZBrandView,
  },
  async ({ ctx, params }) => getBrandOrThrow(ctx, params.id),
);

export const PATCH = defineRoute(
  {
    auth: "any",
    docs: { summary: "Rename a brand" },
    role: "admin",
    scopes: ["brands:write"],
    params: ZParams,
    body: ZRenameBrandInput,
    output: ZBrandView,
  },
  async ({ ctx, params, body }) => renameBrand(ctx, params.id, body.name),
);

export const DELETE = defineRoute(
  {
    auth: "any",
    docs: { summary: "Delete a brand" },
    role: "admin",
    scopes: ["brands:write"],
    params: ZParams,
    status: 204,
  },
  async ({ ctx, params }) => {
    await deleteBrand(ctx, params.id);
    return null;
  },
);
