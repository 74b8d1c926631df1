import { defineRoute } from "@/lib/http/define-route";
import { updateTier } from "@/lib/tiers/manage-tiers";
import { ZTierParams, ZTierView, ZUpdateTierInput } from "@/lib/tiers/schemas";

export const dynamic = "force-dynamic";

// Instance superusers only: name and limits (null = unlimited); every instance sees the change within 2 s.
export const PATCH = defineRoute(
  {
    auth: "session",
    docs: { summary: "Update a tier" },
    params: ZTierParams,
    body: ZUpdateTierInput,
    output: ZTierView,
  },
  async ({ ctx, params, body }) => updateTier(ctx, params.id, body),
);
