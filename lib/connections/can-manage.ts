import { hasRole, type TAuthContext } from "@/lib/actor";
import { AppError } from "@/lib/errors";

/**
 * Shared connections belong to the brand: members may use and test them, but changing, disabling or
 * disconnecting one takes an admin. (Private ones are managed by their owner; visibility already hides others'.)
 */
export function assertCanManage(ctx: TAuthContext, row: { ownerKind: string }) {
  if (row.ownerKind === "shared" && ctx.actor.kind === "user" && !(ctx.role && hasRole(ctx.role, "admin"))) {
    throw new AppError("forbidden", {
      message: "Only admins can change or disconnect a connection shared with the brand.",
    });
  }
}

/**
 * Creating a shared connection is managing one: a member who could not change or disconnect it afterwards
 * cannot put it on the brand either (they connect their own, private, accounts). API keys are the team's.
 */
export function assertCanCreateShared(ctx: TAuthContext) {
  if (ctx.actor.kind === "user" && !(ctx.role && hasRole(ctx.role, "admin"))) {
    throw new AppError("forbidden", {
      message: "Only admins can create a connection shared with the brand; connect it for yourself instead.",
    });
  }
}
