// Partner-mode set-up shared by the partners-*.int.test.ts files: a team with partner mode on and a key holding
// every partner scope, accounts made through the real route, and connections owned by an account.
import * as accountsRoute from "@/app/api/v1/accounts/route";
import * as partnerRoute from "@/app/api/v1/partner/route";
import type { TApiScope } from "@/lib/api-keys/scopes";
import type { TCredentials } from "@/lib/connections/credentials";
import { createConnection } from "@/lib/connections/create-connection";
import { db } from "@/lib/db";
import { defaultBrandId, makeApiKey, makeOwner, type TTestUser } from "./factories";
import { call } from "./http";

export const PARTNER_SCOPES: TApiScope[] = [
  "partner:read",
  "partner:write",
  "accounts:read",
  "accounts:write",
  "connections:read",
  "connections:write",
  "connections:proxy",
  "connections:credentials",
];

export type TPartnerTeam = { owner: TTestUser; key: string; keyId: string };

export async function partnerTeam(opts: { enabled?: boolean } = {}): Promise<TPartnerTeam> {
  const owner = await makeOwner();
  const made = await makeApiKey(owner, PARTNER_SCOPES);
  if (opts.enabled !== false) {
    const res = await call(partnerRoute.PUT, {
      method: "PUT",
      bearer: made.key,
      body: { display_name: "Acme Agents", allowed_redirect_origins: ["https://app.acme.test"] },
    });
    if (res.status !== 200) throw new Error(`partner profile: ${res.status} ${res.text}`);
  }
  return { owner, key: made.key, keyId: made.api_key.id };
}

export async function makeAccount(
  team: TPartnerTeam,
  externalId: string,
  extra: Record<string, unknown> = {},
): Promise<{ id: string; external_id: string }> {
  const res = await call(accountsRoute.POST, {
    method: "POST",
    bearer: team.key,
    body: { external_id: externalId, ...extra },
  });
  if (res.status !== 201) throw new Error(`account: ${res.status} ${res.text}`);
  return res.json as unknown as { id: string; external_id: string };
}

/** A connection made the way every creation path makes one, then owned by the account. */
export async function makeAccountConnection(
  team: TPartnerTeam,
  accountId: string,
  providerSlug: string,
  credentials: TCredentials,
  label: string | null = null,
): Promise<string> {
  const row = await createConnection(
    {
      teamId: team.owner.teamId,
      brandId: await defaultBrandId(team.owner.teamId),
      ownerKind: "account",
      ownerUserId: null,
      providerSlug,
      authMode: credentials.type,
      label,
      credentials,
      accountIdentity: {},
      params: {},
      metadata: {},
      context: {},
      scopes: [],
      tokenExpiresAt: null,
      refreshTokenExpiresAt: null,
    },
    "created by a partners test",
  );
  await ownByAccount(row.id, accountId);
  return row.id;
}

/** Hands an existing connection to an account (what the connect-session flow does when it makes one). */
export async function ownByAccount(connectionId: string, accountId: string) {
  await db.connection.update({
    where: { id: connectionId },
    data: { ownerKind: "account", ownerUserId: null, accountId },
  });
}
