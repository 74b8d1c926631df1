import { afterCursor, NEWEST_FIRST, type TPageRequest } from "@/lib/pagination";
import { db } from "@/lib/db";

// Never select keyHash outside authentication.
const PUBLIC = {
  id: true,
  teamId: true,
  name: true,
  scopes: true,
  prefix: true,
  last4: true,
  createdAt: true,
  lastUsedAt: true,
  expiresAt: true,
  revokedAt: true,
} as const;

export type TApiKeyRow = {
  id: string;
  teamId: string;
  name: string;
  scopes: string[];
  prefix: string;
  last4: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
};

export function insertApiKey(
  scope: { teamId: string },
  data: {
    name: string;
    scopes: string[];
    keyHash: string;
    prefix: string;
    last4: string;
    expiresAt: Date | null;
    createdById: string | null;
  },
): Promise<TApiKeyRow> {
  return db.apiKey.create({ data: { ...data, teamId: scope.teamId }, select: PUBLIC });
}

/** Newest first; with `page`, one keyset page (lib/pagination), else all of them (the dashboard). */
export function findApiKeys(scope: { teamId: string }, page?: TPageRequest): Promise<TApiKeyRow[]> {
  return db.apiKey.findMany({
    where: page?.after ? { teamId: scope.teamId, ...afterCursor(page.after) } : { teamId: scope.teamId },
    orderBy: NEWEST_FIRST,
    select: PUBLIC,
    ...(page ? { take: page.take } : {}),
  });
}

/** Revokes only a key of this team that is not revoked yet; returns null otherwise (→ 404). */
export async function revokeApiKeyRow(scope: { teamId: string }, id: string): Promise<TApiKeyRow | null> {
  const res = await db.apiKey.updateMany({
    where: { id, teamId: scope.teamId, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  if (res.count === 0) return null;
  return db.apiKey.findFirst({ where: { id, teamId: scope.teamId }, select: PUBLIC });
}

/** Authentication lookup: by hash only, live keys only. */
export function findLiveKeyByHash(keyHash: string) {
  return db.apiKey.findFirst({
    where: { keyHash, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: new Date() } }] },
    select: { id: true, teamId: true, scopes: true, expiresAt: true, lastUsedAt: true },
  });
}

export function touchLastUsed(id: string) {
  return db.apiKey.update({ where: { id }, data: { lastUsedAt: new Date() }, select: { id: true } });
}

/** How many keys the team has made, and how many were ever used (the Overview's first-run checklist). */
export async function countKeyUsage(scope: { teamId: string }) {
  const [created, used] = await Promise.all([
    db.apiKey.count({ where: { teamId: scope.teamId } }),
    db.apiKey.count({ where: { teamId: scope.teamId, lastUsedAt: { not: null } } }),
  ]);
  return { created, used };
}
