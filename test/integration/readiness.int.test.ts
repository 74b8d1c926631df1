import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as readyRoute from "@/app/api/ready/route";
import { startEmbeddedDb, type TEmbeddedDb } from "@/lib/db/embedded";
import { checkReadiness } from "@/lib/health/check-readiness";
import { setLogSink } from "@/lib/log";
import { call } from "@/test/http";

const migrationNames = fs
  .readdirSync(path.join(process.cwd(), "prisma", "migrations"), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

// Finding 10: /api/ready is public; it must not tell the world which migrations (so which version) it runs.
describe("readiness", () => {
  let fresh: TEmbeddedDb;
  beforeAll(async () => {
    fresh = await startEmbeddedDb(); // a real, empty database: every migration pending
  });
  afterAll(() => fresh.stop());

  it("a migrated database is ready, and the body is a count", async () => {
    const res = await call(readyRoute.GET, { path: "/api/ready" });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ready: true, database: "ok", pending_migrations: 0 });
  });

  it("pending migrations are counted in the response and named only in the server log", async () => {
    const lines: string[] = [];
    setLogSink((l) => lines.push(l));
    try {
      const r = await checkReadiness(fresh.url);
      expect(r).toEqual({ ready: false, database: "ok", pending_migrations: migrationNames.length });
      const body = JSON.stringify(r);
      for (const name of migrationNames) expect(body).not.toContain(name);
      expect(lines.join("\n")).toContain(migrationNames[0]!);
    } finally {
      setLogSink(undefined);
    }
  });
});
