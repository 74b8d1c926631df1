import { recordAudit } from "@/lib/audit/record-audit";

/** A sign-up creates a team and its first brand: both go into the new team's log, by the new user. */
export async function recordSignUp(s: {
  userId: string;
  teamId: string;
  teamName: string;
  brandId: string;
  via: "password" | "sso";
}) {
  const scope = {
    teamId: s.teamId,
    actor: { kind: "user", userId: s.userId, sessionId: "", isSuperuser: false },
  } as const;
  await recordAudit(scope, "team.created", { type: "team", id: s.teamId }, { name: s.teamName, via: s.via });
  await recordAudit(scope, "brand.created", { type: "brand", id: s.brandId }, { name: "Default" });
}
