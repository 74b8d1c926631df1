"use server";

import { z } from "zod";
import { defineAction } from "@/lib/http/define-action";
import { createBrand, deleteBrand, renameBrand } from "@/lib/tenancy/brands";
import { ZBrandName } from "@/lib/tenancy/schemas";

const ZId = z.string().min(1).max(64);

export const createBrandAction = defineAction(
  { input: z.object({ name: ZBrandName }), role: "admin" },
  (input, ctx) => createBrand(ctx, input.name),
);

export const renameBrandAction = defineAction(
  { input: z.object({ id: ZId, name: ZBrandName }), role: "admin" },
  (input, ctx) => renameBrand(ctx, input.id, input.name),
);

export const deleteBrandAction = defineAction(
  { input: z.object({ id: ZId }), role: "admin" },
  async (input, ctx) => {
    await deleteBrand(ctx, input.id);
    return { id: input.id };
  },
);
