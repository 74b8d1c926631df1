import { z } from "zod";

const ZContextValue = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);

export const ZStartGrantInput = z
  .object({
    /** Defaults to the team's first brand (the dashboard passes the selected one). */
    brand_id: z.string().min(1).max(64).optional(),
    /** user: private to one member; shared: the whole brand. */
    owner: z.enum(["user", "shared"]).optional(),
    /** With an API key, the member a per-user connection belongs to. */
    owner_user_id: z.string().min(1).max(64).optional(),
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
    scopes: z.array(z.string().min(1).max(200)).max(50).optional(),
    label: z.string().trim().min(1).max(100).optional(),
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

export const ZGrantStatus = z.object({
  grant_id: z.string(),
  provider: z.string(),
  status: z.enum(["pending", "connected", "failed", "expired"]),
  connection_id: z.string().nullable(),
  error: z.object({ code: z.string(), description: z.string().nullable() }).nullable(),
  expires_at: z.string(),
});
export type TGrantStatus = z.infer<typeof ZGrantStatus>;

export const ZStartGrantOutput = z.object({
  grant_id: z.string(),
  authorization_url: z.string(),
  expires_at: z.string(),
});
