import { AppError } from "@/lib/errors";
import { findProfile } from "./repo";

/** Account routes and X-Account-Id work only for a team whose partner mode is on. */
export async function requirePartnerMode(scope: { teamId: string }): Promise<void> {
  const profile = await findProfile(scope);
  if (!profile?.enabled) {
    throw new AppError("forbidden", {
      message:
        'Partner mode is off for this team: turn it on with PUT /api/v1/partner ({"enabled": true, "display_name": …}) or on the dashboard\'s Partner page.',
      details: { reason: "partner_mode_disabled" },
    });
  }
}
