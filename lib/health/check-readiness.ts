// /api/ready is public (load balancers probe it): it says how many migrations are pending, never their names —
// those tell an outsider which version runs. The names go to the server log for the operator.
import { databaseUrl } from "@/lib/db";
import { pendingMigrations } from "@/lib/db/migrate";
import { isDraining } from "@/lib/health/lifecycle";
import { log } from "@/lib/log";

export type TReadiness = {
  ready: boolean;
  database: "ok" | "unreachable";
  pending_migrations: number;
  draining?: true;
};

export async function checkReadiness(url?: string): Promise<TReadiness> {
  // Shutting down: out of rotation first, without asking the database (its pool is about to close).
  if (isDraining()) return { ready: false, database: "ok", pending_migrations: 0, draining: true };
  try {
    const pending = await pendingMigrations(url ?? databaseUrl());
    if (pending.length > 0) log.warn("not ready: migrations pending", { pending });
    return { ready: pending.length === 0, database: "ok", pending_migrations: pending.length };
  } catch {
    return { ready: false, database: "unreachable", pending_migrations: 0 };
  }
}
