"use server";

import { z } from "zod";
import { defineAction } from "@/lib/http/define-action";
import {
  addInboundSecret,
  removeInboundSecret,
  revealPendingToken,
  ZAddInboundSecretInput,
} from "@/lib/webhooks/inbound-config";

export const addInboundSecretAction = defineAction(
  { input: ZAddInboundSecretInput.extend({ provider: z.string().min(1).max(64) }), role: "admin" },
  ({ provider, ...input }, ctx) => addInboundSecret(ctx, provider, input),
);

export const removeInboundSecretAction = defineAction(
  {
    input: z.object({
      provider: z.string().min(1).max(64),
      secret_id: z.string().min(1).max(40),
      level: z.enum(["team", "instance"]).default("team"),
    }),
    role: "admin",
  },
  (input, ctx) => removeInboundSecret(ctx, input.provider, input.secret_id, input.level),
);

/** Reveal-once: the provider's verification token (Notion), trusted as a signing secret from now on. */
export const revealPendingTokenAction = defineAction(
  {
    input: z.object({
      provider: z.string().min(1).max(64),
      level: z.enum(["team", "instance"]).default("team"),
    }),
    role: "admin",
  },
  async (input, ctx) => {
    const { token, config } = await revealPendingToken(ctx, input.provider, input.level);
    return { token, config };
  },
);
