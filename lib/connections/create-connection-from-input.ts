import { recordAudit } from "@/lib/audit/record-audit";
import type { TAuthContext } from "@/lib/actor";
import { createConnection } from "@/lib/connections/create-connection";
import { resolvePlacement } from "@/lib/connections/resolve-placement";
import {
  toConnectionView,
  type TCreateConnectionInput,
  type TOAuthCreateConnectionInput,
} from "@/lib/connections/schemas";
import { createCredentialConnection } from "@/lib/connections/create-credential-connection";
import { pinOf } from "@/lib/connections/load-provider-for-connection";
import { AppError, notFound } from "@/lib/errors";
import { exchangeExternalGrant } from "@/lib/connections/exchange-external-grant";
import { getProviderForTeam } from "@/lib/providers/get-provider-for-team";
import { findInstanceCodeRedemption, setInstanceCodeRedemptionRow } from "@/lib/tenancy/teams";
import { tokenSetToConnection } from "@/lib/connections/token-set-to-connection";

/** POST /api/v1/connections: validate placement, prove the credential at the provider, then store it sealed. */
export async function createConnectionFromInput(ctx: TAuthContext, input: TCreateConnectionInput) {
  if (!("credentials" in input)) return createCredentialConnection(ctx, input);
  return createFromOAuthMaterial(ctx, input);
}

async function createFromOAuthMaterial(ctx: TAuthContext, input: TOAuthCreateConnectionInput) {
  const placement = await resolvePlacement(ctx, input);
  const { tokens, providerSlug, app } = await exchangeExternalGrant(
    ctx.teamId,
    input.provider,
    input.params,
    input.credentials,
    { allowInstanceApp: await findInstanceCodeRedemption({ teamId: ctx.teamId }) },
  );
  const provider = await getProviderForTeam(ctx.teamId, providerSlug);
  if (!provider) throw notFound("Provider");
  const row = await createConnection(
    {
      teamId: ctx.teamId,
      ...placement,
      providerSlug,
      label: input.label ?? null,
      context: input.context,
      ...tokenSetToConnection(tokens, input.params, []),
      ...pinOf(provider, app),
    },
    `created via API (${input.credentials.type})`,
  );
  await recordAudit(
    ctx,
    "connection.created",
    { type: "connection", id: row.id },
    { provider: providerSlug, via: input.credentials.type },
  );
  return toConnectionView(row);
}

/**
 * Superusers only: let a team redeem authorization codes issued to the instance's OAuth apps through
 * POST /api/v1/connections (off by default; see exchange-external-grant.ts for why). Audited in that team.
 */
export async function setInstanceCodeRedemption(ctx: TAuthContext, teamId: string, allowed: boolean) {
  if (ctx.actor.kind !== "user" || !ctx.actor.isSuperuser)
    throw new AppError("forbidden", { message: "Only instance superusers can change this." });
  const res = await setInstanceCodeRedemptionRow({ teamId }, allowed);
  if (res.count === 0) throw notFound("Team");
  await recordAudit(
    { ...ctx, teamId },
    "team.instance_code_redemption",
    { type: "team", id: teamId },
    { allowed },
  );
}
