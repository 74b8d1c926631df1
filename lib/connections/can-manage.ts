import { hasRole, type TAuthContext } from "@/lib/auth/actor";
import { AppError } from "@/lib/http/errors";

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
