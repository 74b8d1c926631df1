"use server";

import { z } from "zod";
import { resendVerificationEmail } from "@/lib/auth/email-verification";
import { defineAction } from "@/lib/http/define-action";

export const resendVerificationEmailAction = defineAction(
  { input: z.object({}).strict() },
  async (_input, ctx) => resendVerificationEmail(ctx.user.id),
);
