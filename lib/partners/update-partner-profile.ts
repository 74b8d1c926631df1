// PUT /api/v1/partner and the dashboard's Partner page. Default providers must be ones the team can connect:
// catalog slugs or the team's own custom providers; a slug it cannot use is a 422 on that list entry.
import type { TAuthContext } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError } from "@/lib/errors";
import { findCustomProviders } from "@/lib/providers/custom-apps";
import { getProvider } from "@/lib/providers/registry";
import { findProfile, upsertProfile } from "./repo";
import { PROFILE_DEFAULTS, toProfileView, type TPartnerProfileInput } from "./schemas";

async function checkProviders(teamId: string, slugs: string[]) {
  const unknown = slugs.map((s, i) => [s, i] as const).filter(([s]) => !getProvider(s));
  if (unknown.length === 0) return;
  const custom = new Set((await findCustomProviders(teamId)).map((p) => p.slug));
  const bad = unknown.filter(([s]) => !custom.has(s));
  if (bad.length) {
    throw new AppError("validation_failed", {
      message: "Default providers must be catalog providers or your team's custom providers.",
      details: {
        issues: bad.map(([s, i]) => ({
          path: `body.default_providers.${String(i)}`,
          message: `Unknown provider "${s}"`,
          code: "unknown_provider",
        })),
      },
    });
  }
}

export async function updatePartnerProfile(ctx: TAuthContext, input: TPartnerProfileInput) {
  const existing = await findProfile({ teamId: ctx.teamId });
  if (!existing && !input.display_name) {
    throw new AppError("validation_failed", {
      message: "Give the name your users will see on the hosted connect page.",
      details: {
        issues: [
          {
            path: "body.display_name",
            message: "Required when partner mode is first set up",
            code: "required",
          },
        ],
      },
    });
  }
  const providers = input.default_providers ? [...new Set(input.default_providers)] : undefined;
  if (providers) await checkProviders(ctx.teamId, providers);
  const origins = input.allowed_redirect_origins
    ? [...new Set(input.allowed_redirect_origins.map((o) => new URL(o).origin))]
    : undefined;
  const fields = {
    ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
    ...(input.display_name !== undefined ? { displayName: input.display_name } : {}),
    ...(input.logo_url !== undefined ? { logoUrl: input.logo_url } : {}),
    ...(input.primary_color !== undefined ? { primaryColor: input.primary_color } : {}),
    ...(input.background_color !== undefined ? { backgroundColor: input.background_color } : {}),
    ...(input.support_url !== undefined ? { supportUrl: input.support_url } : {}),
    ...(origins ? { allowedRedirectOrigins: origins } : {}),
    ...(providers ? { defaultProviders: providers } : {}),
  };
  const row = await upsertProfile(
    { teamId: ctx.teamId },
    {
      enabled: true,
      displayName: input.display_name ?? "",
      primaryColor: PROFILE_DEFAULTS.primaryColor,
      backgroundColor: PROFILE_DEFAULTS.backgroundColor,
      ...fields,
    },
    fields,
  );
  await recordAudit(
    ctx,
    "partner.updated",
    { type: "team", id: ctx.teamId },
    { fields: Object.keys(input), enabled: row.enabled, created: !existing },
  );
  return toProfileView(row);
}
