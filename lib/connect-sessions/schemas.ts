import { z } from "zod";
import { ZInProgress } from "@/lib/connections/grant-schemas";

const ZSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "a provider slug");
export const ZLocale = z.enum(["en", "de"]);
export type TLocale = z.infer<typeof ZLocale>;

/** Body of POST /api/v1/accounts/{id}/connect (the account comes from the path). */
export const ZConnectSessionFields = {
  /** Providers the page offers; ⊆ the partner's default providers when those are set. Default: the defaults. */
  providers: z.array(ZSlug).min(1).max(50).optional(),
  /** Where the browser goes afterwards; its origin must be on the partner's allowed redirect origins. */
  redirect_url: z.url({ protocol: /^https?$/ }).max(2000),
  /** OAuth scopes to ask for (default: each provider's default scopes). */
  scopes: z.array(z.string().min(1).max(200)).max(50).optional(),
  /** Brand the connection is placed in (default: the team's first brand). */
  brand_id: z.string().min(1).max(64).optional(),
  /** Label of the connection it makes. */
  label: z.string().trim().min(1).max(100).optional(),
  /** Page language; default: the browser's (Accept-Language), else English. */
  locale: ZLocale.optional(),
};
export const ZAccountConnectInput = z.object(ZConnectSessionFields).strict();
export type TConnectSessionFields = z.infer<typeof ZAccountConnectInput>;

/** Body of POST /api/v1/connect-sessions: the account by Patchbay id or by the partner's external id. */
export const ZCreateConnectSessionInput = z
  .object({
    ...ZConnectSessionFields,
    account_id: z.string().min(1).max(64).optional(),
    external_id: z.string().min(1).max(255).optional(),
  })
  .strict()
  .refine((b) => (b.account_id === undefined) !== (b.external_id === undefined), {
    message: "give exactly one of account_id and external_id",
    path: ["account_id"],
  });
export type TCreateConnectSessionInput = z.infer<typeof ZCreateConnectSessionInput>;

/** Body of POST /api/v1/connections/{id}/reconnect-session. */
export const ZReconnectSessionInput = z
  .object({
    redirect_url: ZConnectSessionFields.redirect_url,
    scopes: ZConnectSessionFields.scopes,
    locale: ZConnectSessionFields.locale,
  })
  .strict();
export type TReconnectSessionInput = z.infer<typeof ZReconnectSessionInput>;

export const ZCreatedConnectSession = z.object({
  session_id: z.string(),
  connect_url: z.string(),
  expires_at: z.string(),
});
export type TCreatedConnectSession = z.infer<typeof ZCreatedConnectSession>;

export const ZConnectSessionView = z.object({
  session_id: z.string(),
  account_id: z.string(),
  external_id: z.string(),
  status: z.enum(["pending", "connected", "failed", "expired"]),
  providers: z.array(z.string()),
  /** the provider the end-user chose (once finished) */
  provider: z.string().nullable(),
  connection_id: z.string().nullable(),
  /** reconnect session: the connection re-authorized in place */
  reconnect_connection_id: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string().nullable() }).nullable(),
  redirect_url: z.string(),
  brand_id: z.string(),
  locale: z.string().nullable(),
  expires_at: z.string(),
  used_at: z.string().nullable(),
  created_at: z.string(),
});
export type TConnectSessionView = z.infer<typeof ZConnectSessionView>;

/**
 * GET /api/v1/connect-sessions/status/{token}: what the partner's page may read about its own session (the
 * Connect button's polling fallback). The outcome only — no account, external id, redirect URL or secret.
 */
export const ZPublicSessionStatus = z.object({
  status: z.enum(["pending", "connected", "failed", "expired"]),
  provider: z.string().nullable(),
  connection_id: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string().nullable() }).nullable(),
  in_progress: ZInProgress,
  expires_at: z.string(),
});
export type TPublicSessionStatus = z.infer<typeof ZPublicSessionStatus>;

/** The header GET /api/v1/connect-sessions/status reads the token from (never the URL: paths get logged). */
export const SESSION_TOKEN_HEADER = "x-connect-session-token";
