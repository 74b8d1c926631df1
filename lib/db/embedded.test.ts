// The embedded database behind several pool connections: concurrent extended-protocol queries, some inside
// transactions, must each get their own rows (electric-sql/pglite#1046 interleaves them without batchAtomic).
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedDb, type TEmbeddedDb } from "./embedded";

let embedded: TEmbeddedDb;
let pool: pg.Pool;

beforeAll(async () => {
  embedded = await startEmbeddedDb();
  pool = new pg.Pool({ connectionString: embedded.url, max: 8 });
}, 30_000);

afterAll(async () => {
  await pool.end();
  await embedded.stop();
});

describe("embedded database", () => {
  it("keeps each connection's Parse … Sync together under concurrency", async () => {
    const idleErrors: unknown[] = [];
    pool.on("error", (err) => idleErrors.push(err)); // an interleaving can hit an idle client
    const run = async (n: number): Promise<string> => {
      // Differently shaped statements, as an app's mix of queries, so a swapped statement shows.
      if (n % 3 === 0) {
        const client = await pool.connect();
        try {
          await client.query("BEGIN");
          const r = await client.query<{ s: string; n: number }>(
            "SELECT $2::text AS s, $1::int AS n, 1 AS x",
            [n, `v${String(n)}`],
          );
          await client.query("COMMIT");
          return `${String(r.rows[0]?.n)}:${String(r.rows[0]?.s)}`;
        } finally {
          client.release();
        }
      }
      const r = await pool.query<{ n: number; s: string }>("SELECT $1::int AS n, $2::text AS s", [
        n,
        `v${String(n)}`,
      ]);
      return `${String(r.rows[0]?.n)}:${String(r.rows[0]?.s)}`;
    };
    const ns = Array.from({ length: 600 }, (_, i) => i);
    const results = await Promise.all(ns.map((n) => run(n).catch((err: unknown) => String(err))));
    expect(results.filter((r, i) => r !== `${String(i)}:v${String(i)}`)).toEqual([]);
    expect(idleErrors).toEqual([]);
  }, 30_000);
});

describe("finding 10: the embedded database socket requires a generated password", () => {
  const withPassword = (password: string | undefined) => {
    const u = new URL(embedded.url);
    u.password = password ?? "";
    return u.toString();
  };

  it("carries a random password in its URL and refuses a wrong or missing one", async () => {
    const password = new URL(embedded.url).password;
    expect(password.length).toBeGreaterThanOrEqual(32);
    for (const wrong of ["postgres", "", `${password}x`]) {
      const client = new pg.Client({ connectionString: withPassword(wrong) });
      client.on("error", () => undefined);
      await expect(client.connect()).rejects.toThrow(/password|authentication/i);
      await client.end().catch(() => undefined);
    }
    const ok = new pg.Client({ connectionString: embedded.url });
    await ok.connect();
    expect((await ok.query<{ one: number }>("SELECT 1 AS one")).rows[0]?.one).toBe(1);
    await ok.end();
  });

  it("runs with the small buffer pool it is configured with (PATCHBAY_EMBEDDED_SHARED_BUFFERS, default 16MB)", async () => {
    const { rows } = await pool.query<{ shared_buffers: string }>("SHOW shared_buffers");
    expect(rows[0]?.shared_buffers).toBe(process.env.PATCHBAY_EMBEDDED_SHARED_BUFFERS ?? "16MB");
  });

  it("listens on loopback only", () => {
    expect(new URL(embedded.url).hostname).toBe("127.0.0.1");
  });
});
