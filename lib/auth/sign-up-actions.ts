"use server";

import { defineAction } from "@/lib/http/define-action";
import { signUp } from "@/lib/auth/sign-up";
import { ZSignUpInput } from "@/lib/tenancy/schemas";

export const signUpAction = defineAction(
  {
    input: ZSignUpInput,
    auth: "public",
    rateLimit: { name: "sign-up", limit: 60, windowSec: 15 * 60, per: "ip" },
  },
  async (input) => {
    const res = await signUp(input);
    return { teamId: res.teamId };
  },
);
