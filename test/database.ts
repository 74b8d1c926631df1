// A throwaway database for one test run: embedded PGlite by default, or a fresh database on the server that
// TEST_DATABASE_URL names (local servers only). Shared by the Vitest global setup and the Playwright app starter.
import crypto from "node:crypto";
import pg from "pg";
import { startEmbeddedDb } from "../lib/db/embedded";
import { applyMigrations } from "../lib/db/migrate";

export type TTestDatabase = { url: string; mode: "embedded" | "postgres"; drop(): Promise<void> };

const LOCAL_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

export async function createTestDatabase(): Promise<TTestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedDb();
    await applyMigrations(embedded.url).catch(async (err: unknown) => {
      await embedded.stop(); // a failed set-up must not leave the run hanging
      throw err;
    });
    return { url: embedded.url, mode: "embedded", drop: () => embedded.stop() };
  }
  const base = new URL(serverUrl);
  if (!LOCAL_HOSTS.has(base.hostname)) {
    throw new Error(
      `TEST_DATABASE_URL must point at a local server (got ${base.hostname}); tests create and drop databases.`,
    );
  }
  const name = `patchbay_test_${Date.now()}_${crypto.randomBytes(3).toString("hex")}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await applyMigrations(url.toString());
  return {
    url: url.toString(),
    mode: "postgres",
    async drop() {
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}
