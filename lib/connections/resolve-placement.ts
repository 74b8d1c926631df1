// Where a new connection goes: which brand, and whose it is. Shared by every way of creating one.
import type { TAuthContext } from "@/lib/actor";
import { assertCanCreateShared } from "@/lib/connections/can-manage";
import type { OwnerKind } from "@/lib/generated/prisma/client";
import { AppError, notFound } from "@/lib/errors";
import { findBrand, findBrands, findMembership } from "@/lib/tenancy/teams";

export type TPlacementInput = { brand_id?: string; owner?: "user" | "shared"; owner_user_id?: string };
export type TPlacement = {
  brandId: string;
  ownerKind: OwnerKind;
  ownerUserId: string | null;
  /** partner mode: the connected account that owns it (ownerKind = account) */
  accountId?: string | null;
};

export async function resolvePlacement(ctx: TAuthContext, input: TPlacementInput): Promise<TPlacement> {
  const scope = { teamId: ctx.teamId };
  const brandId = input.brand_id ?? (await findBrands(scope))[0]?.id;
  if (!brandId || !(await findBrand(scope, brandId))) throw notFound("Brand");
  // A session user's own by default; an API key makes shared connections unless it names a member.
  const ownerKind = input.owner ?? (ctx.actor.kind === "user" || input.owner_user_id ? "user" : "shared");
  if (ownerKind === "shared") {
    assertCanCreateShared(ctx);
    return { brandId, ownerKind, ownerUserId: null };
  }
  const ownerUserId = input.owner_user_id ?? (ctx.actor.kind === "user" ? ctx.actor.userId : null);
  if (!ownerUserId) {
    throw new AppError("validation_failed", {
      message: "owner_user_id is required for a per-user connection made with an API key.",
      details: { issues: [{ path: "body.owner_user_id", message: "required", code: "invalid_type" }] },
    });
  }
  if (ctx.actor.kind === "user" && ownerUserId !== ctx.actor.userId && ctx.role === "member") {
    throw new AppError("forbidden", { message: "Members can only connect accounts for themselves." });
  }
  if (!(await findMembership(ownerUserId, ctx.teamId))) throw notFound("Member");
  return { brandId, ownerKind, ownerUserId };
}
