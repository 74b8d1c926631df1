// The Prisma client, over the pg driver adapter (one path for embedded PGlite and real PostgreSQL).
// Created lazily: in embedded mode the database URL is known only after instrumentation.ts started it.
import { PrismaPg } from "@prisma/adapter-pg";
import { dbPoolSize } from "@/lib/env";
import { PrismaClient } from "@/lib/generated/prisma/client";

export type TDb = PrismaClient;
export type TTx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

const g = globalThis as { __patchbayPrisma?: PrismaClient };

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("database not started: DATABASE_URL is unset");
  return url;
}

function client(): PrismaClient {
  g.__patchbayPrisma ??= new PrismaClient({
    adapter: new PrismaPg({ connectionString: databaseUrl(), max: dbPoolSize() }),
    // Ciphertext columns are never selected by default: only a query that names them gets them.
    omit: {
      connection: { credentialsSealed: true },
      oAuthApp: { clientSecretSealed: true },
      oAuthGrant: { codeVerifierSealed: true },
      webhookEndpoint: { secretSealed: true, previousSecretSealed: true },
      inboundWebhookSource: { pendingTokenSealed: true },
    },
  });
  return g.__patchbayPrisma;
}

/** Proxy so importers can write `db.user.findMany(...)` without caring when the client is created. */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, prop) {
    const c = client();
    const value = Reflect.get(c, prop, c) as unknown;
    return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(c) : value;
  },
});

export async function disconnectDb() {
  if (g.__patchbayPrisma) {
    await g.__patchbayPrisma.$disconnect();
    g.__patchbayPrisma = undefined;
  }
}
