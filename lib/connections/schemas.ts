import { z } from "zod";
import type { TConnectionRow } from "@/lib/connections/repo";
import { pageQueryFields } from "@/lib/pagination";

export const ZConnectionView = z.object({
  id: z.string(),
  provider: z.string(),
  auth_mode: z.string(),
  status: z.string(),
  label: z.string().nullable(),
  brand_id: z.string(),
  owner: z.object({
    type: z.enum(["user", "account", "shared"]),
    user_id: z.string().nullable(),
    account_id: z.string().nullable(),
  }),
  account: z.record(z.string(), z.unknown()),
  params: z.record(z.string(), z.unknown()),
  metadata: z.record(z.string(), z.unknown()),
  context: z.record(z.string(), z.unknown()),
  settings: z.record(z.string(), z.unknown()),
  roles: z.array(z.string()),
  primary_roles: z.array(z.string()),
  scopes: z.array(z.string()),
  token_expires_at: z.string().nullable(),
  refresh_token_expires_at: z.string().nullable(),
  last_authorized_at: z.string().nullable(),
  last_refreshed_at: z.string().nullable(),
  last_checked_at: z.string().nullable(),
  last_error: z.object({ code: z.string(), message: z.string().nullable() }).nullable(),
  /** A caveat found when the connection was made, e.g. no_refresh_token. */
  warning: z.object({ code: z.string(), message: z.string().nullable() }).nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type TConnectionView = z.infer<typeof ZConnectionView>;

const iso = (d: Date | null) => d?.toISOString() ?? null;
const rec = (v: unknown) =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

/** Metadata only: the row type has no credential field, so no token can get here. */
export function toConnectionView(c: TConnectionRow): TConnectionView {
  return {
    id: c.id,
    provider: c.providerSlug,
    auth_mode: c.authMode,
    status: c.status,
    label: c.label,
    brand_id: c.brandId,
    owner: { type: c.ownerKind, user_id: c.ownerUserId, account_id: c.accountId },
    account: rec(c.accountIdentity),
    params: rec(c.params),
    metadata: rec(c.metadata),
    context: rec(c.context),
    settings: rec(c.settings),
    roles: c.roles,
    primary_roles: c.primaryRoles,
    scopes: c.scopes,
    token_expires_at: iso(c.tokenExpiresAt),
    refresh_token_expires_at: iso(c.refreshTokenExpiresAt),
    last_authorized_at: iso(c.lastAuthorizedAt),
    last_refreshed_at: iso(c.lastRefreshedAt),
    last_checked_at: iso(c.lastCheckedAt),
    last_error: c.lastErrorCode ? { code: c.lastErrorCode, message: c.lastErrorMessage } : null,
    warning: c.warningCode ? { code: c.warningCode, message: c.warningMessage } : null,
    created_at: c.createdAt.toISOString(),
    updated_at: c.updatedAt.toISOString(),
  };
}

export const CONNECTION_STATUSES = ["pending", "connected", "needs_reauth", "error", "disabled", "revoked"] as const;

/** GET /api/v1/connections and the Connections page: filters, search and a keyset page (lib/pagination). */
export const ZListConnectionsQuery = z
  .object({
    /** label, the account's name or e-mail (contains, any case), or a connection id prefix */
    q: z.string().trim().min(1).max(100).optional(),
    provider: z.string().max(64).optional(),
    brand_id: z.string().max(64).optional(),
    status: z.enum(CONNECTION_STATUSES).optional(),
    role: z.string().max(64).optional(),
    /** who owns it: a member (user), the brand (shared) or a partner's connected account (account) */
    owner: z.enum(["user", "shared", "account"]).optional(),
    owner_user_id: z.string().max(64).optional(),
    account_id: z.string().max(64).optional(),
    /** exact label, any case */
    label: z.string().trim().min(1).max(100).optional(),
    shared: z
      .enum(["true", "false"])
      .transform((v) => v === "true")
      .optional(),
    ...pageQueryFields(),
  })
  .strict();
export type TListConnectionsQuery = z.input<typeof ZListConnectionsQuery>;
export type TListConnectionsFilter = Omit<z.output<typeof ZListConnectionsQuery>, "limit" | "cursor">;
export type TParsedListConnectionsQuery = z.output<typeof ZListConnectionsQuery>;

/** Where a new connection goes and what the caller attaches to it; shared with the connect-flow input. */
export const ZPlacementFields = {
  /** Defaults to the team's first brand (the dashboard passes the selected one). */
  brand_id: z.string().min(1).max(64).optional(),
  /** user: private to one member; shared: the whole brand. */
  owner: z.enum(["user", "shared"]).optional(),
  /** With an API key, the member a per-user connection belongs to. */
  owner_user_id: z.string().min(1).max(64).optional(),
  label: z.string().trim().min(1).max(100).optional(),
  /** Per-connection parameters, e.g. { shop: "acme.myshopify.com" }. */
  params: z
    .record(
      z
        .string()
        .regex(/^[a-z][a-z0-9_]*$/)
        .max(40),
      z.string().max(300),
    )
    .default({}),
};

const ZPlacement = {
  provider: z.string().min(1).max(64),
  ...ZPlacementFields,
  context: z
    .record(z.string().max(64), z.union([z.string().max(500), z.number(), z.boolean(), z.null()]))
    .default({}),
};

/** POST /api/v1/connections: OAuth material obtained elsewhere, an API key, basic credentials or a key file. */
export const ZCreateConnectionInput = z.union([
  z.object({ ...ZPlacement, api_key: z.string().trim().min(1).max(4096) }).strict(),
  z
    .object({ ...ZPlacement, username: z.string().min(1).max(500), password: z.string().min(1).max(4096) })
    .strict(),
  z
    .object({
      ...ZPlacement,
      /** The service account's JSON key file, as an object or as its text. */
      service_account_key: z.union([
        z.string().min(2).max(20_000),
        z.record(z.string(), z.unknown()).transform((o) => JSON.stringify(o)),
      ]),
    })
    .strict(),
  z
    .object({
      ...ZPlacement,
      credentials: z.discriminatedUnion("type", [
        z
          .object({
            type: z.literal("authorization_code"),
            code: z.string().min(1).max(4096),
            redirect_uri: z.url().max(2000),
            code_verifier: z.string().min(43).max(128).optional(),
          })
          .strict(),
        z.object({ type: z.literal("refresh_token"), refresh_token: z.string().min(1).max(8192) }).strict(),
      ]),
    })
    .strict(),
]);
export type TCreateConnectionInput = z.infer<typeof ZCreateConnectionInput>;
export type TOAuthCreateConnectionInput = Extract<TCreateConnectionInput, { credentials: unknown }>;
