import { z } from "zod";
import { defineRoute } from "@/lib/http/define-route";
import { getCatalogEntryOrThrow } from "@/lib/providers/list-catalog";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  { auth: "any", scopes: ["providers:read"], params: z.object({ slug: z.string().min(1).max(64) }) },
  async ({ ctx, params }) => getCatalogEntryOrThrow(ctx, params.slug),
);
