"use server";

import { cookies } from "next/headers";
import { z } from "zod";
import { dashboardCookieOptions } from "@/lib/cookies";
import { defineAction } from "@/lib/http/define-action";
import { AppError } from "@/lib/errors";
import { getBrandOrThrow } from "@/lib/tenancy/brands";
import { BRAND_COOKIE, TEAM_COOKIE } from "@/lib/tenancy/resolve-context";

const YEAR = 365 * 24 * 3600;

export const switchBrandAction = defineAction(
  { input: z.object({ brandId: z.string().min(1).max(64) }) },
  async (input, ctx) => {
    const brand = await getBrandOrThrow(ctx, input.brandId); // 404 for another team's brand
    (await cookies()).set(BRAND_COOKIE, brand.id, dashboardCookieOptions({ maxAgeSec: YEAR }));
    return brand;
  },
);

export const switchTeamAction = defineAction(
  { input: z.object({ teamId: z.string().min(1).max(64) }) },
  async (input, ctx) => {
    if (!ctx.teams.some((t) => t.id === input.teamId))
      throw new AppError("not_found", { message: "Team not found." });
    const jar = await cookies();
    jar.set(TEAM_COOKIE, input.teamId, dashboardCookieOptions({ maxAgeSec: YEAR }));
    jar.delete(BRAND_COOKIE);
    return { teamId: input.teamId };
  },
);
