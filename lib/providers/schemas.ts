import { z } from "zod";
import { HOOKS } from "@/lib/providers/hooks";
import {
  BUILTIN_PARAMS,
  fillTemplate,
  PLACEHOLDER_NAME,
  placeholdersIn,
  TOKEN_DERIVED_PARAMS,
  type TTokenDerivedParam,
} from "@/lib/providers/templates";
import { matchesPattern, ZAnchoredPattern, ZUrlTemplate } from "@/lib/providers/validation";

/*
 * The provider registry is data: every entry is validated by ZProvider at module load (see registry.ts), so
 * a typo in a URL template, a missing auth block or an undeclared `{placeholder}` fails the build and the unit
 * tests instead of failing a user's connect flow. Provider-specific behaviour is never coded here; an entry
 * only *names* a hook (ZOAuth2Hooks) and the OAuth engine implements it.
 */

// ---------------------------------------------------------------------------------------------------------
// Enumerations
// ---------------------------------------------------------------------------------------------------------

export const PROVIDER_CATEGORIES = [
  "commerce",
  "payments",
  "advertising",
  "marketing",
  "analytics",
  "support",
  "communication",
  "development",
  "design",
  "productivity",
  "crm",
  "project_management",
  "scheduling",
  "cms",
  "social",
  "sandbox",
] as const;
export const ZProviderCategory = z.enum(PROVIDER_CATEGORIES);
export type TProviderCategory = z.infer<typeof ZProviderCategory>;

export const CATEGORY_LABELS: Readonly<Record<TProviderCategory, string>> = {
  commerce: "Commerce",
  payments: "Payments",
  advertising: "Advertising",
  marketing: "Marketing",
  analytics: "Analytics",
  support: "Customer support",
  communication: "Communication",
  development: "Development",
  design: "Design",
  productivity: "Productivity",
  crm: "CRM",
  project_management: "Project management",
  scheduling: "Scheduling",
  cms: "CMS",
  social: "Social",
  sandbox: "Sandbox",
};

export const AUTH_MODES = ["oauth2", "api_key", "service_account", "basic"] as const;
export const ZAuthMode = z.enum(AUTH_MODES);
export type TAuthMode = z.infer<typeof ZAuthMode>;

const ZParamName = z.string().regex(PLACEHOLDER_NAME, "must be snake_case");
const ZHeaderName = z.string().regex(/^[A-Za-z0-9-]+$/, "must be an HTTP header name");
const ZHeaders = z.record(ZHeaderName, z.string());
const ZSentence = z
  .string()
  .min(10)
  .max(200)
  .regex(/^[A-Z0-9].*\.$/s, "must be one sentence starting with a capital letter and ending with a period");

// ---------------------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------------------

/** A value the user types when connecting (Shopify shop, Zendesk subdomain …). Patterns keep it out of the URL's authority/path tricks. */
export const ZConnectionParam = z
  .strictObject({
    name: ZParamName,
    label: z.string().min(1),
    description: z.string().min(1).optional(),
    pattern: ZAnchoredPattern,
    example: z.string().min(1),
    placeholder: z.string().min(1).optional(),
    /** Present ⇒ the user may leave the field empty and this value is used. */
    default: z.string().min(1).optional(),
  })
  .superRefine((param, ctx) => {
    if (!matchesPattern(param.pattern, param.example)) {
      ctx.addIssue({ code: "custom", path: ["example"], message: "example does not match pattern" });
    }
    if (param.default !== undefined && !matchesPattern(param.pattern, param.default)) {
      ctx.addIssue({ code: "custom", path: ["default"], message: "default does not match pattern" });
    }
  });
export type TConnectionParam = z.infer<typeof ZConnectionParam>;

/** Operator-level configuration of the provider's app, beside client id/secret (Google Ads developer token, Entra tenant, sandbox issuer). */
export const ZAppSetting = z
  .strictObject({
    name: ZParamName,
    label: z.string().min(1),
    description: z.string().min(1).optional(),
    secret: z.boolean().default(false),
    pattern: ZAnchoredPattern.optional(),
    example: z.string().min(1),
    default: z.string().min(1).optional(),
  })
  .superRefine((setting, ctx) => {
    if (setting.pattern === undefined) return;
    if (!matchesPattern(setting.pattern, setting.example)) {
      ctx.addIssue({ code: "custom", path: ["example"], message: "example does not match pattern" });
    }
    if (setting.default !== undefined && !matchesPattern(setting.pattern, setting.default)) {
      ctx.addIssue({ code: "custom", path: ["default"], message: "default does not match pattern" });
    }
  });
export type TAppSetting = z.infer<typeof ZAppSetting>;

/**
 * A lightweight request used to verify a credential or test a connection. It is sent with the provider's
 * api auth (for the connection's mode) and api.defaultHeaders, plus `headers`.
 */
export const ZHttpRequest = z
  .strictObject({
    method: z.enum(["GET", "POST"]),
    url: ZUrlTemplate,
    headers: ZHeaders.default({}),
    /** Sent as application/json (GraphQL APIs: Railway, Linear). */
    jsonBody: z.record(z.string(), z.json()).optional(),
    expectStatus: z.array(z.int().min(100).max(599)).min(1).default([200]),
    /** For APIs that answer 200 on failure (Slack `ok`, TikTok `code`, GraphQL `data`): a dot path that must be present and truthy, or equal `equals`. */
    expectJson: z
      .strictObject({
        path: z.string().regex(/^[A-Za-z0-9_@$-]+(?:\.[A-Za-z0-9_@$-]+)*$/, "must be a dot path"),
        equals: z.union([z.string(), z.number(), z.boolean()]).optional(),
      })
      .optional(),
  })
  .superRefine((req, ctx) => {
    if (req.method === "GET" && req.jsonBody !== undefined) {
      ctx.addIssue({ code: "custom", path: ["jsonBody"], message: "a GET request cannot carry a body" });
    }
  });
export type THttpRequest = z.infer<typeof ZHttpRequest>;

export const ZOAuth2Hooks = z.strictObject({
  verifyCallback: z.enum(HOOKS.verifyCallback).optional(),
  authorizationParams: z.enum(HOOKS.authorizationParams).optional(),
  tokenRequest: z.enum(HOOKS.tokenRequest).optional(),
  parseTokenResponse: z.enum(HOOKS.parseTokenResponse).optional(),
  afterToken: z.enum(HOOKS.afterToken).optional(),
  refresh: z.enum(HOOKS.refresh).optional(),
  revoke: z.enum(HOOKS.revoke).optional(),
});
export type TOAuth2Hooks = z.infer<typeof ZOAuth2Hooks>;

export const ZScopes = z
  .strictObject({
    /** Requested on connect. May be empty where scopes are fixed in the provider's app settings (Notion, TikTok, Pipedrive). */
    default: z.array(z.string().min(1)),
    separator: z.enum([" ", ","]),
    /** Scopes a team may opt into; when present, `default` must be a subset. */
    available: z.array(z.string().min(1)).optional(),
  })
  .superRefine((scopes, ctx) => {
    if (new Set(scopes.default).size !== scopes.default.length) {
      ctx.addIssue({ code: "custom", path: ["default"], message: "duplicate scope" });
    }
    if (scopes.available === undefined) return;
    const available = new Set(scopes.available);
    scopes.default.forEach((scope, i) => {
      if (!available.has(scope)) {
        ctx.addIssue({
          code: "custom",
          path: ["default", i],
          message: `"${scope}" is not listed in available`,
        });
      }
    });
  });

/** Parameters the engine sets itself; a provider entry must not override them. */
export const RESERVED_AUTHORIZATION_PARAMS = [
  "client_id",
  "redirect_uri",
  "response_type",
  "scope",
  "state",
  "code_challenge",
  "code_challenge_method",
  "nonce",
] as const;

export const ZOAuth2 = z
  .strictObject({
    authorizationUrl: ZUrlTemplate,
    tokenUrl: ZUrlTemplate,
    revocationUrl: ZUrlTemplate.optional(),
    revocationMethod: z.enum(["POST", "DELETE"]).default("POST"),
    /** rfc7009: form `token=…` with client auth; api_credential: the request carries the access token the way API calls do. Ignored when hooks.revoke is set. */
    revocationStyle: z.enum(["rfc7009", "api_credential"]).default("rfc7009"),
    userInfoUrl: ZUrlTemplate.optional(),
    /** RFC 9207: if the callback carries `iss`, it must equal this value. */
    issuer: ZUrlTemplate.optional(),
    /** RFC 9207: the provider always sends `iss` (it advertises authorization_response_iss_parameter_supported), so a callback without it is refused. */
    requireIss: z.boolean().default(false),
    scopes: ZScopes,
    extraAuthorizationParams: z.record(z.string().min(1), z.string()).default({}),
    // Refresh-token expectations (kept together). OIDC Core §11: a server may drop `offline_access` unless the
    // request carries prompt=consent, so the engine adds it to OIDC requests (scope has openid + offline_access)
    // unless the entry says the provider needs no such prompt. An explicit `prompt` in extraAuthorizationParams wins.
    offlineAccessConsent: z.boolean().default(true),
    /** true: every authorization should come back with a refresh token (a missing one is a connect-time warning). Unset: expected only when offline_access was requested from an OIDC provider. */
    issuesRefreshToken: z.boolean().optional(),
    tokenEndpointAuth: z.enum(["client_secret_basic", "client_secret_post"]),
    tokenRequestBody: z.enum(["form", "json"]).default("form"),
    tokenRequestHeaders: ZHeaders.default({}),
    pkce: z.boolean(),
    refresh: z.enum(["refresh_token", "long_lived_exchange", "none"]),
    testRequest: ZHttpRequest.optional(),
    hooks: ZOAuth2Hooks.default({}),
  })
  .superRefine((oauth, ctx) => {
    for (const key of Object.keys(oauth.extraAuthorizationParams)) {
      if ((RESERVED_AUTHORIZATION_PARAMS as readonly string[]).includes(key)) {
        ctx.addIssue({
          code: "custom",
          path: ["extraAuthorizationParams", key],
          message: `"${key}" is set by the engine`,
        });
      }
    }
    if (oauth.hooks.revoke !== undefined && oauth.revocationUrl === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["revocationUrl"],
        message: "hooks.revoke needs a revocationUrl",
      });
    }
    if (oauth.revocationMethod === "DELETE" && oauth.revocationStyle === "rfc7009" && !oauth.hooks.revoke) {
      ctx.addIssue({ code: "custom", path: ["revocationMethod"], message: "RFC 7009 revocation is a POST" });
    }
    if (oauth.refresh === "long_lived_exchange" && oauth.hooks.refresh === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["hooks", "refresh"],
        message: "refresh long_lived_exchange needs a refresh hook",
      });
    }
  });
export type TOAuth2 = z.infer<typeof ZOAuth2>;

export const ZApiKeyAuth = z.strictObject({
  label: z.string().min(1),
  placeholder: z.string().min(1).optional(),
  /** Where to find or create the key, shown next to the field. */
  instructions: z.string().min(1).optional(),
  helpUrl: z.url().optional(),
  /** Shape check before the verification request; keeps obvious paste mistakes off the network. */
  pattern: ZAnchoredPattern.optional(),
  verify: ZHttpRequest,
});
export type TApiKeyAuth = z.infer<typeof ZApiKeyAuth>;

export const ZBasicAuth = z
  .strictObject({
    usernameLabel: z.string().min(1),
    passwordLabel: z.string().min(1),
    usernamePlaceholder: z.string().min(1).optional(),
    passwordPlaceholder: z.string().min(1).optional(),
    /** How the entered username becomes the Basic username, e.g. Zendesk's `{username}/token`. */
    usernameTemplate: z.string().default("{username}"),
    instructions: z.string().min(1).optional(),
    helpUrl: z.url().optional(),
    verify: ZHttpRequest,
  })
  .superRefine((basic, ctx) => {
    const names = placeholdersIn(basic.usernameTemplate);
    if (names.length !== 1 || names[0] !== "username") {
      ctx.addIssue({
        code: "custom",
        path: ["usernameTemplate"],
        message: "must contain {username} exactly once and no other placeholder",
      });
    }
  });
export type TBasicAuth = z.infer<typeof ZBasicAuth>;

export const ZServiceAccountAuth = z.strictObject({
  description: z.string().min(1),
  /** RFC 7523 JWT bearer grant: a JWT signed with the key (aud = tokenUrl) is exchanged here for an access token. */
  tokenUrl: ZUrlTemplate,
  grantType: z
    .literal("urn:ietf:params:oauth:grant-type:jwt-bearer")
    .default("urn:ietf:params:oauth:grant-type:jwt-bearer"),
  keyFormat: z.literal("google_service_account_json").default("google_service_account_json"),
  scopes: z.array(z.string().min(1)).min(1),
  verify: ZHttpRequest.optional(),
});
export type TServiceAccountAuth = z.infer<typeof ZServiceAccountAuth>;

/** How a credential is attached to API calls. A `header` value is `${prefix} ${credential}` when prefix is set. */
export const ZApiAuth = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("bearer") }),
  z.strictObject({ type: z.literal("header"), name: ZHeaderName, prefix: z.string().min(1).optional() }),
  z.strictObject({ type: z.literal("basic") }),
  z.strictObject({ type: z.literal("query"), name: z.string().min(1) }),
]);
export type TApiAuth = z.infer<typeof ZApiAuth>;

/**
 * The provider's remaining-quota headers, for the proxy's per-connection throttle (lib/proxy/throttle.ts). Only
 * declared where the real API sends them on ordinary responses.
 *  - remaining: a count ("count": `X-RateLimit-Remaining: 4999`) or Shopify's "used/limit" ("used_of_limit":
 *    `X-Shopify-Shop-Api-Call-Limit: 32/40`, where the limit rides in the same header).
 *  - limitHeader: the window's size, so the bucket can refill at the reset; without it the bucket is re-learned.
 *  - reset: when the window refills — an epoch in seconds (GitHub), seconds or milliseconds from now; or
 *    windowMs for providers that state a fixed window (HubSpot's 10 s interval); or leakPerSecond for leaky
 *    buckets (Shopify REST: 2 a second on standard plans).
 */
export const ZApiRateLimit = z.strictObject({
  remainingHeader: ZHeaderName,
  remainingFormat: z.enum(["count", "used_of_limit"]).default("count"),
  limitHeader: ZHeaderName.optional(),
  resetHeader: ZHeaderName.optional(),
  resetFormat: z.enum(["epoch_seconds", "delta_seconds", "delta_ms"]).default("epoch_seconds"),
  windowMs: z.int().min(1).max(86_400_000).optional(),
  leakPerSecond: z.number().positive().max(10_000).optional(),
});
export type TApiRateLimit = z.infer<typeof ZApiRateLimit>;

export const ZApi = z.strictObject({
  /** No trailing slash; may use {params}. */
  baseUrl: ZUrlTemplate.refine((u) => !u.endsWith("/"), { message: "no trailing slash" }),
  auth: ZApiAuth,
  /** Per-mode exceptions to `auth` (Zendesk basic vs OAuth bearer, Klaviyo API key vs OAuth bearer). */
  authOverrides: z.partialRecord(ZAuthMode, ZApiAuth).default({}),
  defaultHeaders: ZHeaders.default({}),
  rateLimit: ZApiRateLimit.optional(),
});
export type TApi = z.infer<typeof ZApi>;

/**
 * How a provider signs its webhook deliveries, as data for the one generic verifier (lib/webhooks/verify-signature.ts).
 * The signature is an HMAC over `signedPayload` (placeholders {body} raw body, {timestamp}, {method}, {url}) with
 * each configured secret in turn (several while one rolls); compared in constant time. ed25519: the signature is
 * checked against each configured public key (hex, 32 bytes) instead (Discord).
 */
export const ZWebhookSignature = z
  .strictObject({
    algorithm: z.enum(["hmac-sha256", "hmac-sha1", "ed25519"]).default("hmac-sha256"),
    /** Header that carries the signature(s). */
    header: ZHeaderName,
    /** base64url: unpadded URL-safe base64 (Sanity). */
    encoding: z.enum(["hex", "base64", "base64url"]),
    /**
     * plain: the header is one signature, after an optional prefix ("sha256=", "v0="); several may be separated by
     * `separator`. pairs: a `k=v,k=v` list (Stripe, Calendly) whose `signatureKey` entries are signatures (any may
     * match) and whose `timestampKey` entry is the timestamp.
     */
    format: z.discriminatedUnion("type", [
      z.strictObject({
        type: z.literal("plain"),
        prefix: z.string().default(""),
      }),
      z.strictObject({
        type: z.literal("pairs"),
        signatureKey: z.string().min(1),
        timestampKey: z.string().min(1),
      }),
    ]),
    signedPayload: z.string().min(1),
    /**
     * Replay window. header: a header (seconds or ms); signature: the `timestampKey` of a pairs header; body: a
     * JSON field of the (already verified) body, e.g. Linear's webhookTimestamp.
     */
    timestamp: z
      .strictObject({
        from: z.enum(["header", "signature", "body"]),
        name: z.string().min(1).optional(),
        unit: z.enum(["s", "ms"]).default("s"),
        toleranceSeconds: z.number().int().min(1).max(3600),
      })
      .optional(),
    /**
     * client_secret: the provider app's client secret signs (Shopify, HubSpot); webhook_secret: a separate one;
     * public_key: the app's Ed25519 public key verifies (Discord) — stored like a secret, though it is not one.
     */
    secret: z.enum(["client_secret", "webhook_secret", "public_key"]),
  })
  .superRefine((sig, ctx) => {
    if ((sig.algorithm === "ed25519") !== (sig.secret === "public_key"))
      ctx.addIssue({ code: "custom", path: ["secret"], message: "ed25519 ⇔ public_key" });
    if (!sig.signedPayload.includes("{body}"))
      ctx.addIssue({ code: "custom", path: ["signedPayload"], message: "must include {body}" });
    const usesTs = sig.signedPayload.includes("{timestamp}");
    if (usesTs && !sig.timestamp)
      ctx.addIssue({ code: "custom", path: ["timestamp"], message: "{timestamp} needs a timestamp source" });
    if (sig.timestamp?.from === "signature" && sig.format.type !== "pairs")
      ctx.addIssue({ code: "custom", path: ["timestamp", "from"], message: "needs a pairs format" });
    if (sig.timestamp && sig.timestamp.from !== "signature" && !sig.timestamp.name)
      ctx.addIssue({ code: "custom", path: ["timestamp", "name"], message: "required" });
  });
export type TWebhookSignature = z.infer<typeof ZWebhookSignature>;

/** Where a value of a delivery is read: a header, or a dotted path into the JSON body ("event.id", "0.portalId"). */
export const ZWebhookField = z.strictObject({
  from: z.enum(["header", "body"]),
  name: z.string().min(1),
});
export type TWebhookField = z.infer<typeof ZWebhookField>;

/** A condition on the (verified) JSON body: the value at `path` equals `equals`. */
const ZBodyMatch = z.strictObject({ path: z.string().min(1), equals: z.union([z.string(), z.number()]) });

/**
 * A provider handshake, as data. Signed ones (echo, reply) are answered only after the signature verified; the
 * unsigned ones prove possession of the secret themselves (verify_token compares it, hmac_challenge answers with
 * an HMAC under it) or trust nothing (capture_token only parks the token for an admin to look at).
 *  - echo: a signed POST whose body matches `when` is answered with the body's `value` (Slack url_verification).
 *  - reply: a signed POST whose body matches `when` is answered with a fixed status and JSON (Discord PING).
 *  - verify_token: a GET with `tokenParam` equal to one of the stored secrets is answered with `challengeParam`
 *    as text (Meta's hub.verify_token / hub.challenge).
 *  - hmac_challenge: a GET with `param` is answered with JSON { [replyKey]: prefix + HMAC(secret, value) }, plus
 *    { [echoKey]: value } when set (X's CRC, LinkedIn's challengeCode).
 *  - capture_token: an UNSIGNED POST whose body is exactly { [field]: "<token>" } (and no signature header) is a
 *    verification token the provider wants pasted back at its side (Notion): it is sealed and parked on the
 *    endpoint until an admin reveals and trusts it — never trusted by itself.
 */
export const ZWebhookHandshake = z.discriminatedUnion("kind", [
  z.strictObject({
    kind: z.literal("echo"),
    when: ZBodyMatch,
    value: z.string().min(1),
    replyKey: z.string().min(1),
  }),
  z.strictObject({
    kind: z.literal("reply"),
    when: ZBodyMatch,
    status: z.union([z.literal(200), z.literal(204)]),
    json: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  }),
  z.strictObject({
    kind: z.literal("verify_token"),
    modeParam: z.string().min(1).optional(),
    modeValue: z.string().min(1).optional(),
    tokenParam: z.string().min(1),
    challengeParam: z.string().min(1),
  }),
  z.strictObject({
    kind: z.literal("hmac_challenge"),
    param: z.string().min(1),
    encoding: z.enum(["hex", "base64"]),
    prefix: z.string().default(""),
    replyKey: z.string().min(1),
    echoKey: z.string().min(1).optional(),
  }),
  z.strictObject({ kind: z.literal("capture_token"), field: z.string().min(1) }),
]);
export type TWebhookHandshake = z.infer<typeof ZWebhookHandshake>;

/** Automatic registration at the provider's API on connect (and removal on disconnect). */
export const WEBHOOK_REGISTRATIONS = [
  "shopify_graphql",
  "stripe_webhook_endpoints",
  "github_repo_hooks",
] as const;

export const ZWebhooks = z.strictObject({
  events: z.array(z.string().min(1)).min(1),
  signature: ZWebhookSignature,
  /**
   * Which connection(s) an app-wide delivery belongs to: the delivery's tenant value must equal this field of
   * the connection ("params.shop", "accountIdentity.id", "metadata.team.id"). Deliveries to a per-connection
   * endpoint (automatic registration) belong to that connection and need no tenant.
   */
  tenant: ZWebhookField.extend({
    connectionField: z.string().regex(/^(params|accountIdentity|metadata)(\.[A-Za-z0-9_]+)+$/),
  }).optional(),
  /** The provider's id for the event or delivery (deduplication). Absent: a digest of the signed request. */
  deliveryId: ZWebhookField.optional(),
  eventType: ZWebhookField.optional(),
  /**
   * What a delivery for no known connection gets. ignore: 200 with a reason — for app-wide endpoints where
   * failures count against the whole app (Slack disables event subscriptions of apps that keep failing).
   * reject: 404 unknown_tenant, so the provider's own dashboard shows the failure.
   */
  unknownTenant: z.enum(["ignore", "reject"]).default("reject"),
  /** Provider handshakes (URL verification, challenge-response checks, pings), answered before routing. */
  handshakes: z.array(ZWebhookHandshake).default([]),
  /** A note shown beside the endpoint in the dashboard: what to do at the provider to set it up. */
  setupNote: z.string().min(10).max(400).optional(),
  registration: z.enum(WEBHOOK_REGISTRATIONS).optional(),
});
export type TWebhooks = z.infer<typeof ZWebhooks>;

// ---------------------------------------------------------------------------------------------------------
// Provider
// ---------------------------------------------------------------------------------------------------------

const ZProviderShape = z.strictObject({
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "slug must be lowercase kebab-case"),
  name: z.string().min(1),
  description: ZSentence,
  category: ZProviderCategory,
  logo: z.string().regex(/^\/logos\/[a-z0-9-]+\.svg$/),
  docsUrl: z.url().optional(),
  /** Extra search terms (twitter, ga4, facebook …). */
  aliases: z.array(z.string().min(1)).default([]),
  authModes: z.array(ZAuthMode).min(1),
  connectionParams: z.array(ZConnectionParam).default([]),
  appSettings: z.array(ZAppSetting).default([]),
  oauth2: ZOAuth2.optional(),
  apiKey: ZApiKeyAuth.optional(),
  basic: ZBasicAuth.optional(),
  serviceAccount: ZServiceAccountAuth.optional(),
  api: ZApi,
  webhooks: ZWebhooks.optional(),
});

type TProviderShape = z.infer<typeof ZProviderShape>;

const BLOCK_FOR_MODE = {
  oauth2: "oauth2",
  api_key: "apiKey",
  basic: "basic",
  service_account: "serviceAccount",
} as const satisfies Record<TAuthMode, keyof TProviderShape>;

/** The auth placement used for API calls made with a credential of `mode`. */
export function apiAuthFor(provider: Pick<TProviderShape, "api">, mode: TAuthMode): TApiAuth {
  return provider.api.authOverrides[mode] ?? provider.api.auth;
}

type TTemplateField = {
  path: (string | number)[];
  value: string;
  /** URL templates are checked for a valid absolute URL after sample substitution; header values are not. */
  kind: "url" | "header";
  /** Token-derived placeholders are only known after the OAuth exchange. */
  afterToken: boolean;
};

function templateFields(p: TProviderShape): TTemplateField[] {
  const fields: TTemplateField[] = [];
  const url = (path: (string | number)[], value: string | undefined, afterToken: boolean) => {
    if (value !== undefined) fields.push({ path, value, kind: "url", afterToken });
  };
  const oauthOnly = p.authModes.every((m) => m === "oauth2");

  if (p.oauth2) {
    url(["oauth2", "authorizationUrl"], p.oauth2.authorizationUrl, false);
    url(["oauth2", "tokenUrl"], p.oauth2.tokenUrl, false);
    url(["oauth2", "issuer"], p.oauth2.issuer, false);
    url(["oauth2", "revocationUrl"], p.oauth2.revocationUrl, true);
    url(["oauth2", "userInfoUrl"], p.oauth2.userInfoUrl, true);
    url(["oauth2", "testRequest", "url"], p.oauth2.testRequest?.url, true);
  }
  url(["apiKey", "verify", "url"], p.apiKey?.verify.url, false);
  url(["basic", "verify", "url"], p.basic?.verify.url, false);
  url(["serviceAccount", "tokenUrl"], p.serviceAccount?.tokenUrl, false);
  url(["serviceAccount", "verify", "url"], p.serviceAccount?.verify?.url, false);
  // The API block is shared by every auth mode, so token-derived hosts are allowed only for OAuth-only providers.
  url(["api", "baseUrl"], p.api.baseUrl, oauthOnly);
  for (const [name, value] of Object.entries(p.api.defaultHeaders)) {
    fields.push({ path: ["api", "defaultHeaders", name], value, kind: "header", afterToken: oauthOnly });
  }
  return fields;
}

function refineProvider(p: TProviderShape, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: "custom", path, message });

  if (p.logo !== `/logos/${p.slug}.svg`) issue(["logo"], `logo must be "/logos/${p.slug}.svg"`);

  // Auth modes ⇔ credential blocks.
  if (new Set(p.authModes).size !== p.authModes.length) issue(["authModes"], "duplicate auth mode");
  for (const [mode, block] of Object.entries(BLOCK_FOR_MODE) as [TAuthMode, keyof typeof p][]) {
    const declared = p.authModes.includes(mode);
    const present = p[block] !== undefined;
    if (declared && !present) issue([block], `authModes has "${mode}", so the ${block} block is required`);
    if (!declared && present) issue([block], `${block} block given but authModes lacks "${mode}"`);
  }
  for (const mode of Object.keys(p.api.authOverrides) as TAuthMode[]) {
    if (!p.authModes.includes(mode)) issue(["api", "authOverrides", mode], `"${mode}" is not in authModes`);
  }
  for (const mode of p.authModes) {
    const auth = apiAuthFor(p, mode);
    if (mode === "basic" && auth.type !== "basic") {
      issue(["api", "authOverrides", mode], "basic credentials must be sent with basic auth");
    }
    if (mode !== "basic" && auth.type === "basic") {
      issue(["api", "auth"], `a ${mode} credential is a single token and cannot be sent as basic auth`);
    }
  }

  // Names of things.
  const dupes = (names: string[]) => names.filter((n, i) => names.indexOf(n) !== i);
  for (const d of dupes(p.aliases)) issue(["aliases"], `duplicate alias "${d}"`);
  const paramNames = p.connectionParams.map((c) => c.name);
  const settingNames = p.appSettings.map((s) => s.name);
  const reserved = [...Object.keys(BUILTIN_PARAMS), ...Object.keys(TOKEN_DERIVED_PARAMS)];
  for (const d of dupes([...paramNames, ...settingNames, ...reserved])) {
    issue(
      ["connectionParams"],
      `"${d}" is declared twice (connection params, app settings and built-ins share one namespace)`,
    );
  }

  // Placeholders: declared, available at that point of the flow, and producing a valid URL.
  const samples = new Map<string, string>();
  for (const [name, { sample }] of Object.entries(BUILTIN_PARAMS)) samples.set(name, sample);
  for (const c of p.connectionParams) samples.set(c.name, c.example);
  for (const s of p.appSettings) samples.set(s.name, s.example);
  const derived = new Map<string, string>();
  for (const [name, spec] of Object.entries(TOKEN_DERIVED_PARAMS)) {
    if (p.oauth2?.hooks[spec.slot] === spec.hook) derived.set(name, spec.sample);
  }

  for (const field of templateFields(p)) {
    const values: Record<string, string> = {};
    let unresolved = false;
    for (const name of placeholdersIn(field.value)) {
      const declared = samples.get(name);
      const fromToken = derived.get(name);
      if (declared !== undefined) {
        values[name] = declared;
      } else if (fromToken !== undefined && field.afterToken) {
        values[name] = fromToken;
      } else if (name in TOKEN_DERIVED_PARAMS) {
        unresolved = true;
        const spec = TOKEN_DERIVED_PARAMS[name as TTokenDerivedParam];
        issue(
          field.path,
          fromToken === undefined
            ? `{${name}} is only available with hooks.${spec.slot} = "${spec.hook}"`
            : `{${name}} is not known yet here (it comes from the token response)`,
        );
      } else {
        unresolved = true;
        issue(field.path, `placeholder {${name}} is not declared in connectionParams or appSettings`);
      }
    }
    const filled = fillTemplate(field.value, values);
    if (unresolved) continue;
    if (/[{}]/.test(filled)) {
      issue(field.path, "stray brace: placeholders are {snake_case}");
      continue;
    }
    if (field.kind !== "url") continue;
    let parsed: URL;
    try {
      parsed = new URL(filled);
    } catch {
      issue(field.path, `"${filled}" is not a valid URL once placeholders are filled`);
      continue;
    }
    const httpAllowed = p.category === "sandbox";
    if (parsed.protocol !== "https:" && !(httpAllowed && parsed.protocol === "http:")) {
      issue(field.path, "must be https");
    }
  }
}

export const ZProvider = ZProviderShape.superRefine(refineProvider);
export type TProvider = z.infer<typeof ZProvider>;
/** What catalog files write: defaults may be omitted. */
export type TProviderInput = z.input<typeof ZProvider>;

/** The whole registry: every entry valid and slugs unique. */
export const ZProviderList = z.array(ZProvider).superRefine((list, ctx) => {
  const seen = new Map<string, number>();
  list.forEach((p, i) => {
    const first = seen.get(p.slug);
    if (first !== undefined) {
      ctx.addIssue({ code: "custom", path: [i, "slug"], message: `duplicate slug (also entry #${first})` });
    } else {
      seen.set(p.slug, i);
    }
  });
});

/** Identity helper so catalog entries get contextual typing and excess-property checks. */
export function defineProvider(entry: TProviderInput): TProviderInput {
  return entry;
}
