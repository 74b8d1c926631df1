// API-key and basic-credential connections: the provider's verification request runs first; only a credential
// the provider accepts is sealed and stored. Invalid → 422 with the provider's reason; unreachable → 502.
// Two entry points: createCredentialConnection (a member or API key; placement from the input) and
// storeCredentialConnection (hosted connect sessions: placement given, and the session claimed in the storing
// transaction — connect-session-hooks.ts).
import { recordAudit } from "@/lib/audit/record-audit";
import type { TActor, TAuthContext } from "@/lib/actor";
import { createConnection, type TCreateConnection } from "@/lib/connections/create-connection";
import { ClaimRefused } from "@/lib/connections/connect-session-hooks";
import { transaction } from "@/lib/connections/grant-repo";
import { resolvePlacement, type TPlacementInput } from "@/lib/connections/resolve-placement";
import { toConnectionView } from "@/lib/connections/schemas";
import { prepareWebhookSync } from "@/lib/connections/webhook-sync-job";
import { validateConnectionParams } from "@/lib/providers/validate-params";
import { verifyCredential, type TCredentialInput } from "@/lib/credentials/verify-credential";
import { verifyServiceAccount } from "@/lib/credentials/service-account";
import type { TTx } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import type { TProvider } from "@/lib/providers/schemas";
import type { TPlacement } from "@/lib/connections/resolve-placement";
import { getProviderForTeam } from "@/lib/providers/get-provider-for-team";

type TSecretFields = { api_key: string } | { username: string; password: string } | { service_account_key: string };

export type TCredentialFields = {
  provider: string;
  label?: string;
  params: Record<string, string>;
  context: Record<string, string | number | boolean | null>;
} & TSecretFields;

export type TCredentialConnectionInput = TPlacementInput & TCredentialFields;

export async function createCredentialConnection(ctx: TAuthContext, input: TCredentialConnectionInput) {
  const provider = await getProviderForTeam(ctx.teamId, input.provider);
  if (!provider) throw notFound("Provider");
  const { params } = validateConnectionParams(provider, input.params);
  const placement = await resolvePlacement(ctx, input);
  return storeVerified({ teamId: ctx.teamId, actor: ctx.actor }, provider, placement, { ...input, params });
}

export type TStoreCredentialOptions = {
  teamId: string;
  /** who made it, for the audit log (null: a hosted connect session's end-user) */
  actor: TActor | null;
  placement: TPlacement;
  /** runs in the storing transaction; false → nothing is stored and AppError("gone") is thrown */
  claim?: (tx: TTx, connectionId: string) => Promise<boolean>;
  audit?: Record<string, string>;
};

export async function storeCredentialConnection(
  opts: TStoreCredentialOptions,
  input: TCredentialFields,
) {
  const provider = await getProviderForTeam(opts.teamId, input.provider);
  if (!provider) throw notFound("Provider");
  const { params } = validateConnectionParams(provider, input.params);
  return storeVerified(opts, provider, opts.placement, { ...input, params }, opts);
}

async function storeVerified(
  who: { teamId: string; actor: TActor | null },
  provider: TProvider,
  placement: TPlacement,
  input: TCredentialFields,
  opts?: Pick<TStoreCredentialOptions, "claim" | "audit">,
) {
  // The provider is asked first (a network call), and only then a short transaction stores the row.
  let connection: Omit<TCreateConnection, "teamId" | "brandId" | "ownerKind" | "ownerUserId">;
  let via: string;
  if ("service_account_key" in input) {
    const token = await verifyServiceAccount(provider, input.params, input.service_account_key);
    via = "service_account";
    connection = {
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
    };
  } else {
    const cred: TCredentialInput =
      "api_key" in input
        ? { type: "api_key", api_key: input.api_key }
        : { type: "basic", username: input.username, password: input.password };
    const verified = await verifyCredential(provider, input.params, cred);
    via = cred.type;
    connection = {
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
    };
  }
  const reason =
    via === "service_account"
      ? `created with a service account (verified with ${provider.name})`
      : `created with ${via === "api_key" ? "an API key" : "basic credentials"} (verified with ${provider.name})`;
  const full: TCreateConnection = { teamId: who.teamId, ...placement, ...connection };
  const claim = opts?.claim;
  let row;
  if (claim) {
    await prepareWebhookSync(provider.slug); // before the transaction (createConnection's contract)
    try {
      row = await transaction(async (tx) => {
        const r = await createConnection(full, reason, tx);
        if (!(await claim(tx, r.id))) throw new ClaimRefused();
        return r;
      });
    } catch (err) {
      if (err instanceof ClaimRefused)
        throw new AppError("gone", {
          message: "This connect link was already used or has expired, so nothing was connected.",
        });
      throw err;
    }
  } else {
    row = await createConnection(full, reason);
  }
  await recordAudit(
    who,
    "connection.created",
    { type: "connection", id: row.id },
    { provider: provider.slug, via, ...(opts?.audit ?? {}) },
  );
  return toConnectionView(row);
}
