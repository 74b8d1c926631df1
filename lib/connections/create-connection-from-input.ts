import { recordAudit } from "@/lib/audit/record-audit";
import type { TAuthContext } from "@/lib/auth/actor";
import { createConnection } from "@/lib/connections/create-connection";
import { resolvePlacement } from "@/lib/connections/resolve-placement";
import {
  toConnectionView,
  type TCreateConnectionInput,
  type TOAuthCreateConnectionInput,
} from "@/lib/connections/schemas";
import { createCredentialConnection } from "@/lib/connections/create-credential-connection";
import { exchangeExternalGrant } from "@/lib/oauth/exchange-external-grant";
import { tokenSetToConnection } from "@/lib/oauth/token-set-to-connection";

/** POST /api/v1/connections: validate placement, prove the credential at the provider, then store it sealed. */
export async function createConnectionFromInput(ctx: TAuthContext, input: TCreateConnectionInput) {
  if (!("credentials" in input)) return createCredentialConnection(ctx, input);
  return createFromOAuthMaterial(ctx, input);
}

async function createFromOAuthMaterial(ctx: TAuthContext, input: TOAuthCreateConnectionInput) {
  const placement = await resolvePlacement(ctx, input);
  const { tokens, providerSlug } = await exchangeExternalGrant(
    ctx.teamId,
    input.provider,
    input.params,
    input.credentials,
  );
  const row = await createConnection(
    {
      teamId: ctx.teamId,
      ...placement,
      providerSlug,
      label: input.label ?? null,
      context: input.context,
      ...tokenSetToConnection(tokens, input.params, []),
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
