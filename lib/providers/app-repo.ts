// The only place provider OAuth apps (team, instance and custom-provider clients) touch the database. Every write
// publishes "provider_app:<slug>" so the cached provider/app pairs (resolve-provider-app.ts) of that slug go.
import { publishInvalidation } from "@/lib/cache-bus/bus";
import { db } from "@/lib/db";
import { Prisma } from "@/lib/generated/prisma/client";

/** The cache-bus topic of provider/app pairs (resolve-provider-app.ts); ids are provider slugs. */
export const PROVIDER_APP_TOPIC = "provider_app";

export function findOAuthApp(teamId: string | null, providerSlug: string) {
  return db.oAuthApp.findFirst({
    where: { providerSlug, teamId },
    select: {
      id: true,
      teamId: true,
      clientId: true,
      clientSecretSealed: true,
      settings: true,
      custom: true,
    },
  });
}

export function findConfiguredSlugs(teamId: string) {
  return db.oAuthApp.findMany({
    where: { OR: [{ teamId }, { teamId: null }] },
    select: { providerSlug: true, teamId: true },
  });
}

export async function insertOAuthApp(data: {
  id: string;
  teamId: string | null;
  providerSlug: string;
  clientId: string;
  clientSecretSealed: string;
  settings: Prisma.InputJsonValue;
  custom?: Prisma.InputJsonValue;
}) {
  const row = await db.oAuthApp.create({ data, select: { id: true } });
  await publishInvalidation(PROVIDER_APP_TOPIC, data.providerSlug);
  return row;
}

export async function updateOAuthApp(
  id: string,
  teamId: string | null,
  data: { clientId: string; clientSecretSealed?: string; settings: Prisma.InputJsonValue },
) {
  const rows = await db.oAuthApp.findMany({ where: { id, teamId }, select: { providerSlug: true } });
  const result = await db.oAuthApp.updateMany({ where: { id, teamId }, data });
  for (const r of rows) await publishInvalidation(PROVIDER_APP_TOPIC, r.providerSlug);
  return result;
}

export async function deleteOAuthApp(teamId: string | null, providerSlug: string) {
  const result = await db.oAuthApp.deleteMany({ where: { teamId, providerSlug } });
  await publishInvalidation(PROVIDER_APP_TOPIC, providerSlug);
  return result;
}

export function findCustomApps(teamId: string) {
  return db.oAuthApp.findMany({
    where: { teamId, NOT: { custom: { equals: Prisma.DbNull } } },
    select: { providerSlug: true, custom: true },
  });
}

/** Connections made with a provider (a custom definition may not be deleted while any exist: they are pinned). */
export function countConnectionsForProvider(teamId: string, providerSlug: string) {
  return db.connection.count({ where: { teamId, providerSlug } });
}

/** A team's custom providers with what the Providers page shows and edits (never the secret). */
export function findCustomAppDetails(teamId: string) {
  return db.oAuthApp.findMany({
    where: { teamId, NOT: { custom: { equals: Prisma.DbNull } } },
    orderBy: { createdAt: "asc" },
    select: { id: true, providerSlug: true, clientId: true, custom: true, updatedAt: true },
  });
}

/** Connections per provider slug of a team (one grouped query for the Providers page). */
export function countConnectionsByProvider(teamId: string, providerSlugs: string[]) {
  return db.connection.groupBy({
    by: ["providerSlug"],
    where: { teamId, providerSlug: { in: providerSlugs } },
    _count: { _all: true },
  });
}

/** A custom provider's new definition and client; the secret only when it is replaced. */
export async function updateCustomApp(
  teamId: string,
  id: string,
  data: { clientId: string; clientSecretSealed?: string; custom: Prisma.InputJsonValue },
) {
  const where = { id, teamId, NOT: { custom: { equals: Prisma.DbNull } } };
  const rows = await db.oAuthApp.findMany({ where, select: { providerSlug: true } });
  const result = await db.oAuthApp.updateMany({ where, data });
  for (const r of rows) await publishInvalidation(PROVIDER_APP_TOPIC, r.providerSlug);
  return result;
}
