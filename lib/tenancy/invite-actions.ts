"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { dashboardCookieOptions } from "@/lib/cookies";
import { defineAction } from "@/lib/http/define-action";
import { acceptInvite } from "@/lib/tenancy/accept-invite";
import { BRAND_COOKIE, TEAM_COOKIE } from "@/lib/tenancy/resolve-context";

export const acceptInviteAction = defineAction(
  { input: z.object({ token: z.string().min(1).max(200) }) },
  async (input, ctx) => {
    const joined = await acceptInvite(ctx.user.id, input.token);
    const jar = await cookies();
    jar.set(TEAM_COOKIE, joined.teamId, dashboardCookieOptions());
    jar.delete(BRAND_COOKIE);
    return joined;
  },
);
