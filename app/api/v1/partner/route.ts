import { defineRoute } from "@/lib/http/define-route";
import { getPartnerProfile } from "@/lib/partners/get-partner-profile";
import { ZPartnerProfileInput, ZPartnerProfileView } from "@/lib/partners/schemas";
import { updatePartnerProfile } from "@/lib/partners/update-partner-profile";

export const dynamic = "force-dynamic";

export const GET = defineRoute(
  {
    auth: "any",
    docs: { summary: "Get the partner profile" },
    role: "admin",
    scopes: ["partner:read"],
    output: ZPartnerProfileView,
  },
  async ({ ctx }) => getPartnerProfile(ctx),
);

/** Turns partner mode on (the first save, unless enabled: false) and sets the branding; omitted fields stay. */
export const PUT = defineRoute(
  {
    auth: "any",
    docs: { summary: "Update the partner profile" },
    role: "admin",
    scopes: ["partner:write"],
    body: ZPartnerProfileInput,
    output: ZPartnerProfileView,
  },
  async ({ ctx, body }) => updatePartnerProfile(ctx, body),
);
