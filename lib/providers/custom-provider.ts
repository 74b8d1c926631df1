// Custom OAuth2 / OIDC providers a team adds itself: by issuer URL (RFC 8414 / OIDC discovery, fetched through
// the outbound guard) or by explicit endpoints. They become ordinary TProvider values, so the one OAuth engine
// runs them like catalog providers (standard RFC 6749 behaviour, no quirk hooks).
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { getOutboundPolicy, guardedFetch, OutboundError } from "@/lib/outbound/guarded-fetch";
import { countConnectionsForProvider } from "@/lib/providers/app-repo";
import { getProvider } from "@/lib/providers/registry";
import { RESERVED_AUTHORIZATION_PARAMS, type TProvider } from "@/lib/providers/schemas";

export const ZHttpsUrl = z.url({ protocol: /^https?$/ }).max(2000);

/** What an operator does to reach a provider on this machine or network while developing (finding D). */
export const LOCAL_PROVIDER_HINT =
  "To use a provider on this machine or your local network in development, start Patchbay with " +
  "PATCHBAY_OUTBOUND_ALLOW_PRIVATE=true (never in production).";

/**
 * Real providers speak https; plain http only where private targets are allowed (local development, tests).
 * Each entry names the input field it came from, so the form can show the error under it.
 */
export function requireHttps(urls: [field: string, url: string | null | undefined][]) {
  if (getOutboundPolicy().allowPrivate) return;
  const bad = urls.filter(([, u]) => Boolean(u) && !u!.startsWith("https://"));
  if (bad.length) {
    throw new AppError("validation_failed", {
      message: `Provider endpoints must use https://. ${LOCAL_PROVIDER_HINT}`,
      details: {
        issues: bad.map(([field]) => ({
          path: `body.${field}`,
          message: "must be an https:// URL",
          code: "invalid_format",
        })),
      },
    });
  }
}

/** A stored custom provider's URL the browser is about to be sent to: the same rule, checked again at use. */
export function isAllowedCustomEndpoint(url: string): boolean {
  return url.startsWith("https://") || getOutboundPolicy().allowPrivate;
}

const RESERVED = new Set<string>(RESERVED_AUTHORIZATION_PARAMS);

/** Extra query parameters for the authorization request (audience, prompt, access_type …). */
// Issues carry no key in their path, so the form shows them under the one field.
export const ZExtraAuthorizationParams = z.record(z.string(), z.string()).superRefine((params, ctx) => {
  const keys = Object.keys(params);
  if (keys.length > 20) ctx.addIssue({ code: "custom", message: "at most 20 parameters" });
  for (const key of keys) {
    const shown = JSON.stringify(key.slice(0, 40));
    if (!/^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(key))
      ctx.addIssue({ code: "custom", message: `${shown}: names are letters, digits, _ . - (at most 64)` });
    else if (RESERVED.has(key))
      ctx.addIssue({ code: "custom", message: `${shown} is set by Patchbay itself` });
    if ((params[key] ?? "").length > 500)
      ctx.addIssue({ code: "custom", message: `${shown}: value too long` });
  }
});

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
    /** OIDC userinfo: "Test connection" reads it (discovered from the issuer when not given). */
    userinfo_url: ZHttpsUrl.optional(),
    scopes: z.array(z.string().min(1).max(200)).max(50).default([]),
    scope_separator: z.enum([" ", ","]).default(" "),
    token_endpoint_auth: z.enum(["client_secret_basic", "client_secret_post"]).optional(),
    extra_authorization_params: ZExtraAuthorizationParams.default({}),
    /** OIDC: send prompt=consent with offline_access (default true; OIDC Core §11). */
    offline_access_consent: z.boolean().optional(),
    /** The provider always issues a refresh token: warn at connect time when one is missing. */
    issues_refresh_token: z.boolean().optional(),
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
  // Added with issue 7; defaults keep older stored definitions readable.
  extraAuthorizationParams: z.record(z.string(), z.string()).default({}),
  offlineAccessConsent: z.boolean().default(true),
  issuesRefreshToken: z.boolean().nullable().default(null),
  // Added with issue 13: the OIDC userinfo endpoint, the test request of a custom provider.
  userInfoUrl: z.string().nullable().default(null),
});
export type TCustomDefinition = z.infer<typeof ZCustomDefinition>;

const ZMetadata = z.looseObject({
  issuer: z.string(),
  authorization_endpoint: ZHttpsUrl,
  token_endpoint: ZHttpsUrl,
  revocation_endpoint: ZHttpsUrl.optional(),
  userinfo_endpoint: ZHttpsUrl.optional(),
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
          message: `That issuer's address is not allowed (private or reserved network).${
            getOutboundPolicy().allowPrivate ? "" : ` ${LOCAL_PROVIDER_HINT}`
          }`,
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
    ["issuer", input.issuer],
    ["authorization_url", input.authorization_url],
    ["token_url", input.token_url],
    ["revocation_url", input.revocation_url],
    ["userinfo_url", input.userinfo_url],
    ["api_base_url", input.api_base_url],
  ]);
  const common = {
    extraAuthorizationParams: input.extra_authorization_params,
    offlineAccessConsent: input.offline_access_consent ?? true,
    issuesRefreshToken: input.issues_refresh_token ?? null,
  };
  if (input.issuer) {
    const m = await discover(input.issuer);
    requireHttps([
      ["issuer", m.authorization_endpoint],
      ["issuer", m.token_endpoint],
      ["issuer", m.revocation_endpoint],
      ["issuer", m.userinfo_endpoint],
    ]);
    const auth = m.token_endpoint_auth_methods_supported ?? ["client_secret_basic"];
    return {
      name: input.name,
      // Stored exactly as published: RFC 9207 / OIDC compare `iss` by simple string comparison.
      issuer: m.issuer,
      requireIss: m.authorization_response_iss_parameter_supported === true,
      authorizationUrl: m.authorization_endpoint,
      tokenUrl: m.token_endpoint,
      revocationUrl: input.revocation_url ?? m.revocation_endpoint ?? null,
      userInfoUrl: input.userinfo_url ?? m.userinfo_endpoint ?? null,
      scopes: input.scopes.length ? input.scopes : m.scopes_supported?.includes("openid") ? ["openid"] : [],
      scopeSeparator: input.scope_separator,
      tokenEndpointAuth:
        input.token_endpoint_auth ??
        (auth.includes("client_secret_basic") ? "client_secret_basic" : "client_secret_post"),
      pkce: m.code_challenge_methods_supported?.includes("S256") ?? true,
      apiBaseUrl: input.api_base_url.replace(/\/$/, ""),
      ...common,
    };
  }
  return {
    name: input.name,
    issuer: null,
    requireIss: false,
    authorizationUrl: input.authorization_url!,
    tokenUrl: input.token_url!,
    revocationUrl: input.revocation_url ?? null,
    userInfoUrl: input.userinfo_url ?? null,
    scopes: input.scopes,
    scopeSeparator: input.scope_separator,
    tokenEndpointAuth: input.token_endpoint_auth ?? "client_secret_basic",
    pkce: true, // S256 by default: providers that ignore it are unaffected
    apiBaseUrl: input.api_base_url.replace(/\/$/, ""),
    ...common,
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
    connectionParams: [],
    appSettings: [],
    oauth2: {
      authorizationUrl: d.authorizationUrl,
      tokenUrl: d.tokenUrl,
      revocationUrl: d.revocationUrl ?? undefined,
      revocationMethod: "POST",
      revocationStyle: "rfc7009",
      userInfoUrl: d.userInfoUrl ?? undefined,
      // OIDC userinfo is the one generic read a custom provider offers: "Test connection" uses it.
      ...(d.userInfoUrl
        ? { testRequest: { method: "GET" as const, url: d.userInfoUrl, headers: {}, expectStatus: [200] } }
        : {}),
      issuer: d.issuer ?? undefined,
      requireIss: d.requireIss,
      scopes: { default: d.scopes, separator: d.scopeSeparator },
      extraAuthorizationParams: d.extraAuthorizationParams,
      offlineAccessConsent: d.offlineAccessConsent,
      ...(d.issuesRefreshToken === null ? {} : { issuesRefreshToken: d.issuesRefreshToken }),
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

/**
 * A custom provider definition that still has connections cannot be deleted: they are pinned to it (their tokens
 * would otherwise wait for whatever is added under the same slug next). Disconnect them first.
 */
export async function refuseDeletingUsedCustomProvider(teamId: string, slug: string) {
  if (getProvider(slug)) return; // a catalog provider's team app: its endpoints are the catalog's
  const connections = await countConnectionsForProvider(teamId, slug);
  if (connections > 0)
    throw new AppError("conflict", {
      message: `The provider "${slug}" still has ${connections} connection${connections === 1 ? "" : "s"}. Disconnect ${connections === 1 ? "it" : "them"} first, then delete the provider.`,
      details: { connections },
    });
}
