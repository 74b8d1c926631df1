// One token endpoint call (authorization_code, refresh_token, or a provider's variant), through the outbound
// guard, parsed by the provider's hook or by the RFC 6749 rules.
import { withSpan } from "@/lib/telemetry/tracing";
import { basicClientAuth } from "@/lib/oauth/client-auth";
import { tokenTimeoutMs } from "@/lib/env";
import { fillTemplate } from "@/lib/providers/templates";
import { type TProvider } from "@/lib/providers/schemas";
import { guardedFetch, OutboundError } from "@/lib/outbound/guarded-fetch";
import { AFTER_TOKEN } from "@/lib/oauth/hooks/after-token";
import { PARSE_TOKEN_RESPONSE } from "@/lib/oauth/hooks/parse-token-response";
import { outboundPolicyFor } from "@/lib/oauth/outbound-for-provider";
import { parseStandardTokenResponse } from "@/lib/oauth/parse-standard-token-response";
import { TokenEndpointError, type THookContext, type TTokenSet } from "@/lib/oauth/types";
import { type TOAuthApp } from "@/lib/providers/app-types";

/** Read per call (tests shorten it around one flow); the variable is declared and validated in lib/env.ts. */
export { tokenTimeoutMs };

export function hookContext(
  provider: TProvider,
  app: TOAuthApp,
  values: Record<string, string>,
): THookContext {
  const policy = outboundPolicyFor(app);
  return {
    provider,
    app,
    values,
    http: (url, opts) => guardedFetch(url, { timeoutMs: tokenTimeoutMs(), ...opts, policy }),
  };
}

const basic = basicClientAuth;

function buildRequest(ctx: THookContext, fields: Record<string, string>) {
  const oauth = ctx.provider.oauth2!;
  const headers: Record<string, string> = { accept: "application/json", ...oauth.tokenRequestHeaders };
  if (oauth.hooks.tokenRequest === "tiktok_business") {
    headers["content-type"] = "application/json";
    return {
      headers,
      body: JSON.stringify({
        app_id: ctx.app.clientId,
        secret: ctx.app.clientSecret,
        auth_code: fields.code ?? "",
      }),
    };
  }
  const all: Record<string, string> = { ...fields };
  if (oauth.tokenEndpointAuth === "client_secret_basic")
    headers.authorization = basic(ctx.app.clientId, ctx.app.clientSecret);
  else Object.assign(all, { client_id: ctx.app.clientId, client_secret: ctx.app.clientSecret });
  if (oauth.tokenRequestBody === "json") {
    headers["content-type"] = "application/json";
    return { headers, body: JSON.stringify(all) };
  }
  headers["content-type"] = "application/x-www-form-urlencoded";
  return { headers, body: new URLSearchParams(all).toString() };
}

/**
 * The token request never left (refused before connecting, DNS, TLS handshake, blocked address): the provider saw
 * nothing, so sending the same request again — even a rotating refresh token — is safe. Every other
 * TokenEndpointError may have reached the provider; a retryable one (timeout after sending, 5xx, 429, reset) has an
 * unknown outcome.
 */
export class TokenRequestNotSent extends TokenEndpointError {
  constructor(code: string, description: string, retryable: boolean) {
    super(code, description, retryable);
    this.name = "TokenRequestNotSent";
  }
}

/** An outbound failure as a TokenEndpointError, keeping whether the request may have reached the provider. */
export function tokenErrorFromOutbound(err: OutboundError, providerName: string): TokenEndpointError {
  const blocked = err.code.startsWith("blocked");
  const what =
    err.code === "timeout"
      ? "did not answer in time"
      : blocked
        ? "is not an allowed address"
        : err.requestSent
          ? "dropped the request without a usable answer"
          : "could not be reached";
  const code = err.code === "timeout" ? "timeout" : "temporarily_unavailable";
  const description = `${providerName}'s token endpoint ${what}.`;
  return err.requestSent
    ? new TokenEndpointError(code, description, true)
    : new TokenRequestNotSent(code, description, !blocked);
}

/** Sends the request and returns the parsed tokens, or throws TokenEndpointError (never with a secret in it). */
export async function requestTokens(
  ctx: THookContext,
  fields: Record<string, string>,
  opts: { afterToken: boolean },
): Promise<TTokenSet> {
  const oauth = ctx.provider.oauth2!;
  const { headers, body } = buildRequest(ctx, fields);
  let res;
  try {
    const attrs = { "http.request.method": "POST", "patchbay.provider": ctx.provider.slug };
    res = await withSpan("patchbay.oauth.token_request", attrs, async (span) => {
      const r = await ctx.http(fillTemplate(oauth.tokenUrl, ctx.values), { method: "POST", headers, body });
      span?.setAttribute("http.response.status_code", r.status);
      return r;
    });
  } catch (err) {
    if (err instanceof OutboundError) throw tokenErrorFromOutbound(err, ctx.provider.name);
    throw err;
  }
  let parsedBody: unknown;
  try {
    parsedBody = res.json();
  } catch {
    parsedBody = null;
  }
  const hook = oauth.hooks.parseTokenResponse;
  let tokens = hook
    ? PARSE_TOKEN_RESPONSE[hook](res.status, parsedBody, ctx)
    : parseStandardTokenResponse(res.status, parsedBody, ctx.provider.name, oauth.scopes.separator);
  if (opts.afterToken && oauth.hooks.afterToken) {
    try {
      tokens = await AFTER_TOKEN[oauth.hooks.afterToken](tokens, ctx);
    } catch (err) {
      if (err instanceof OutboundError)
        throw new TokenEndpointError(
          "temporarily_unavailable",
          `${ctx.provider.name} could not be reached after the token exchange.`,
          true,
        );
      throw err;
    }
  }
  return tokens;
}
