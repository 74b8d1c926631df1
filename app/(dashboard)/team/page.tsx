import { MemberList } from "@/components/team/member-list";
import { ProxyLimitsSettings } from "@/components/team/proxy-limits-settings";
import { TeamSettings } from "@/components/team/team-settings";
import { TierSettings } from "@/components/team/tier-settings";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/actor";
import { requireDashboardContext } from "@/lib/auth/dashboard-context";
import { getTeamOverview } from "@/lib/tenancy/list-members";
import { dashboardTitle } from "@/lib/auth/dashboard-title";

export const generateMetadata = dashboardTitle("Team");

export default async function TeamPage() {
  const ctx = await requireDashboardContext();
  const overview = await getTeamOverview(ctx);
  const role = ctx.role ?? "member";
  return (
    <>
      <PageHeader title="Team" description="Who can work in this team, and with which role." />
      <div className="space-y-6">
        <TeamSettings
          name={overview.team.name}
          allowedOrigins={overview.team.allowedOrigins}
          canManage={hasRole(role, "admin")}
        />
        <ProxyLimitsSettings canManage={hasRole(role, "admin")} />
        <TierSettings teamId={ctx.teamId} superuser={ctx.user.isSuperuser} />
        <MemberList members={overview.members} invites={overview.invites} meId={ctx.user.id} myRole={role} />
      </div>
    </>
  );
}
