import { z } from "zod";
import { ZPlacementFields } from "@/lib/connections/schemas";

const ZContextValue = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);

export const ZStartGrantInput = z
  .object({
    ...ZPlacementFields,
    scopes: z.array(z.string().min(1).max(200)).max(50).optional(),
    /** Redirect mode: where the browser goes afterwards; must be on the team's allowed origins. */
    return_to: z.url().max(2000).optional(),
    /** Caller-defined ids carried onto the connection (collection, space, tenant, connector …). */
    context: z
      .record(
        z
          .string()
          .regex(/^[A-Za-z][A-Za-z0-9_.-]*$/)
          .max(64),
        ZContextValue,
      )
      .refine((c) => Object.keys(c).length <= 20, "At most 20 context keys")
      .default({}),
    mode: z.enum(["popup", "redirect", "api"]).default("api"),
  })
  .strict();
export type TStartGrantInput = z.infer<typeof ZStartGrantInput>;

/** Shared by both status endpoints the Connect button polls. */
export const ZInProgress = z
  .boolean()
  .describe(
    "True while a browser is at the provider: the authorization link was opened and no callback has come yet. A poller keeps waiting while it is true, even when the popup reads as closed (a provider's Cross-Origin-Opener-Policy makes it read so).",
  );

export const ZGrantStatus = z.object({
  grant_id: z.string(),
  provider: z.string(),
  status: z.enum(["pending", "connected", "failed", "expired"]),
  connection_id: z.string().nullable(),
  error: z.object({ code: z.string(), description: z.string().nullable() }).nullable(),
  /** Connected, with a caveat: no_refresh_token (the connection will need the user again when the token expires). */
  warning: z.object({ code: z.string(), description: z.string().nullable() }).nullable(),
  in_progress: ZInProgress,
  expires_at: z.string(),
});
export type TGrantStatus = z.infer<typeof ZGrantStatus>;

export const ZStartGrantOutput = z.object({
  grant_id: z.string(),
  authorization_url: z.string(),
  expires_at: z.string(),
});
