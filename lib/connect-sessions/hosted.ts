// The hosted connect page (/connect/<token>) and its actions. The token is the only authority: no Patchbay
// sign-in, no dashboard. Each step finds the session by the token's HMAC and acts only while it is pending and
// unexpired; making a connection claims the session in the same transaction (single use), so a used or expired
// session can create nothing even if a page was left open. OAuth: a grant in redirect mode whose return_to is the
// session's redirect_url, bound to this browser (connectBrowserHash: only the browser showing the page may open its
// authorization link), with the account as owner — the callback claims or fails the session
// (session-hooks.ts). Keys: verified with the provider, then stored and claimed in one transaction.
import { findSessionByTokenHash, failSession, findPartnerProfile, claimSession } from "@/lib/connect-sessions/repo";
import type { TSessionRow } from "@/lib/connect-sessions/repo";
import { hashSessionToken, looksLikeSessionToken } from "@/lib/connect-sessions/token";
import { sessionStatus } from "@/lib/connect-sessions/view";
import type { TLocale } from "@/lib/connect-sessions/schemas";
import { storeCredentialConnection } from "@/lib/connections/create-credential-connection";
import { insertStartedGrant } from "@/lib/connections/start-grant";
import { loadReconnectTarget, placementOf } from "@/lib/connections/start-reconnect";
import { AppError } from "@/lib/errors";
import { hashToken } from "@/lib/oauth/secrets";
import { getProviderForTeam } from "@/lib/providers/get-provider-for-team";
import { loadOAuthProvider } from "@/lib/providers/load-oauth-provider";
import type { TProvider } from "@/lib/providers/schemas";

export type TBranding = {
  name: string;
  logoUrl: string | null;
  primaryColor: string;
  backgroundColor: string;
  supportUrl: string | null;
};

export type THostedProvider = {
  slug: string;
  name: string;
  logo: string;
  /** signs in with OAuth (an app is configured for it) */
  oauth: boolean;
  apiKey: { label: string; placeholder: string | null; instructions: string | null; helpUrl: string | null } | null;
  basic: { usernameLabel: string; passwordLabel: string; instructions: string | null } | null;
  serviceAccount: { description: string } | null;
  params: { name: string; label: string; placeholder: string | null; description: string | null; optional: boolean }[];
};

export type THostedPage =
  | { state: "invalid" }
  | { state: "expired" | "used"; branding: TBranding | null; locale: TLocale | null; outcome: "connected" | "failed" | null }
  | {
      state: "pending";
      branding: TBranding;
      locale: TLocale | null;
      reconnect: boolean;
      label: string | null;
      expiresAt: string;
      providers: THostedProvider[];
    };

const toLocale = (l: string | null): TLocale | null => (l === "en" || l === "de" ? l : null);

async function brandingOf(teamId: string): Promise<TBranding | null> {
  const p = await findPartnerProfile(teamId);
  if (!p?.enabled) return null;
  return {
    name: p.displayName,
    logoUrl: p.logoUrl,
    primaryColor: p.primaryColor,
    backgroundColor: p.backgroundColor,
    supportUrl: p.supportUrl,
  };
}

function describe(p: TProvider, oauthReady: boolean): THostedProvider {
  return {
    slug: p.slug,
    name: p.name,
    logo: p.logo,
    oauth: p.authModes.includes("oauth2") && oauthReady,
    apiKey: p.apiKey
      ? {
          label: p.apiKey.label,
          placeholder: p.apiKey.placeholder ?? null,
          instructions: p.apiKey.instructions ?? null,
          helpUrl: p.apiKey.helpUrl ?? null,
        }
      : null,
    basic: p.basic
      ? { usernameLabel: p.basic.usernameLabel, passwordLabel: p.basic.passwordLabel, instructions: p.basic.instructions ?? null }
      : null,
    serviceAccount: p.serviceAccount ? { description: p.serviceAccount.description } : null,
    params: p.connectionParams.map((c) => ({
      name: c.name,
      label: c.label,
      placeholder: c.placeholder ?? c.example,
      description: c.description ?? null,
      optional: c.default !== undefined,
    })),
  };
}

async function findByToken(token: string): Promise<TSessionRow | null> {
  if (!looksLikeSessionToken(token)) return null;
  return findSessionByTokenHash(hashSessionToken(token));
}

/** What the page shows. Nothing is consumed by looking (a link scanner opening it uses up nothing). */
export async function openHostedSession(token: string): Promise<THostedPage> {
  const s = await findByToken(token);
  if (!s) return { state: "invalid" };
  const branding = await brandingOf(s.teamId);
  const status = sessionStatus(s);
  if (status !== "pending" || !branding)
    return {
      state: status === "expired" || !branding ? "expired" : "used",
      branding,
      locale: toLocale(s.locale),
      outcome: status === "connected" || status === "failed" ? status : null,
    };
  const providers: THostedProvider[] = [];
  for (const slug of s.providers) {
    const p = await getProviderForTeam(s.teamId, slug);
    if (p) providers.push(describe(p, (await loadOAuthProvider(s.teamId, slug)) !== null));
  }
  return {
    state: "pending",
    branding,
    locale: toLocale(s.locale),
    reconnect: s.targetConnectionId !== null,
    label: s.label,
    expiresAt: s.expiresAt.toISOString(),
    providers,
  };
}

/** The session, still pending, unexpired, in a team still in partner mode — or a clear refusal. */
async function requirePending(token: string): Promise<TSessionRow> {
  const s = await findByToken(token);
  if (!s) throw new AppError("not_found", { message: "This connect link is not valid." });
  const status = sessionStatus(s);
  if (status === "expired")
    throw new AppError("gone", { message: "This connect link has expired. Ask for a new one." });
  if (status !== "pending")
    throw new AppError("gone", { message: "This connect link was already used. Ask for a new one." });
  if (!(await brandingOf(s.teamId)))
    throw new AppError("gone", { message: "This connect link is no longer available." });
  return s;
}

function requireOffered(s: TSessionRow, providerSlug: string) {
  if (!s.providers.includes(providerSlug))
    throw new AppError("bad_request", { message: "This provider is not offered on this connect page." });
}

/** The partner's redirect_url with the outcome, the same query as the OAuth redirect mode. */
export function outcomeUrl(
  redirectUrl: string,
  o: { status: "success" | "error"; provider: string | null; connectionId?: string; error?: string },
) {
  const url = new URL(redirectUrl);
  url.searchParams.set("status", o.status);
  if (o.provider) url.searchParams.set("provider", o.provider);
  if (o.connectionId) url.searchParams.set("connection_id", o.connectionId);
  if (o.error) url.searchParams.set("error", o.error);
  return url.toString();
}

/**
 * OAuth: a grant bound to this page's browser; the browser then opens authorization_url. Redirect mode, or popup
 * mode when the page runs in the partner's popup: the callback then posts the outcome to the origin of the
 * session's redirect_url (allow-listed by the partner) instead of redirecting there.
 */
export async function startHostedOAuth(token: string, providerSlug: string, browser: string, popup = false) {
  const s = await requirePending(token);
  requireOffered(s, providerSlug);
  const connectSession = { id: s.id, browserHash: hashToken("connect-browser", browser) };
  const mode = popup ? ("popup" as const) : ("redirect" as const);
  const base = { mode, context: {}, scopes: s.scopes.length ? s.scopes : undefined };
  if (s.targetConnectionId) {
    const { row, params } = await loadReconnectTarget({ teamId: s.teamId, viewerUserId: null }, s.targetConnectionId);
    if (row.accountId !== s.accountId) throw new AppError("gone", { message: "This connect link is no longer available." });
    return insertStartedGrant({
      teamId: s.teamId,
      providerSlug: row.providerSlug,
      input: { ...base, params, label: row.label ?? undefined },
      placement: placementOf(row),
      returnTo: s.redirectUrl,
      sessionId: null,
      targetConnectionId: row.id,
      connectSession,
    });
  }
  return insertStartedGrant({
    teamId: s.teamId,
    providerSlug,
    input: { ...base, params: {}, label: s.label ?? undefined },
    placement: { brandId: s.brandId, ownerKind: "account", ownerUserId: null, accountId: s.accountId },
    returnTo: s.redirectUrl,
    sessionId: null,
    connectSession,
  });
}

export type THostedCredential =
  | { api_key: string }
  | { username: string; password: string }
  | { service_account_key: string };

/** Keys: verified with the provider (invalid → 422, the page shows it inline), stored and claimed at once. */
export async function submitHostedCredential(
  token: string,
  providerSlug: string,
  secret: THostedCredential,
  params: Record<string, string>,
) {
  const s = await requirePending(token);
  requireOffered(s, providerSlug);
  if (s.targetConnectionId)
    throw new AppError("bad_request", { message: "This link re-authorizes a sign-in connection." });
  const view = await storeCredentialConnection(
    {
      teamId: s.teamId,
      actor: null,
      placement: { brandId: s.brandId, ownerKind: "account", ownerUserId: null, accountId: s.accountId },
      claim: (tx, connectionId) => claimSession(tx, s.id, { connectionId, providerSlug }),
      audit: { connect_session: s.id, account: s.accountId },
    },
    { provider: providerSlug, label: s.label ?? undefined, params, context: {}, ...secret },
  );
  return { redirect_url: outcomeUrl(s.redirectUrl, { status: "success", provider: providerSlug, connectionId: view.id }) };
}

/** "Cancel and go back": the session ends as failed (user_cancelled), and the browser returns to the partner. */
export async function cancelHostedSession(token: string) {
  const s = await requirePending(token);
  await failSession(s.id, { code: "user_cancelled", message: "The user cancelled.", providerSlug: null });
  return { redirect_url: outcomeUrl(s.redirectUrl, { status: "error", provider: null, error: "user_cancelled" }) };
}
