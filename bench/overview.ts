// The Overview's connection queries with many connections (issue 13: "the same with 0 and with 100,000"), printed
// as numbers (never asserted). Run by hand:
//   npx tsx bench/overview.ts                                  # embedded PGlite
//   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/overview.ts
//   BENCH_CONNECTIONS=20000 npx tsx bench/overview.ts          # another size (default 100,000)
// One team, two brands, connections spread over statuses (1 % needs_reauth, 0.5 % error, 0.5 % expires_soon),
// inserted with one INSERT … SELECT generate_series (no credentials: the queries never read them).
import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";

process.env.NEXTAUTH_SECRET = "bench-nextauth-secret-0123456789abcdef0123456789";
process.env.PATCHBAY_API_KEY_SECRET = "bench-api-key-secret-0123456789abcdef0123456789";
process.env.PATCHBAY_VAULT_KEYS = `b1:${crypto.randomBytes(32).toString("base64")}`;
process.env.PATCHBAY_DATA_DIR = path.join(os.tmpdir(), "patchbay-bench-overview");
process.env.LOG_LEVEL = "silent";
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
else delete process.env.TEST_DATABASE_URL;

const { createTestDatabase } = await import("../test/database");
const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;

const { db, disconnectDb } = await import("../lib/db");
const { signUp } = await import("../lib/auth/sign-up");
const { getConnectionOverview } = await import("../lib/connections/get-overview");
const { findBrands } = await import("../lib/tenancy/repo");

const N = Number(process.env.BENCH_CONNECTIONS ?? 100_000);
console.log(
  `database: ${database.mode}; node ${process.version}; ${os.cpus().length} cores; ${N} connections`,
);

const { userId, teamId } = await signUp({
  email: `bench-${crypto.randomBytes(4).toString("hex")}@example.test`,
  password: "bench password 123",
});
const brandA = (await findBrands({ teamId }))[0]!.id;
const brandB = `brand_bench_${crypto.randomBytes(4).toString("hex")}`;
await db.brand.create({ data: { id: brandB, teamId, name: "Second" } });
// another team's connections in the same table, so the team filter has something to skip
const other = await signUp({
  email: `bench-other-${crypto.randomBytes(4).toString("hex")}@example.test`,
  password: "bench password 123",
});
const otherBrand = (await findBrands({ teamId: other.teamId }))[0]!.id;

async function seed(team: string, brands: [string, string], n: number) {
  const t = performance.now();
  await db.$executeRawUnsafe(
    `INSERT INTO "Connection" (id, "teamId", "brandId", "ownerKind", "ownerUserId", "providerSlug", "authMode",
       status, "lastErrorCode", "updatedAt", "createdAt")
     SELECT 'conn_bench_' || $1 || '_' || g, $1, CASE WHEN g % 3 = 0 THEN $3 ELSE $2 END, 'shared', NULL,
       'sandbox', 'oauth2',
       (CASE WHEN g % 100 = 0 THEN 'needs_reauth' WHEN g % 200 = 1 THEN 'error'
             WHEN g % 50 = 7 THEN 'disabled' ELSE 'connected' END)::"ConnectionStatus",
       CASE WHEN g % 200 = 3 THEN 'expires_soon' ELSE NULL END,
       now() - (g || ' seconds')::interval, now()
     FROM generate_series(1, $4::int) g`,
    team,
    brands[0],
    brands[1],
    n,
  );
  await db.$executeRawUnsafe(`ANALYZE "Connection"`);
  console.log(`seeded ${n} connections in ${((performance.now() - t) / 1000).toFixed(1)} s`);
}
await seed(teamId, [brandA, brandB], N);
await seed(other.teamId, [otherBrand, otherBrand], Math.floor(N / 2));

const admin = {
  actor: { kind: "user" as const, userId, sessionId: "bench", isSuperuser: false },
  teamId,
  role: "owner" as const,
};
const member = { ...admin, role: "member" as const };

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(1);
  return `p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${s.at(-1)!.toFixed(1)} ms`;
}
async function measure(name: string, runs: number, fn: () => Promise<unknown>) {
  await fn(); // warm
  const lat: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t = performance.now();
    await fn();
    lat.push(performance.now() - t);
  }
  console.log(`${name.padEnd(48)} ${String(runs).padStart(3)} runs  ${stats(lat)}`);
}

const sample = await getConnectionOverview(admin);
console.log(
  `overview: ${sample.byBrand.map((b) => `${b.total} in a brand`).join(", ")}; ` +
    `${sample.attention.length} listed of ${sample.attentionTotal} needing attention (count capped)`,
);
await measure("getConnectionOverview (admin: all of the team)", 20, () => getConnectionOverview(admin));
await measure("getConnectionOverview (member: own + shared)", 20, () => getConnectionOverview(member));

await disconnectDb();
await database.drop();
