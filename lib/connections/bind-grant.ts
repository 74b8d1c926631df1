// /oauth/authorize/<grant>?t=<bind token>: the first browser to present a grant's bind token is bound to it (a
// cookie whose hash the grant keeps), the state is made, and the browser goes on to the provider.
// Catalog providers are bound on the GET and sent straight on. A team's custom provider is a URL a team typed, so
// the GET only inspects the grant (nothing is consumed) and the browser sees "you are leaving Patchbay for
// <host>"; its Continue button POSTs the bind token back, and only that POST binds and redirects (finding 5).
import { loadOAuthProvider } from "@/lib/providers/load-oauth-provider";
import { stringRecord } from "@/lib/json-record";
import { calculatePKCECodeChallenge } from "oauth4webapi";
import type { TSessionClaims } from "@/lib/actor";
import { AppError } from "@/lib/errors";
import { bindGrantRow, findGrantForBinding } from "@/lib/connections/grant-repo";
import { browserCookieName, hashToken, randomToken } from "@/lib/oauth/secrets";
import { safeEqual } from "@/lib/vault/safe-equal";
import { templateValues } from "@/lib/oauth/template-values";
import { isAllowedCustomEndpoint } from "@/lib/providers/custom-provider";
import { getProvider } from "@/lib/providers/registry";
import { fillTemplate } from "@/lib/providers/templates";
import { findTeam } from "@/lib/tenancy/teams";
import { aadFor, open } from "@/lib/vault/vault";

/** OIDC Core §11: without prompt=consent a server may drop offline_access, and no refresh token comes back. */
export function wantsOfflineConsent(scopes: string[], offlineAccessConsent: boolean): boolean {
  return offlineAccessConsent && scopes.includes("openid") && scopes.includes("offline_access");
}

/** Who is opening the link: the dashboard session (if any) and the hosted connect page's browser cookie (if any). */
export type TBinder = { session: TSessionClaims | null; connectBrowser?: string | null };

async function loadGrant(grantId: string, bindToken: string, { session, connectBrowser }: TBinder) {
  const bindHash = hashToken("bind", bindToken);
  const grant = await findGrantForBinding(grantId, bindHash);
  if (!grant) throw new AppError("not_found", { message: "This connect link is not valid." });
  // A grant started from the dashboard stays with the browser session that started it.
  if (grant.sessionId && grant.sessionId !== session?.sessionId) {
    throw new AppError("forbidden", {
      message: "This connect link was started in another browser session. Start again from your dashboard.",
    });
  }
  // A grant started on a hosted connect page stays with the browser showing that page.
  if (
    grant.connectBrowserHash &&
    !(connectBrowser && safeEqual(hashToken("connect-browser", connectBrowser), grant.connectBrowserHash))
  ) {
    throw new AppError("forbidden", {
      message: "This connect link was started in another browser. Open the link you were given again.",
    });
  }
  const loaded = await loadOAuthProvider(grant.teamId, grant.providerSlug);
  if (!loaded) throw new AppError("conflict", { message: "This provider is no longer configured." });
  const { provider, app } = loaded;
  const custom = !getProvider(grant.providerSlug);
  const values = templateValues(provider, app, stringRecord(grant.params));
  const url = new URL(fillTemplate(provider.oauth2.authorizationUrl, values));
  // Stored while the dev switch was on, used after it was turned off: still not a place to send browsers.
  if (custom && !isAllowedCustomEndpoint(url.href)) {
    throw new AppError("conflict", {
      message: "This provider's sign-in page is not on https://, so Patchbay will not send you there.",
    });
  }
  return { grant, bindHash, provider, oauth: provider.oauth2, app, values, url, custom };
}

export type TLeavingNotice = {
  grantId: string;
  providerName: string;
  teamName: string;
  /** Host (and port, if any) of the provider's authorization endpoint. */
  host: string;
  origin: string;
};

/**
 * What the browser sees first. `null`: a catalog provider, bind and go straight on. Otherwise the notice for the
 * interstitial. Nothing is consumed here, so a link scanner opening the URL does not use up the grant either.
 */
export async function inspectGrant(
  grantId: string,
  bindToken: string,
  binder: TBinder,
): Promise<TLeavingNotice | null> {
  const { grant, provider, url, custom } = await loadGrant(grantId, bindToken, binder);
  if (!custom) return null;
  if (grant.boundAt || grant.status !== "pending" || grant.expiresAt <= new Date()) {
    throw new AppError("gone", {
      message: "This connect link was already opened, or it expired. Start again.",
    });
  }
  const team = await findTeam({ teamId: grant.teamId });
  return {
    grantId: grant.id,
    providerName: provider.name,
    teamName: team?.name ?? "another team",
    host: url.host,
    origin: url.origin,
  };
}

export async function bindGrant(grantId: string, bindToken: string, binder: TBinder) {
  const { grant, bindHash, oauth, app, values, url, custom } = await loadGrant(grantId, bindToken, binder);
  const browser = randomToken();
  const state = randomToken();
  if (!(await bindGrantRow(grant.id, bindHash, hashToken("browser", browser), hashToken("state", state)))) {
    throw new AppError("gone", {
      message: "This connect link was already opened, or it expired. Start again.",
    });
  }

  const q = url.searchParams;
  q.set("response_type", "code");
  q.set("client_id", app.clientId);
  q.set("redirect_uri", grant.redirectUri);
  if (grant.scopes.length) q.set("scope", grant.scopes.join(oauth.scopes.separator));
  q.set("state", state);
  if (oauth.pkce) {
    const verifier = open(grant.codeVerifierSealed, aadFor("OAuthGrant", grant.id, "codeVerifier"));
    q.set("code_challenge", await calculatePKCECodeChallenge(verifier));
    q.set("code_challenge_method", "S256");
  }
  if (wantsOfflineConsent(grant.scopes, oauth.offlineAccessConsent)) q.set("prompt", "consent");
  // The entry's own parameters come last, so an explicit `prompt` (e.g. "consent login") wins.
  for (const [k, v] of Object.entries(oauth.extraAuthorizationParams)) q.set(k, fillTemplate(v, values));
  if (oauth.hooks.authorizationParams === "tiktok_app_id") {
    q.set("app_id", app.clientId);
    q.delete("client_id");
    q.delete("scope");
    q.delete("response_type");
  }
  return {
    location: url.toString(),
    cookie: { name: browserCookieName(grant.id), value: browser },
    expiresAt: grant.expiresAt,
    custom,
  };
}
