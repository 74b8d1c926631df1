// Revocation at the provider on disconnect: RFC 7009 (form `token=` with client auth), the provider's own call
// (the token sent the way API calls send it), or a named hook. Never throws: the caller records the outcome and
// deletes the secrets either way.
import { attachCredential } from "@/lib/providers/attach-credential";
import { basicClientAuth } from "@/lib/oauth/client-auth";
import { OutboundError } from "@/lib/outbound/guarded-fetch";
import { filledDefaultHeaders, templateValues } from "@/lib/oauth/template-values";
import { hookContext } from "@/lib/oauth/token-request";
import { apiAuthFor } from "@/lib/providers/registry";
import { fillTemplate } from "@/lib/providers/templates";
import { type TProvider } from "@/lib/providers/schemas";
import type { TOAuthApp } from "@/lib/providers/app-types";

export type TRevocation = { attempted: boolean; ok: boolean; error?: string };

const basic = basicClientAuth;

/** What revocation needs of a stored credential (the connection's own type is wider). */
export type TRevocableCredential = { type: string; access_token?: string; refresh_token?: string };

export async function revokeAtProvider(
  provider: TProvider,
  app: TOAuthApp | null,
  params: Record<string, string>,
  creds: TRevocableCredential,
): Promise<TRevocation> {
  const oauth = provider.oauth2;
  if (creds.type !== "oauth2" || !creds.access_token || !oauth?.revocationUrl)
    return { attempted: false, ok: true };
  if (!app) return { attempted: false, ok: false, error: "provider no longer configured" };
  const ctx = hookContext(provider, app, templateValues(provider, app, params));
  const url = fillTemplate(oauth.revocationUrl, ctx.values);
  try {
    let res;
    if (oauth.hooks.revoke === "github_delete_token") {
      res = await ctx.http(url, {
        method: "DELETE",
        headers: {
          authorization: basic(app.clientId, app.clientSecret),
          accept: "application/vnd.github+json",
          "content-type": "application/json",
        },
        body: JSON.stringify({ access_token: creds.access_token }),
      });
    } else if (oauth.hooks.revoke === "tiktok_revoke_token") {
      res = await ctx.http(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          app_id: app.clientId,
          secret: app.clientSecret,
          access_token: creds.access_token,
        }),
      });
    } else if (oauth.revocationStyle === "api_credential") {
      const headers = new Headers(filledDefaultHeaders(provider, app, params));
      const target = new URL(url);
      attachCredential(apiAuthFor(provider, "oauth2"), creds.access_token, headers, target);
      res = await ctx.http(target.toString(), { method: oauth.revocationMethod, headers });
    } else {
      // RFC 7009: revoking the refresh token also ends the access tokens issued from it.
      const token = creds.refresh_token ?? creds.access_token;
      const body = new URLSearchParams({
        token,
        token_type_hint: creds.refresh_token ? "refresh_token" : "access_token",
      });
      const headers: Record<string, string> = {
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
      };
      if (oauth.tokenEndpointAuth === "client_secret_basic")
        headers.authorization = basic(app.clientId, app.clientSecret);
      else {
        body.set("client_id", app.clientId);
        body.set("client_secret", app.clientSecret);
      }
      res = await ctx.http(url, { method: "POST", headers, body: body.toString() });
    }
    if (res.status >= 200 && res.status < 300) return { attempted: true, ok: true };
    return { attempted: true, ok: false, error: `${provider.name} answered HTTP ${res.status}` };
  } catch (err) {
    const why = err instanceof OutboundError ? err.code : "unexpected error";
    return { attempted: true, ok: false, error: `${provider.name} could not be reached (${why})` };
  }
}
