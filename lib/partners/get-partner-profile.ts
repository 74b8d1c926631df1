import type { TAuthContext } from "@/lib/actor";
import { findProfile } from "./repo";
import { toProfileView, type TPartnerProfileView } from "./schemas";

/** The team's partner profile; a team that never saved one gets the defaults with `configured: false`. */
export async function getPartnerProfile(ctx: Pick<TAuthContext, "teamId">): Promise<TPartnerProfileView> {
  return toProfileView(await findProfile({ teamId: ctx.teamId }));
}
