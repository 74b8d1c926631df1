// Tenancy's team, brand and membership lookups as other features may use them (the connect flow places a
// connection in a team and brand; code redemption checks the team's instance-app permission). Every function
// takes the team id into its where, as the repo's do.
export {
  findBrand,
  findBrands,
  findInstanceCodeRedemption,
  findMembership,
  findTeam,
  setInstanceCodeRedemptionRow,
} from "@/lib/tenancy/repo";
