import { z } from "zod";
import { ZOrigin } from "@/lib/tenancy/schemas";
import type { TAccountRow, TProfileRow } from "./repo";

// ── partner profile ──

const ZColor = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour as #rrggbb, e.g. #4f46e5")
  .transform((s) => s.toLowerCase());
const ZHttpsUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((s) => {
    try {
      return new URL(s).protocol === "https:";
    } catch {
      return false;
    }
  }, "Use an https:// URL");
const ZProviderSlug = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "Use a provider slug from the catalog, e.g. github");

/** PUT /api/v1/partner: every field optional; omitted ones keep their value (or the default on first save). */
export const ZPartnerProfileInput = z
  .object({
    enabled: z.boolean().optional(),
    display_name: z
      .string()
      .trim()
      .min(1, "Give the name your users will see")
      .max(80, "Use at most 80 characters")
      .optional(),
    logo_url: ZHttpsUrl.nullable().optional(),
    primary_color: ZColor.optional(),
    background_color: ZColor.optional(),
    support_url: ZHttpsUrl.nullable().optional(),
    allowed_redirect_origins: z.array(ZOrigin).max(20, "At most 20 origins").optional(),
    default_providers: z.array(ZProviderSlug).max(100).optional(),
  })
  .strict();
export type TPartnerProfileInput = z.infer<typeof ZPartnerProfileInput>;

export const ZPartnerProfileView = z.object({
  /** false until the team saved a profile at least once */
  configured: z.boolean(),
  enabled: z.boolean(),
  display_name: z.string().nullable(),
  logo_url: z.string().nullable(),
  primary_color: z.string(),
  background_color: z.string(),
  support_url: z.string().nullable(),
  allowed_redirect_origins: z.array(z.string()),
  default_providers: z.array(z.string()),
  created_at: z.string().nullable(),
  updated_at: z.string().nullable(),
});
export type TPartnerProfileView = z.infer<typeof ZPartnerProfileView>;

export const PROFILE_DEFAULTS = { primaryColor: "#4f46e5", backgroundColor: "#ffffff" } as const;

export function toProfileView(p: TProfileRow | null): TPartnerProfileView {
  if (!p) {
    return {
      configured: false,
      enabled: false,
      display_name: null,
      logo_url: null,
      primary_color: PROFILE_DEFAULTS.primaryColor,
      background_color: PROFILE_DEFAULTS.backgroundColor,
      support_url: null,
      allowed_redirect_origins: [],
      default_providers: [],
      created_at: null,
      updated_at: null,
    };
  }
  return {
    configured: true,
    enabled: p.enabled,
    display_name: p.displayName,
    logo_url: p.logoUrl,
    primary_color: p.primaryColor,
    background_color: p.backgroundColor,
    support_url: p.supportUrl,
    allowed_redirect_origins: p.allowedRedirectOrigins,
    default_providers: p.defaultProviders,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

// ── connected accounts ──

/** Visible ASCII only: the external id travels in the X-Account-Id header. */
export const ZExternalId = z
  .string()
  .min(1, "Give the account's external_id")
  .max(255, "Use at most 255 characters")
  .regex(/^[\x21-\x7e]+$/, "Use visible ASCII characters only (no spaces): it is sent in X-Account-Id");

export const METADATA_MAX_BYTES = 8192;
export const ZAccountMetadata = z
  .record(z.string().max(100), z.json())
  .refine((m) => Object.keys(m).length <= 50, "At most 50 keys")
  .refine(
    (m) => Buffer.byteLength(JSON.stringify(m)) <= METADATA_MAX_BYTES,
    `At most ${String(METADATA_MAX_BYTES)} bytes of JSON`,
  );

const ZDisplayName = z.string().trim().min(1).max(200);

export const ZCreateAccountInput = z
  .object({
    external_id: ZExternalId,
    display_name: ZDisplayName.nullable().optional(),
    metadata: ZAccountMetadata.optional(),
  })
  .strict();
export type TCreateAccountInput = z.infer<typeof ZCreateAccountInput>;

export const ZUpdateAccountInput = z
  .object({
    external_id: ZExternalId.optional(),
    display_name: ZDisplayName.nullable().optional(),
    /** replaces the whole metadata object */
    metadata: ZAccountMetadata.optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "Send at least one field to change");
export type TUpdateAccountInput = z.infer<typeof ZUpdateAccountInput>;

/** Patchbay's account ids: acc_ + 16 url-safe characters. */
export const ZAccountId = z.string().min(1).max(64);

/** An opaque keyset cursor: the (createdAt, id) of the last row of the previous page. */
export function encodeAccountCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`).toString("base64url");
}
function decodeAccountCursor(s: string): { createdAt: Date; id: string } | null {
  const [t, id, ...rest] = Buffer.from(s, "base64url").toString("utf8").split("|");
  if (!t || !id || rest.length || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null;
  const createdAt = new Date(t);
  return Number.isNaN(createdAt.getTime()) || createdAt.toISOString() !== t ? null : { createdAt, id };
}

const ZInstant = z.iso.datetime({ offset: true }).transform((t) => new Date(t));

export const ZListAccountsQuery = z
  .object({
    /** exact match: finds the account a partner knows by its own id */
    external_id: ZExternalId.optional(),
    /** every account whose external_id starts with this */
    external_id_prefix: z.string().min(1).max(255).optional(),
    /** created at or after this instant */
    created_after: ZInstant.optional(),
    /** created strictly before this instant */
    created_before: ZInstant.optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    cursor: z
      .string()
      .max(200)
      .transform((s, c) => {
        const d = decodeAccountCursor(s);
        if (!d) c.addIssue({ code: "custom", message: "Not a cursor returned by this endpoint." });
        return d ?? z.NEVER;
      })
      .optional(),
  })
  .strict();
export type TListAccountsQuery = z.output<typeof ZListAccountsQuery>;

export const ZAccountView = z.object({
  id: z.string(),
  external_id: z.string(),
  display_name: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  /** active, or deleting: its connections are being disconnected by a job and the account then goes */
  status: z.enum(["active", "deleting"]),
  connection_count: z.number(),
  deletion: z.object({ requested_at: z.string(), connections_remaining: z.number() }).nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type TAccountView = z.infer<typeof ZAccountView>;

export function toAccountView(a: TAccountRow): TAccountView {
  const m = a.metadata;
  return {
    id: a.id,
    external_id: a.externalId,
    display_name: a.displayName,
    metadata: m && typeof m === "object" && !Array.isArray(m) ? m : {},
    status: a.deletingAt ? "deleting" : "active",
    connection_count: a._count.connections,
    deletion: a.deletingAt
      ? { requested_at: a.deletingAt.toISOString(), connections_remaining: a._count.connections }
      : null,
    created_at: a.createdAt.toISOString(),
    updated_at: a.updatedAt.toISOString(),
  };
}

export const ZAccountList = z.object({ data: z.array(ZAccountView), next_cursor: z.string().nullable() });
