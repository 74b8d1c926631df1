"use server";

import { z } from "zod";
import { AppError } from "@/lib/errors";
import { defineAction } from "@/lib/http/define-action";
import { requestAccountDeletion } from "./delete-account";
import { getAccountOrThrow } from "./get-account";
import { ZAccountId, ZPartnerProfileInput } from "./schemas";
import { updatePartnerProfile } from "./update-partner-profile";

export const updatePartnerProfileAction = defineAction(
  { input: ZPartnerProfileInput, role: "admin" },
  (input, ctx) => updatePartnerProfile(ctx, input),
);

export const deleteAccountAction = defineAction(
  { input: z.object({ id: ZAccountId }), role: "admin" },
  (input, ctx) => requestAccountDeletion(ctx, input.id),
);

/** The detail page polls this while a deletion runs: the account, or { gone: true } once it is deleted. */
export const accountProgressAction = defineAction(
  {
    input: z.object({ id: ZAccountId }),
    role: "admin",
    rateLimit: { name: "account-progress", limit: 240, windowSec: 60 },
  },
  async (input, ctx) => {
    try {
      return { gone: false as const, account: await getAccountOrThrow(ctx, input.id) };
    } catch (err) {
      if (err instanceof AppError && err.code === "not_found") return { gone: true as const, account: null };
      throw err;
    }
  },
);
