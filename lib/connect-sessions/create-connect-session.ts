// POST /api/v1/accounts/{id}/connect and POST /api/v1/connect-sessions: a hosted, white-label connect page for
// one connected account. Everything is checked before anything is written (partner mode on, the account the
// team's, redirect_url on the partner's allow-list, every provider allowed and usable, the brand the team's), then
// one row is inserted. The token exists only in the returned connect_url; the row keeps its HMAC.
import crypto from "node:crypto";
import type { TAuthContext } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import {
  findAccount,
  findPartnerProfile,
  insertSession,
  type TPartnerProfileRow,
} from "@/lib/connect-sessions/repo";
import type { TConnectSessionFields, TCreatedConnectSession } from "@/lib/connect-sessions/schemas";
import { hashSessionToken, newSessionToken, SESSION_TTL_MS } from "@/lib/connect-sessions/token";
import { env } from "@/lib/env";
import { AppError, notFound } from "@/lib/errors";
import { getProviderForTeam } from "@/lib/providers/get-provider-for-team";
import { loadOAuthProvider } from "@/lib/providers/load-oauth-provider";
import { findBrand, findBrands } from "@/lib/tenancy/teams";

const invalid = (path: string, message: string, issue: string) =>
  new AppError("validation_failed", { message, details: { issues: [{ path, message: issue, code: "invalid_value" }] } });

/** Partner mode must be on; the profile carries the allow-lists. */
export async function requirePartner(teamId: string): Promise<TPartnerProfileRow> {
  const profile = await findPartnerProfile(teamId);
  if (!profile?.enabled)
    throw new AppError("forbidden", {
      message: "Partner mode is off for this team. Turn it on under Partner settings first.",
    });
  return profile;
}

/** The account, by Patchbay id or external id. Another team's is not found, exactly as an unknown one. */
export async function requireAccount(teamId: string, by: { id: string } | { externalId: string }) {
  const account = await findAccount(teamId, by);
  if (!account) throw notFound("Account");
  if (account.deletingAt) throw new AppError("conflict", { message: "This account is being deleted." });
  return account;
}

/** Exact origin match: scheme, host and port (no wildcard, no path prefix). */
export function checkRedirectUrl(profile: TPartnerProfileRow, redirectUrl: string): string {
  const origin = new URL(redirectUrl).origin;
  if (!profile.allowedRedirectOrigins.includes(origin))
    throw invalid(
      "body.redirect_url",
      `redirect_url is not on an allowed origin. Add ${origin} to the partner's allowed redirect origins.`,
      `origin ${origin} is not allowed`,
    );
  return redirectUrl;
}

/** The session's providers: the ones asked for (each in the partner's defaults, when set) or the defaults. */
async function checkProviders(teamId: string, profile: TPartnerProfileRow, asked: string[] | undefined) {
  const providers = [...new Set(asked ?? profile.defaultProviders)];
  if (!providers.length)
    throw invalid(
      "body.providers",
      "Name the providers to offer, or set default providers in the partner settings.",
      "no providers",
    );
  const problems: { path: string; message: string; code: string }[] = [];
  for (const [i, slug] of providers.entries()) {
    const path = `body.providers.${i}`;
    if (asked && profile.defaultProviders.length && !profile.defaultProviders.includes(slug)) {
      problems.push({ path, message: `"${slug}" is not among the partner's allowed providers`, code: "invalid_value" });
      continue;
    }
    const provider = await getProviderForTeam(teamId, slug);
    if (!provider) {
      problems.push({ path, message: `unknown provider "${slug}"`, code: "invalid_value" });
      continue;
    }
    const keyModes = provider.authModes.filter((m) => m !== "oauth2");
    if (!keyModes.length && !(await loadOAuthProvider(teamId, slug)))
      problems.push({ path, message: `"${slug}" has no OAuth app configured`, code: "invalid_value" });
  }
  if (problems.length)
    throw new AppError("validation_failed", {
      message: "These providers cannot be offered on this connect page.",
      details: { issues: problems },
    });
  return providers;
}

async function checkBrand(teamId: string, brandId: string | undefined): Promise<string> {
  const scope = { teamId };
  const id = brandId ?? (await findBrands(scope))[0]?.id;
  if (!id || !(await findBrand(scope, id))) throw notFound("Brand");
  return id;
}

export async function createConnectSession(
  ctx: TAuthContext,
  account: { id: string } | { externalId: string },
  input: TConnectSessionFields,
  reconnect?: { connectionId: string; brandId: string; providerSlug: string },
): Promise<TCreatedConnectSession> {
  const profile = await requirePartner(ctx.teamId);
  const acc = await requireAccount(ctx.teamId, account);
  const redirectUrl = checkRedirectUrl(profile, input.redirect_url);
  const providers = reconnect ? [reconnect.providerSlug] : await checkProviders(ctx.teamId, profile, input.providers);
  const brandId = reconnect ? reconnect.brandId : await checkBrand(ctx.teamId, input.brand_id);

  const token = newSessionToken();
  const row = await insertSession({
    id: `cs_${crypto.randomBytes(12).toString("base64url")}`,
    teamId: ctx.teamId,
    accountId: acc.id,
    tokenHash: hashSessionToken(token),
    providers,
    redirectUrl,
    scopes: input.scopes ?? [],
    brandId,
    label: input.label ?? null,
    locale: input.locale ?? null,
    targetConnectionId: reconnect?.connectionId ?? null,
    expiresAt: new Date(Date.now() + SESSION_TTL_MS),
  });
  await recordAudit(
    ctx,
    reconnect ? "connect_session.reconnect_created" : "connect_session.created",
    { type: "connect_session", id: row.id },
    { account: acc.id, providers: providers.join(","), ...(reconnect ? { connection: reconnect.connectionId } : {}) },
  );
  return {
    session_id: row.id,
    connect_url: `${env().appUrl}/connect/${token}`,
    expires_at: row.expiresAt.toISOString(),
  };
}
