"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { defineAction } from "@/lib/http/define-action";
import { getGrantStatus } from "@/lib/connections/get-grant-status";
import { startGrant } from "@/lib/connections/start-grant";
import { startReconnect } from "@/lib/connections/start-reconnect";
import { BRAND_COOKIE } from "@/lib/tenancy/resolve-context";
import { createCredentialConnection } from "@/lib/connections/create-credential-connection";

/** Starts a grant for the brand selected in the header; the popup (or the page) then opens authorization_url. */
export const startConnectAction = defineAction(
  {
    input: z.object({
      provider: z.string().min(1).max(64),
      params: z.record(z.string().max(40), z.string().max(300)).default({}),
      shared: z.boolean().default(false),
      label: z.string().trim().max(100).optional(),
      mode: z.enum(["popup", "redirect"]),
      return_to: z.url().optional(),
    }),
  },
  async (input, ctx) => {
    const brandId = (await cookies()).get(BRAND_COOKIE)?.value;
    return startGrant(ctx, input.provider, {
      brand_id: brandId,
      owner: input.shared ? "shared" : "user",
      params: input.params,
      label: input.label || undefined,
      mode: input.mode,
      return_to: input.return_to,
      context: {},
    });
  },
);

/** Reconnect in place: a grant into the same connection; the popup (or the page) then opens authorization_url. */
export const startReconnectAction = defineAction(
  {
    input: z.object({
      id: z.string().min(1).max(64),
      mode: z.enum(["popup", "redirect"]),
      return_to: z.url().optional(),
    }),
  },
  (input, ctx) => startReconnect(ctx, input.id, { mode: input.mode, return_to: input.return_to }),
);

export const grantStatusAction = defineAction(
  { input: z.object({ grantId: z.string().min(1).max(64) }) },
  (input, ctx) => getGrantStatus(ctx, input.grantId),
);

/** API-key, basic and service-account providers: verified with the provider before anything is stored. */
export const connectWithKeyAction = defineAction(
  {
    rateLimit: { name: "connect-with-key", limit: 30, windowSec: 10 * 60 },
    input: z.object({
      provider: z.string().min(1).max(64),
      api_key: z.string().min(1).max(4096).optional(),
      username: z.string().min(1).max(500).optional(),
      password: z.string().min(1).max(4096).optional(),
      service_account_key: z.string().min(2).max(20_000).optional(),
      params: z.record(z.string().max(40), z.string().max(300)).default({}),
      shared: z.boolean().default(false),
      label: z.string().trim().max(100).optional(),
    }),
  },
  async (input, ctx) => {
    const brandId = (await cookies()).get(BRAND_COOKIE)?.value;
    return createCredentialConnection(ctx, {
      provider: input.provider,
      brand_id: brandId,
      owner: input.shared ? "shared" : "user",
      label: input.label || undefined,
      params: input.params,
      context: {},
      ...(input.api_key
        ? { api_key: input.api_key }
        : input.service_account_key
          ? { service_account_key: input.service_account_key }
          : { username: input.username ?? "", password: input.password ?? "" }),
    });
  },
);
