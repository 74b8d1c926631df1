import type { Role } from "@/lib/generated/prisma/enums";

export const ROLES = ["member", "admin", "owner"] as const satisfies readonly Role[];
export type TRole = (typeof ROLES)[number];

export const roleRank = (r: TRole) => ROLES.indexOf(r);
export const hasRole = (actual: TRole, required: TRole) => roleRank(actual) >= roleRank(required);

export type TActor =
  | { kind: "user"; userId: string; sessionId: string; isSuperuser: boolean }
  | { kind: "api_key"; keyId: string; scopes: string[] };

/** Who is calling, for which team, with what rights. Every repo call takes teamId from here. */
export type TAuthContext = {
  actor: TActor;
  teamId: string;
  /** Role in the team for a signed-in user; null for API keys (scopes decide). */
  role: TRole | null;
};

/** What a dashboard session carries: the user and a random session id that binds OAuth grants to the browser. */
export type TSessionClaims = { userId: string; sessionId: string };
