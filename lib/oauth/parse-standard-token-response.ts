// RFC 6749 §5.1 / §5.2: a successful response is JSON with access_token and token_type; an error response is
// JSON with `error` (and maybe error_description). Anything else is the provider misbehaving.
import { z } from "zod";
import { TokenEndpointError, type TTokenSet } from "@/lib/oauth/types";

const ZTokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/)]).optional(),
  refresh_token: z.string().min(1).optional(),
  refresh_token_expires_in: z.union([z.number(), z.string().regex(/^\d+$/)]).optional(),
  scope: z.string().optional(),
  id_token: z.string().optional(),
});

const ZErrorResponse = z.looseObject({ error: z.string().min(1), error_description: z.string().optional() });

const seconds = (v: number | string | undefined) => (v === undefined ? null : Number(v));
export const inSeconds = (s: number | null) => (s && s > 0 ? new Date(Date.now() + s * 1000) : null);

/** Keeps provider-supplied text short and printable: it ends up in grant errors and on the callback page. */
export const tidy = (s: unknown, max = 300) =>
  typeof s === "string" ? s.replace(/[^\x20-\x7E]/g, " ").slice(0, max) : "";

export function errorFromResponse(status: number, body: unknown, providerName: string): TokenEndpointError {
  const err = ZErrorResponse.safeParse(body);
  if (err.success) {
    const code = /^[a-z0-9_.-]{1,64}$/i.test(err.data.error) ? err.data.error : "invalid_response";
    return new TokenEndpointError(
      code,
      tidy(err.data.error_description) || `${providerName} refused the request (${code}).`,
      status >= 500 || status === 429,
      status,
    );
  }
  if (status === 429)
    return new TokenEndpointError(
      "rate_limited",
      `${providerName} is rate limiting token requests.`,
      true,
      status,
    );
  if (status >= 500)
    return new TokenEndpointError(
      "server_error",
      `${providerName}'s token endpoint failed with HTTP ${status}.`,
      true,
      status,
    );
  return new TokenEndpointError(
    "invalid_response",
    `${providerName}'s token endpoint answered HTTP ${status} without a usable token.`,
    false,
    status,
  );
}

export function parseStandardTokenResponse(
  status: number,
  body: unknown,
  providerName: string,
  scopeSeparator = " ",
): TTokenSet {
  const ok = status >= 200 && status < 300 ? ZTokenResponse.safeParse(body) : null;
  if (!ok?.success) throw errorFromResponse(status, body, providerName);
  const t = ok.data;
  // Only bearer tokens are used (RFC 6750): a DPoP- or MAC-bound token would need a proof we never make, so
  // sending it as a bearer token fails at best. The type is case-insensitive (RFC 6749 §5.1; Salesforce and
  // Google send "Bearer", Notion and Meta "bearer"); a missing token_type is tolerated as bearer because several
  // providers omit it. Providers with other words for it (Slack's "bot"/"user") have their own parse hook.
  if (t.token_type !== undefined && t.token_type.toLowerCase() !== "bearer") {
    throw new TokenEndpointError(
      "invalid_response",
      `${providerName} issued an unsupported token type.`,
      false,
      status,
    );
  }
  return {
    accessToken: t.access_token,
    refreshToken: t.refresh_token,
    tokenType: t.token_type,
    idToken: t.id_token,
    expiresAt: inSeconds(seconds(t.expires_in)),
    refreshTokenExpiresAt: inSeconds(seconds(t.refresh_token_expires_in)),
    scopes: t.scope ? t.scope.split(scopeSeparator === "," ? /[,\s]+/ : /[\s,]+/).filter(Boolean) : null,
    extraSecrets: {},
    metadata: {},
    derived: {},
    identity: t.id_token ? identityFromIdToken(t.id_token) : {},
  };
}

/**
 * Who the token acts as, from an ID token received directly from the token endpoint over TLS (OIDC Core
 * §3.1.3.7 allows relying on TLS here instead of the signature). Only used as display metadata.
 */
function identityFromIdToken(idToken: string): TTokenSet["identity"] {
  try {
    const claims = JSON.parse(
      Buffer.from(idToken.split(".")[1] ?? "", "base64url").toString("utf8"),
    ) as Record<string, unknown>;
    const s = (v: unknown) => (typeof v === "string" ? v.slice(0, 200) : undefined);
    return { id: s(claims.sub), email: s(claims.email), name: s(claims.name) };
  } catch {
    return {};
  }
}
