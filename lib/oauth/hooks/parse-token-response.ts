// Providers whose token responses bend RFC 6749. Each hook turns the raw response into a TTokenSet or throws a
// TokenEndpointError with the provider's reason.
import crypto from "node:crypto";
import { z } from "zod";
import type { THookName } from "@/lib/providers/hooks";
import {
  errorFromResponse,
  inSeconds,
  parseStandardTokenResponse,
  tidy,
} from "@/lib/oauth/parse-standard-token-response";
import { TokenEndpointError, type THookContext, type TTokenSet } from "@/lib/oauth/types";
import { safeEqual } from "@/lib/vault/safe-equal";

type TParse = (status: number, body: unknown, ctx: THookContext) => TTokenSet;

const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const str = (v: unknown) => (typeof v === "string" && v ? v : undefined);

/** Slack: always HTTP 200; { ok:false, error } on failure; bot token on top, user token under authed_user. */
const slack: TParse = (status, body, ctx) => {
  const b = obj(body);
  if (b.ok !== true) {
    if (status >= 500 || status === 429) throw errorFromResponse(status, body, ctx.provider.name);
    const code = str(b.error) ?? "invalid_response";
    throw new TokenEndpointError(
      code,
      `Slack refused the request: ${tidy(code, 64)}.`,
      code === "ratelimited",
      status,
    );
  }
  const user = obj(b.authed_user);
  const team = obj(b.team);
  const access = str(b.access_token) ?? str(user.access_token);
  if (!access)
    throw new TokenEndpointError("invalid_response", "Slack returned no access token.", false, status);
  const expiresIn = typeof b.expires_in === "number" ? b.expires_in : null;
  const userToken = str(user.access_token);
  const extraSecrets: Record<string, string> =
    userToken && userToken !== access ? { user_access_token: userToken } : {};
  return {
    accessToken: access,
    refreshToken: str(b.refresh_token),
    tokenType: str(b.token_type),
    expiresAt: inSeconds(expiresIn),
    refreshTokenExpiresAt: null,
    scopes: str(b.scope)?.split(",") ?? null,
    extraSecrets,
    metadata: {
      team: { id: str(team.id), name: str(team.name) },
      enterprise: b.enterprise ?? null,
      app_id: str(b.app_id),
      bot_user_id: str(b.bot_user_id),
      authed_user_id: str(user.id),
      user_scope: str(user.scope),
    },
    derived: {},
    identity: { id: str(team.id), name: str(team.name) },
  };
};

const SALESFORCE_DOMAINS = /(^|\.)(salesforce|force|cloudforce|database|salesforce-setup)\.com$/;
function isSalesforceHost(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === "https:" && SALESFORCE_DOMAINS.test(u.hostname);
  } catch {
    return false;
  }
}

/** Salesforce: no expires_in; instance_url is the org's API host; signature = base64 HMAC(secret, id + issued_at). */
const salesforce: TParse = (status, body, ctx) => {
  const set = parseStandardTokenResponse(status, body, ctx.provider.name);
  const b = obj(body);
  const instanceUrl = str(b.instance_url);
  const id = str(b.id);
  const issuedAt = str(b.issued_at);
  if (!instanceUrl || !isSalesforceHost(instanceUrl) || (id && !isSalesforceHost(id))) {
    // These URLs receive the access token later: only Salesforce's own domains may.
    throw new TokenEndpointError(
      "invalid_response",
      "Salesforce returned no valid instance_url.",
      false,
      status,
    );
  }
  if (id && issuedAt && str(b.signature)) {
    const expected = crypto
      .createHmac("sha256", ctx.app.clientSecret)
      .update(id + issuedAt)
      .digest("base64");
    if (!safeEqual(expected, str(b.signature)))
      throw new TokenEndpointError(
        "invalid_signature",
        "Salesforce's token response signature does not match.",
        false,
        status,
      );
  }
  return {
    ...set,
    metadata: { identity_url: id, issued_at: issuedAt },
    derived: { instance_url: instanceUrl.replace(/\/$/, "") },
  };
};

/** Meta Graph: errors nested under `error`; expires_in may be absent. */
const meta: TParse = (status, body, ctx) => {
  const e = obj(obj(body).error);
  if (Object.keys(e).length) {
    const code = Number(e.code);
    throw new TokenEndpointError(
      code === 190 || code === 100 ? "invalid_grant" : status >= 500 ? "server_error" : "invalid_request",
      tidy(e.message) || "Meta refused the request.",
      status >= 500 || code === 4 || code === 17 || code === 32,
      status,
    );
  }
  return parseStandardTokenResponse(status, body, ctx.provider.name);
};

/** TikTok Business: { code, message, data } with HTTP 200 even on errors; tokens do not expire. */
const tiktok: TParse = (status, body, ctx) => {
  const b = obj(body);
  const data = obj(b.data);
  if (b.code !== 0 || !str(data.access_token)) {
    if (status >= 500) throw errorFromResponse(status, body, ctx.provider.name);
    throw new TokenEndpointError(
      "invalid_grant",
      tidy(b.message) || "TikTok refused the request.",
      false,
      status,
    );
  }
  return {
    accessToken: str(data.access_token)!,
    expiresAt: null,
    refreshTokenExpiresAt: null,
    scopes: null,
    extraSecrets: {},
    metadata: { advertiser_ids: Array.isArray(data.advertiser_ids) ? data.advertiser_ids : [] },
    derived: {},
    identity: {},
  };
};

const ZNotionOwner = z.looseObject({
  user: z
    .looseObject({
      id: z.string().optional(),
      name: z.string().nullish(),
      person: z.looseObject({ email: z.string().optional() }).optional(),
    })
    .optional(),
});

const notion: TParse = (status, body, ctx) => {
  const set = parseStandardTokenResponse(status, body, ctx.provider.name);
  const b = obj(body);
  const owner = ZNotionOwner.safeParse(b.owner);
  return {
    ...set,
    metadata: {
      workspace_id: str(b.workspace_id),
      workspace_name: str(b.workspace_name),
      workspace_icon: str(b.workspace_icon),
      bot_id: str(b.bot_id),
    },
    identity: {
      id: str(b.workspace_id),
      name: str(b.workspace_name),
      email: owner.success ? owner.data.user?.person?.email : undefined,
    },
  };
};

/** GitHub: errors as HTTP 200 { error }; granted scopes comma-separated. */
const github: TParse = (status, body, ctx) => {
  if (str(obj(body).error)) throw errorFromResponse(400, body, ctx.provider.name);
  return parseStandardTokenResponse(status, body, ctx.provider.name, ",");
};

const pipedrive: TParse = (status, body, ctx) => {
  const set = parseStandardTokenResponse(status, body, ctx.provider.name);
  const domain = str(obj(body).api_domain);
  if (!domain || !/^https:\/\/[a-z0-9-]+\.pipedrive\.com$/.test(domain.replace(/\/$/, ""))) {
    throw new TokenEndpointError(
      "invalid_response",
      "Pipedrive returned no valid api_domain.",
      false,
      status,
    );
  }
  return { ...set, derived: { api_domain: domain.replace(/\/$/, "") } };
};

export const PARSE_TOKEN_RESPONSE: Record<THookName<"parseTokenResponse">, TParse> = {
  slack_oauth_v2: slack,
  salesforce_instance_url: salesforce,
  meta_graph: meta,
  tiktok_business: tiktok,
  notion_workspace: notion,
  github_oauth: github,
  pipedrive_api_domain: pipedrive,
};
