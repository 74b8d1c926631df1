"use server";

import { z } from "zod";
import { defineAction } from "@/lib/http/define-action";
import { configureOAuthApp, removeOAuthApp, ZConfigureAppInput } from "@/lib/providers/configure-app";
import { addCustomProvider } from "@/lib/providers/custom-apps";
import { ZCustomProviderInput } from "@/lib/providers/custom-provider";
import { updateCustomProvider, ZUpdateCustomProviderInput } from "@/lib/providers/update-custom-provider";

export const configureAppAction = defineAction(
  { input: ZConfigureAppInput.extend({ provider: z.string().min(1).max(64) }), role: "admin" },
  ({ provider, ...input }, ctx) => configureOAuthApp(ctx, provider, input),
);

export const removeAppAction = defineAction(
  {
    input: z.object({ provider: z.string().min(1).max(64), level: z.enum(["team", "instance"]) }),
    role: "admin",
  },
  async (input, ctx) => {
    await removeOAuthApp(ctx, input.provider, input.level);
    return { provider: input.provider };
  },
);

export const addCustomProviderAction = defineAction(
  { input: ZCustomProviderInput, role: "admin" },
  async (input, ctx) => {
    const p = await addCustomProvider(ctx, input);
    return { slug: p.slug, name: p.name };
  },
);

export const updateCustomProviderAction = defineAction(
  { input: ZUpdateCustomProviderInput.extend({ provider: z.string().min(1).max(64) }), role: "admin" },
  ({ provider, ...input }, ctx) => updateCustomProvider(ctx, provider, input),
);
