// The sealed credential set of a connection. Parsed with zod when opened: the vault's output is untrusted input.
import { z } from "zod";
import { aadFor, open, seal } from "@/lib/vault/vault";

export const ZCredentials = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("oauth2"),
    access_token: z.string().min(1),
    refresh_token: z.string().min(1).optional(),
    token_type: z.string().optional(),
    id_token: z.string().optional(),
    extra: z.record(z.string(), z.string()).default({}),
  }),
  z.object({ type: z.literal("api_key"), api_key: z.string().min(1) }),
  z.object({ type: z.literal("basic"), username: z.string().min(1), password: z.string().min(1) }),
  z.object({
    type: z.literal("service_account"),
    key_json: z.string().min(1),
    access_token: z.string().optional(),
  }),
]);
export type TCredentials = z.infer<typeof ZCredentials>;

const aad = (connectionId: string) => aadFor("Connection", connectionId, "credentials");

export const sealCredentials = (connectionId: string, c: TCredentials) =>
  seal(JSON.stringify(c), aad(connectionId));
export const openCredentials = (connectionId: string, sealed: string): TCredentials =>
  ZCredentials.parse(JSON.parse(open(sealed, aad(connectionId))));
