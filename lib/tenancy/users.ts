// Tenancy's user and membership records as other features may use them (sign-in, SSO linking, sign-up,
// verification). The repo stays private to tenancy; this is its published surface for identity code.
export {
  findMembershipsOfUser,
  findUserByEmail,
  insertUserRedeemingInvite,
  insertUserWithTeam,
  InviteUnusable,
} from "@/lib/tenancy/repo";
