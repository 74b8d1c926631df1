// API-key and basic-credential connections: the provider's verification request runs first; only a credential
// the provider accepts is sealed and stored. Invalid → 422 with the provider's reason; unreachable → 502.
import { recordAudit } from "@/lib/audit/record-audit";
import type { TAuthContext } from "@/lib/actor";
import { createConnection } from "@/lib/connections/create-connection";
import { resolvePlacement, type TPlacementInput } from "@/lib/connections/resolve-placement";
import { toConnectionView } from "@/lib/connections/schemas";
import { validateConnectionParams } from "@/lib/providers/validate-params";
import { verifyCredential, type TCredentialInput } from "@/lib/credentials/verify-credential";
import { verifyServiceAccount } from "@/lib/credentials/service-account";
import { notFound } from "@/lib/errors";
import type { TProvider } from "@/lib/providers/schemas";
import type { TPlacement } from "@/lib/connections/resolve-placement";
import { getProviderForTeam } from "@/lib/providers/get-provider-for-team";

export type TCredentialConnectionInput = TPlacementInput & {
  provider: string;
  label?: string;
  params: Record<string, string>;
  context: Record<string, string | number | boolean | null>;
} & ({ api_key: string } | { username: string; password: string } | { service_account_key: string });

export async function createCredentialConnection(ctx: TAuthContext, input: TCredentialConnectionInput) {
  const provider = await getProviderForTeam(ctx.teamId, input.provider);
  if (!provider) throw notFound("Provider");
  const { params } = validateConnectionParams(provider, input.params);
  input = { ...input, params };
  const placement = await resolvePlacement(ctx, input);
  if ("service_account_key" in input) return createServiceAccountConnection(ctx, provider, placement, input);
  const cred: TCredentialInput =
    "api_key" in input
      ? { type: "api_key", api_key: input.api_key }
      : { type: "basic", username: input.username, password: input.password };
  const verified = await verifyCredential(provider, input.params, cred);
  const row = await createConnection(
    {
      teamId: ctx.teamId,
      ...placement,
      providerSlug: provider.slug,
      authMode: cred.type,
      label: input.label ?? null,
      credentials:
        cred.type === "api_key"
          ? { type: "api_key", api_key: cred.api_key }
          : { type: "basic", username: cred.username, password: cred.password },
      accountIdentity: verified.identity,
      params: input.params,
      metadata: verified.metadata as Record<string, never>,
      context: input.context,
      scopes: [],
      tokenExpiresAt: null,
      refreshTokenExpiresAt: null,
    },
    `created with ${cred.type === "api_key" ? "an API key" : "basic credentials"} (verified with ${provider.name})`,
  );
  await recordAudit(
    ctx,
    "connection.created",
    { type: "connection", id: row.id },
    { provider: provider.slug, via: cred.type },
  );
  return toConnectionView(row);
}

async function createServiceAccountConnection(
  ctx: TAuthContext,
  provider: TProvider,
  placement: TPlacement,
  input: TCredentialConnectionInput & { service_account_key: string },
) {
  const token = await verifyServiceAccount(provider, input.params, input.service_account_key);
  const row = await createConnection(
    {
      teamId: ctx.teamId,
      ...placement,
      providerSlug: provider.slug,
      authMode: "service_account",
      label: input.label ?? null,
      credentials: {
        type: "service_account",
        key_json: input.service_account_key,
        access_token: token.accessToken,
      },
      accountIdentity: { id: token.clientEmail, email: token.clientEmail },
      params: input.params,
      metadata: {},
      context: input.context,
      scopes: provider.serviceAccount?.scopes ?? [],
      tokenExpiresAt: token.expiresAt,
      refreshTokenExpiresAt: null,
    },
    `created with a service account (verified with ${provider.name})`,
  );
  await recordAudit(
    ctx,
    "connection.created",
    { type: "connection", id: row.id },
    { provider: provider.slug, via: "service_account" },
  );
  return toConnectionView(row);
}
