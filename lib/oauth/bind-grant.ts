// GET /oauth/authorize/<grant>?t=<bind token>: the first browser to open a grant's authorization_url is bound to
// it (a cookie whose hash the grant keeps), the state is made, and the browser goes on to the provider.
import { stringRecord } from "@/lib/json-record";
import { calculatePKCECodeChallenge } from "oauth4webapi";
import type { TSessionClaims } from "@/lib/auth/read-session";
import { AppError } from "@/lib/http/errors";
import { bindGrantRow, findGrantForBinding } from "@/lib/oauth/repo";
import { resolveOAuthApp } from "@/lib/oauth/resolve-app";
import { browserCookieName, hashToken, randomToken } from "@/lib/oauth/secrets";
import { templateValues } from "@/lib/oauth/template-values";
import { getProviderForTeam } from "@/lib/providers/get-provider-for-team";
import { fillTemplate } from "@/lib/providers/schemas";
import { aadFor, open } from "@/lib/vault/vault";

export async function bindGrant(grantId: string, bindToken: string, session: TSessionClaims | null) {
  const bindHash = hashToken("bind", bindToken);
  const grant = await findGrantForBinding(grantId, bindHash);
  if (!grant) throw new AppError("not_found", { message: "This connect link is not valid." });
  // A grant started from the dashboard stays with the browser session that started it.
  if (grant.sessionId && grant.sessionId !== session?.sessionId) {
    throw new AppError("forbidden", {
      message: "This connect link was started in another browser session. Start again from your dashboard.",
    });
  }
  const provider = await getProviderForTeam(grant.teamId, grant.providerSlug);
  const app = await resolveOAuthApp(grant.teamId, grant.providerSlug);
  if (!provider?.oauth2 || !app)
    throw new AppError("conflict", { message: "This provider is no longer configured." });

  const browser = randomToken();
  const state = randomToken();
  if (!(await bindGrantRow(grant.id, bindHash, hashToken("browser", browser), hashToken("state", state)))) {
    throw new AppError("gone", {
      message: "This connect link was already opened, or it expired. Start again.",
    });
  }

  const oauth = provider.oauth2;
  const values = templateValues(provider, app, stringRecord(grant.params));
  const url = new URL(fillTemplate(oauth.authorizationUrl, values));
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
  };
}
