import { databaseUrl } from "@/lib/db";
import { pendingMigrations } from "@/lib/db/migrate";

export async function checkReadiness(): Promise<{
  ready: boolean;
  database: "ok" | "unreachable";
  pending_migrations: string[];
}> {
  try {
    const pending = await pendingMigrations(databaseUrl());
    return { ready: pending.length === 0, database: "ok", pending_migrations: pending };
  } catch {
    return { ready: false, database: "unreachable", pending_migrations: [] };
  }
}
