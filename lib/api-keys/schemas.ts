import { z } from "zod";
import { API_SCOPES } from "@/lib/api-keys/scopes";

export const ZCreateApiKeyInput = z
  .object({
    name: z.string().trim().min(1, "Give the key a name").max(80),
    scopes: z.array(z.enum(API_SCOPES)).min(1, "Pick at least one scope").max(API_SCOPES.length),
    expires_at: z.iso
      .datetime({ offset: true })
      .refine((s) => new Date(s).getTime() > Date.now(), "Expiry must be in the future")
      .nullish(),
  })
  .strict();
export type TCreateApiKeyInput = z.infer<typeof ZCreateApiKeyInput>;

export const ZApiKeyView = z.object({
  id: z.string(),
  name: z.string(),
  scopes: z.array(z.string()),
  prefix: z.string(),
  last4: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
  expires_at: z.string().nullable(),
  revoked_at: z.string().nullable(),
});
export type TApiKeyView = z.infer<typeof ZApiKeyView>;
