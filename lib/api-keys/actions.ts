"use server";

import { z } from "zod";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { listApiKeys } from "@/lib/api-keys/list-api-keys";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { ZCreateApiKeyInput } from "@/lib/api-keys/schemas";
import { defineAction } from "@/lib/http/define-action";

export const listApiKeysAction = defineAction({ input: z.object({}), role: "admin" }, (_input, ctx) =>
  listApiKeys(ctx),
);
export const createApiKeyAction = defineAction({ input: ZCreateApiKeyInput, role: "admin" }, (input, ctx) =>
  createApiKey(ctx, input),
);
export const revokeApiKeyAction = defineAction(
  { input: z.object({ id: z.string().min(1).max(64) }), role: "admin" },
  (input, ctx) => revokeApiKey(ctx, input.id),
);
