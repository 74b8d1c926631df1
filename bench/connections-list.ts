// GET /api/v1/connections at 100,000 connections (issue 12), printed as numbers (never asserted). Run by hand:
//   npx tsx bench/connections-list.ts                                  # embedded PGlite
//   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/connections-list.ts
//   BENCH_CONNECTIONS=20000 npx tsx bench/connections-list.ts          # another size (default 100,000)
// The route handler itself (API key auth, zod, the query, the view), called in-process with real Requests, on a
// team seeded by scripts/seed-connections.ts, plus another team of half the size in the same table. A deep page
// is reached by following next_cursor (as a client would), then timed on its own. With BENCH_EXPLAIN=1 it also
// prints PostgreSQL's plans of the list queries.
import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";

process.env.NEXTAUTH_SECRET = "bench-nextauth-secret-0123456789abcdef0123456789";
process.env.PATCHBAY_API_KEY_SECRET = "bench-api-key-secret-0123456789abcdef0123456789";
process.env.PATCHBAY_VAULT_KEYS = `b1:${crypto.randomBytes(32).toString("base64")}`;
process.env.PATCHBAY_DATA_DIR = path.join(os.tmpdir(), "patchbay-bench-connections-list");
process.env.LOG_LEVEL = "silent";
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
else delete process.env.TEST_DATABASE_URL;

const { createTestDatabase } = await import("../test/database");
const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;

const { db, disconnectDb } = await import("../lib/db");
const { signUp } = await import("../lib/auth/sign-up");
const { createApiKey } = await import("../lib/api-keys/create-api-key");
const { findBrands } = await import("../lib/tenancy/repo");
const { seedConnections } = await import("../scripts/seed-connections");
const { call } = await import("../test/http");
const route = await import("../app/api/v1/connections/route");
const { listConnections } = await import("../lib/connections/list-connections");
const { ZListConnectionsQuery } = await import("../lib/connections/schemas");

const N = Number(process.env.BENCH_CONNECTIONS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
console.log(
  `database: ${database.mode}; node ${process.version}; ${os.cpus().length} cores; load ${(os.loadavg()[0] ?? 0).toFixed(1)}; ${N} connections`,
);

async function team(tag: string, n: number) {
  const u = await signUp({ email: `bench-${tag}-${crypto.randomBytes(4).toString("hex")}@example.test`, password: "bench password 123" });
  const first = (await findBrands({ teamId: u.teamId }))[0]!.id;
  const second = `brand_bench_${crypto.randomBytes(4).toString("hex")}`;
  await db.brand.create({ data: { id: second, teamId: u.teamId, name: "Second" } });
  // the enterprise tier has no per-team API rate (the free tier's 600 calls a minute would refuse the bench)
  await db.team.update({ where: { id: u.teamId }, data: { tierId: "enterprise" } });
  const t = performance.now();
  await seedConnections(db, { teamId: u.teamId, brandIds: [first, second], ownerUserId: u.userId, count: n, tag });
  console.log(`seeded ${n} connections in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  return { ...u, brandIds: [first, second] };
}
const main = await team("main", N);
await team("other", Math.floor(N / 2));
// One API key answers 600 requests a minute (lib/http's default limit): a new key every 500 requests.
const admin = {
  actor: { kind: "user" as const, userId: main.userId, sessionId: "bench", isSuperuser: false },
  teamId: main.teamId,
  role: "owner" as const,
};
let key = "";
let used = 500;
const get = async (qs: string) => {
  if (used++ >= 500) {
    key = (await createApiKey(admin, { name: "bench", scopes: ["connections:read"] })).key;
    used = 1;
  }
  const res = await call(route.GET, { path: `/api/v1/connections?${qs}`, bearer: key });
  if (res.status !== 200) throw new Error(`${res.status} ${res.text.slice(0, 300)}`);
  return res.json as { data: { id: string }[]; next_cursor: string | null };
};

/** Follows next_cursor `pages` times (limit 50), returns the cursor of the last page reached. */
async function deepCursor(qs: string, pages: number) {
  let cursor: string | null = null;
  for (let i = 0; i < pages; i += 1) {
    const page = await get(`${qs ? `${qs}&` : ""}limit=50${cursor ? `&cursor=${cursor}` : ""}`);
    if (!page.next_cursor) break;
    cursor = page.next_cursor;
  }
  return cursor!;
}

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(1);
  return { p50: q(0.5), p99: q(0.99) };
}
const rows: string[] = [];
async function measure(name: string, qs: string) {
  const first = await get(qs); // warm
  const lat: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t = performance.now();
    await get(qs);
    lat.push(performance.now() - t);
  }
  const { p50, p99 } = stats(lat);
  const line = `| ${name.padEnd(52)} | ${String(first.data.length).padStart(4)} | ${p50.padStart(6)} | ${p99.padStart(6)} |`;
  rows.push(line);
  console.log(line);
}

console.log(`| ${"GET /api/v1/connections?…".padEnd(52)} | rows | p50 ms | p99 ms |`);
console.log(`| ${"-".repeat(52)} | ---: | -----: | -----: |`);
await measure("provider=none (empty result: the fixed cost of a call)", "provider=none&limit=50");
await measure("limit=50 (first page, no filter)", "limit=50");
await measure("status=needs_reauth&limit=50 (filter, first page)", "status=needs_reauth&limit=50");
await measure("provider=github&limit=50 (filter, first page)", "provider=github&limit=50");
await measure(`brand_id=…&status=connected&limit=50`, `brand_id=${main.brandIds[1]}&status=connected&limit=50`);
const deepAll = await deepCursor("", 1000);
await measure("limit=50&cursor=… (page 1,000: rows 50,001–50,050)", `limit=50&cursor=${deepAll}`);
const deepGithub = await deepCursor("provider=github", 200);
await measure("provider=github&cursor=… (page 200: rows 10,001–)", `provider=github&limit=50&cursor=${deepGithub}`);
await measure("q=user4242 (search: e-mail contains)", "q=user4242&limit=50");
await measure("q=Seed%209 (search: label contains, many hits)", "q=Seed%209&limit=50");

if (process.env.BENCH_EXPLAIN === "1" && database.mode === "postgres") {
  for (const [name, where] of [
    ["team", `"teamId" = '${main.teamId}'`],
    ["status", `"teamId" = '${main.teamId}' AND status = 'needs_reauth'`],
    ["deep", `"teamId" = '${main.teamId}' AND "createdAt" <= now() - interval '50000 seconds' AND ("createdAt" < now() - interval '50000 seconds' OR id < 'z')`],
  ] as const) {
    const plan = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
      `EXPLAIN (ANALYZE, BUFFERS) SELECT id FROM "Connection" WHERE ${where} ORDER BY "createdAt" DESC, id DESC LIMIT 51`,
    );
    console.log(`\nEXPLAIN ${name}:\n${plan.map((p) => p["QUERY PLAN"]).join("\n")}`);
  }
}

// The same first filtered page without HTTP, API-key authentication and output parsing: the database's share.
{
  const q = ZListConnectionsQuery.parse({ status: "needs_reauth", limit: "50" });
  await listConnections(admin, q);
  const lat: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t = performance.now();
    await listConnections(admin, q);
    lat.push(performance.now() - t);
  }
  const { p50, p99 } = stats(lat);
  console.log(`| ${"listConnections() only, status=needs_reauth".padEnd(52)} |   50 | ${p50.padStart(6)} | ${p99.padStart(6)} |`);
}

await disconnectDb();
await database.drop();
