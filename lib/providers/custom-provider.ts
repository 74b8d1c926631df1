// Custom OAuth2 / OIDC providers a team adds itself: by issuer URL (RFC 8414 / OIDC discovery, fetched through
// the outbound guard) or by explicit endpoints. They become ordinary TProvider values, so the one OAuth engine
// runs them like catalog providers (standard RFC 6749 behaviour, no quirk hooks).
import { z } from "zod";
import { AppError } from "@/lib/http/errors";
import { getOutboundPolicy, guardedFetch, OutboundError } from "@/lib/outbound/guarded-fetch";
import { getProvider } from "@/lib/providers/registry";
import type { TProvider } from "@/lib/providers/schemas";

const ZHttpsUrl = z.url({ protocol: /^https?$/ }).max(2000);

/** Real providers speak https; plain http only where private targets are allowed (local development, tests). */
function requireHttps(urls: (string | null | undefined)[]) {
  if (getOutboundPolicy().allowPrivate) return;
  const bad = urls.filter((u): u is string => Boolean(u) && !u!.startsWith("https://"));
  if (bad.length) {
    throw new AppError("validation_failed", {
      message: "Provider endpoints must use https://.",
      details: {
        issues: bad.map(() => ({ path: "body", message: "must be an https:// URL", code: "invalid_format" })),
      },
    });
  }
}

export const ZCustomProviderInput = z
  .object({
    slug: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{1,39}$/, "lowercase letters, digits and dashes")
      .refine((s) => !getProvider(s), "this slug belongs to a catalog provider"),
    name: z.string().trim().min(1).max(60),
    /** Either an issuer to discover, or the endpoints. */
    issuer: ZHttpsUrl.optional(),
    authorization_url: ZHttpsUrl.optional(),
    token_url: ZHttpsUrl.optional(),
    revocation_url: ZHttpsUrl.optional(),
    scopes: z.array(z.string().min(1).max(200)).max(50).default([]),
    scope_separator: z.enum([" ", ","]).default(" "),
    token_endpoint_auth: z.enum(["client_secret_basic", "client_secret_post"]).optional(),
    api_base_url: ZHttpsUrl,
    client_id: z.string().trim().min(1).max(500),
    client_secret: z.string().min(1).max(2000),
  })
  .strict()
  .refine((v) => v.issuer || (v.authorization_url && v.token_url), {
    message: "Give an issuer URL to discover, or both authorization_url and token_url",
    path: ["issuer"],
  });
export type TCustomProviderInput = z.infer<typeof ZCustomProviderInput>;

/** What is stored in OAuthApp.custom (no secrets). */
export const ZCustomDefinition = z.object({
  name: z.string(),
  issuer: z.string().nullable(),
  requireIss: z.boolean(),
  authorizationUrl: z.string(),
  tokenUrl: z.string(),
  revocationUrl: z.string().nullable(),
  scopes: z.array(z.string()),
  scopeSeparator: z.enum([" ", ","]),
  tokenEndpointAuth: z.enum(["client_secret_basic", "client_secret_post"]),
  pkce: z.boolean(),
  apiBaseUrl: z.string(),
});
export type TCustomDefinition = z.infer<typeof ZCustomDefinition>;

const ZMetadata = z.looseObject({
  issuer: z.string(),
  authorization_endpoint: ZHttpsUrl,
  token_endpoint: ZHttpsUrl,
  revocation_endpoint: ZHttpsUrl.optional(),
  code_challenge_methods_supported: z.array(z.string()).optional(),
  token_endpoint_auth_methods_supported: z.array(z.string()).optional(),
  authorization_response_iss_parameter_supported: z.boolean().optional(),
  scopes_supported: z.array(z.string()).optional(),
});

async function discover(issuer: string) {
  const base = issuer.replace(/\/$/, "");
  const u = new URL(base);
  // OIDC puts the well-known suffix after the path; RFC 8414 inserts it before the path.
  const candidates = [
    `${base}/.well-known/openid-configuration`,
    `${u.origin}/.well-known/oauth-authorization-server${u.pathname === "/" ? "" : u.pathname}`,
  ];
  for (const url of candidates) {
    try {
      const res = await guardedFetch(url, {
        headers: { accept: "application/json" },
        timeoutMs: 8000,
        maxResponseBytes: 512 * 1024,
      });
      if (res.status !== 200) continue;
      const meta = ZMetadata.safeParse(res.json());
      if (!meta.success) continue;
      // RFC 8414 §3.3: the document must name the issuer we asked for (no mix-up through a hostile metadata host).
      if (meta.data.issuer.replace(/\/$/, "") !== base) {
        throw new AppError("validation_failed", {
          message: "The discovery document names a different issuer.",
          details: { issues: [{ path: "body.issuer", message: "issuer mismatch", code: "invalid_value" }] },
        });
      }
      return meta.data;
    } catch (err) {
      if (err instanceof AppError) throw err;
      if (err instanceof OutboundError && err.code.startsWith("blocked")) {
        throw new AppError("validation_failed", {
          message: "That issuer's address is not allowed (private or reserved network).",
          details: { issues: [{ path: "body.issuer", message: "blocked address", code: "invalid_value" }] },
        });
      }
    }
  }
  throw new AppError("bad_gateway", {
    message: "No OAuth 2.0 / OpenID Connect discovery document was found at that issuer.",
  });
}

export async function buildCustomDefinition(input: TCustomProviderInput): Promise<TCustomDefinition> {
  requireHttps([
    input.issuer,
    input.authorization_url,
    input.token_url,
    input.revocation_url,
    input.api_base_url,
  ]);
  if (input.issuer) {
    const m = await discover(input.issuer);
    requireHttps([m.authorization_endpoint, m.token_endpoint, m.revocation_endpoint]);
    const auth = m.token_endpoint_auth_methods_supported ?? ["client_secret_basic"];
    return {
      name: input.name,
      // Stored exactly as published: RFC 9207 / OIDC compare `iss` by simple string comparison.
      issuer: m.issuer,
      requireIss: m.authorization_response_iss_parameter_supported === true,
      authorizationUrl: m.authorization_endpoint,
      tokenUrl: m.token_endpoint,
      revocationUrl: m.revocation_endpoint ?? null,
      scopes: input.scopes.length ? input.scopes : m.scopes_supported?.includes("openid") ? ["openid"] : [],
      scopeSeparator: input.scope_separator,
      tokenEndpointAuth:
        input.token_endpoint_auth ??
        (auth.includes("client_secret_basic") ? "client_secret_basic" : "client_secret_post"),
      pkce: m.code_challenge_methods_supported?.includes("S256") ?? true,
      apiBaseUrl: input.api_base_url.replace(/\/$/, ""),
    };
  }
  return {
    name: input.name,
    issuer: null,
    requireIss: false,
    authorizationUrl: input.authorization_url!,
    tokenUrl: input.token_url!,
    revocationUrl: input.revocation_url ?? null,
    scopes: input.scopes,
    scopeSeparator: input.scope_separator,
    tokenEndpointAuth: input.token_endpoint_auth ?? "client_secret_basic",
    pkce: true, // S256 by default: providers that ignore it are unaffected
    apiBaseUrl: input.api_base_url.replace(/\/$/, ""),
  };
}

/** A stored definition as a provider the engine understands. */
export function toProvider(slug: string, d: TCustomDefinition): TProvider {
  return {
    slug,
    name: d.name,
    description: `${d.name}, added by your team.`,
    category: "development",
    logo: "/logos/custom.svg",
    aliases: ["custom"],
    authModes: ["oauth2"],
    tools: [{ name: "api", description: "Authenticated calls to its API." }],
    connectionParams: [],
    appSettings: [],
    oauth2: {
      authorizationUrl: d.authorizationUrl,
      tokenUrl: d.tokenUrl,
      revocationUrl: d.revocationUrl ?? undefined,
      revocationMethod: "POST",
      revocationStyle: "rfc7009",
      issuer: d.issuer ?? undefined,
      requireIss: d.requireIss,
      scopes: { default: d.scopes, separator: d.scopeSeparator },
      extraAuthorizationParams: {},
      tokenEndpointAuth: d.tokenEndpointAuth,
      tokenRequestBody: "form",
      tokenRequestHeaders: {},
      pkce: d.pkce,
      refresh: "refresh_token",
      hooks: {},
    },
    api: { baseUrl: d.apiBaseUrl, auth: { type: "bearer" }, authOverrides: {}, defaultHeaders: {} },
  };
}
