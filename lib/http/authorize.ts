// Step 2: may this caller do this? Users by role, API keys by scope.
import { hasRole, type TAuthContext, type TRole } from "@/lib/actor";
import type { TApiScope } from "@/lib/api-keys/scopes";
import { AppError } from "@/lib/errors";

export type TPermission = { role?: TRole; scopes?: TApiScope[] };

export function authorize(ctx: TAuthContext, need: TPermission): void {
  if (ctx.actor.kind === "api_key") {
    const held = new Set(ctx.actor.scopes);
    const missing = (need.scopes ?? []).filter((s) => !held.has(s));
    if (missing.length) {
      throw new AppError("forbidden", {
        message: "This API key lacks a required scope.",
        details: { missing_scopes: missing },
      });
    }
    if (need.role && !need.scopes?.length)
      throw new AppError("forbidden", { message: "This endpoint needs a signed-in session." });
    return;
  }
  if (need.role && (!ctx.role || !hasRole(ctx.role, need.role))) {
    throw new AppError("forbidden", { message: `This needs the ${need.role} role in the team.` });
  }
}
