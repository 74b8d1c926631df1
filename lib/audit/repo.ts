import { db } from "@/lib/db";
import { afterCursor, NEWEST_FIRST } from "@/lib/pagination";
import type { Prisma } from "@/lib/generated/prisma/client";
import { toTimeRange, type TAuditFilter } from "@/lib/audit/schemas";

export type TAuditInput = {
  teamId: string;
  actorUserId?: string | null;
  actorKeyId?: string | null;
  action: string;
  targetType?: string;
  targetId?: string;
  metadata?: Prisma.InputJsonValue;
};

export function insertAuditEntry(e: TAuditInput) {
  return db.auditEntry.create({ data: { ...e, metadata: e.metadata ?? {} } });
}

function filterWhere(teamId: string, f: TAuditFilter): Prisma.AuditEntryWhereInput {
  const where: Prisma.AuditEntryWhereInput = { teamId };
  if (f.actor === "system") Object.assign(where, { actorUserId: null, actorKeyId: null });
  else if (f.actor?.startsWith("user:")) where.actorUserId = f.actor.slice(5);
  else if (f.actor?.startsWith("api_key:")) where.actorKeyId = f.actor.slice(8);
  if (f.action) where.action = f.action.endsWith(".") ? { startsWith: f.action } : f.action;
  if (f.target_type) where.targetType = f.target_type;
  if (f.target_id) where.targetId = f.target_id;
  const range = toTimeRange(f);
  if (range.gte || range.lt) where.createdAt = range;
  return where;
}

/** Newest first; the cursor is the (createdAt, id) of the previous page's last row (keyset, stable under inserts). */
export function findAuditEntries(
  scope: { teamId: string },
  opts: { take: number; filter?: TAuditFilter; after?: { createdAt: Date; id: string } },
) {
  const where = filterWhere(scope.teamId, opts.filter ?? {});
  const after = opts.after;
  return db.auditEntry.findMany({
    where: after
      ? {
          AND: [where, afterCursor(after)],
        }
      : where,
    orderBy: NEWEST_FIRST,
    take: opts.take,
  });
}

/** The actions this team's log holds, for the filter menu. */
export async function findAuditActions(scope: { teamId: string }): Promise<string[]> {
  const rows = await db.auditEntry.findMany({
    where: { teamId: scope.teamId },
    distinct: ["action"],
    select: { action: true },
    orderBy: { action: "asc" },
  });
  return rows.map((r) => r.action);
}

// ── names for ids: one query per kind, each scoped to the team (an id of another team's record resolves to nothing).
// The audit log is a read model over other features' tables; it only reads display names, never secrets.

const none = Promise.resolve([]);

export async function findAuditSubjects(
  scope: { teamId: string },
  ids: {
    users: string[];
    apiKeys: string[];
    members: string[];
    brands: string[];
    connections: string[];
    invites: string[];
    providerSlugs: string[];
    accounts?: string[];
  },
) {
  const teamId = scope.teamId;
  const accounts = ids.accounts?.length
    ? db.connectedAccount.findMany({
        where: { id: { in: ids.accounts }, teamId },
        select: { id: true, externalId: true },
      })
    : Promise.resolve([]);
  const [users, apiKeys, members, brands, connections, invites, team] = await Promise.all([
    ids.users.length
      ? db.user.findMany({
          where: { id: { in: ids.users }, memberships: { some: { teamId } } },
          select: { id: true, email: true },
        })
      : none,
    ids.apiKeys.length
      ? db.apiKey.findMany({
          where: { id: { in: ids.apiKeys }, teamId },
          select: { id: true, name: true, prefix: true },
        })
      : none,
    ids.members.length
      ? db.membership.findMany({
          where: { id: { in: ids.members }, teamId },
          select: { id: true, user: { select: { email: true } } },
        })
      : none,
    ids.brands.length
      ? db.brand.findMany({ where: { id: { in: ids.brands }, teamId }, select: { id: true, name: true } })
      : none,
    ids.connections.length
      ? db.connection.findMany({
          where: { id: { in: ids.connections }, teamId },
          select: { id: true, providerSlug: true, label: true, brand: { select: { name: true } } },
        })
      : none,
    ids.invites.length
      ? db.invite.findMany({
          where: { id: { in: ids.invites }, teamId },
          select: { id: true, email: true, role: true },
        })
      : none,
    db.team.findUnique({ where: { id: teamId }, select: { id: true, name: true } }),
  ]);
  const slugs = [...new Set([...ids.providerSlugs, ...connections.map((c) => c.providerSlug)])];
  const customApps = slugs.length
    ? await db.oAuthApp.findMany({
        where: { teamId, providerSlug: { in: slugs } },
        select: { providerSlug: true, custom: true },
      })
    : [];
  return {
    users,
    apiKeys,
    members,
    brands,
    connections,
    invites,
    team,
    customApps,
    accounts: await accounts,
  };
}
