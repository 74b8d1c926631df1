// Proactive refresh at scale, printed as numbers (never asserted). Run by hand:
//   npx tsx bench/refresh.ts [--n 10000] [--window 600] [--lead 20]            # embedded PGlite
//   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/refresh.ts --n 100000
//
// What it does: a throwaway database (like the tests); one team whose "sandbox" app points at a local fast token
// endpoint (below: refresh-token rotation, and a refresh token presented twice is counted as reuse and refused);
// N OAuth connections inserted directly (sealed credentials, one-hour tokens) whose due times are spread
// uniformly over `--window` seconds starting `--lead` seconds from now; then the app's own job workers
// (lib/jobs/all-jobs.ts: the once-a-minute refresh scan and the per-connection refresh jobs, exactly as an
// instance runs them) until every connection was refreshed.
//
// Time compression, honestly: in production 100,000 one-hour tokens fall due at ~28/s (spread over the hour). The
// bench squeezes the same due times into a shorter window (default 600 s: 6× the real rate, 167/s at 100k); each
// token still has a one-hour lifetime and the app's real margin (600 s) and lookahead; nothing in the app is sped
// up. `--window 0` makes every connection due at the same instant: that measures the maximum drain rate.
//
// Printed: refreshes/s (overall and the best 10 s), due-time error (time the token endpoint saw the refresh minus
// the connection's due time) p50/p99/max, reuse detected (must be 0), and database load: transactions/s and
// rows/s from pg_stat_database, and CPU seconds of this process (embedded: app + database) and of the PostgreSQL
// server processes (external).
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type net from "node:net";
import os from "node:os";
import path from "node:path";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const N = arg("n", 10_000);
const WINDOW_S = arg("window", 600);
const LEAD_S = arg("lead", 90);

process.env.NEXTAUTH_SECRET = "bench-nextauth-secret-0123456789abcdef0123456789";
process.env.PATCHBAY_API_KEY_SECRET = "bench-api-key-secret-0123456789abcdef0123456789";
process.env.PATCHBAY_VAULT_KEYS = `b1:${crypto.randomBytes(32).toString("base64")}`;
process.env.PATCHBAY_DATA_DIR = path.join(os.tmpdir(), "patchbay-bench");
process.env.PATCHBAY_OUTBOUND_ALLOW_PRIVATE = "true";
process.env.PATCHBAY_SANDBOX = "true"; // the connections use the built-in "sandbox" provider entry
process.env.LOG_LEVEL ??= "error";
process.env.APP_URL = "http://localhost:3999";
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
else delete process.env.TEST_DATABASE_URL;

// ── the token endpoint: rotation, reuse detection, and when each connection was refreshed ──
const valid = new Map<string, number>(); // refresh token → connection index
const refreshedAt: number[] = new Array<number>(N).fill(0);
let refreshes = 0;
let reuse = 0;
const perSecond = new Map<number, number>();
const tokenServer = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const form = new URLSearchParams(Buffer.concat(chunks).toString());
    const rt = form.get("refresh_token") ?? "";
    const i = valid.get(rt);
    if (req.url !== "/token" || form.get("grant_type") !== "refresh_token" || i === undefined) {
      reuse++;
      res.writeHead(400, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: "invalid_grant" }));
      return;
    }
    valid.delete(rt);
    const next = `rt.${String(i)}.${crypto.randomBytes(8).toString("hex")}`;
    valid.set(next, i);
    const now = Date.now();
    if (!refreshedAt[i]) refreshedAt[i] = now;
    refreshes++;
    const sec = Math.floor(now / 1000);
    perSecond.set(sec, (perSecond.get(sec) ?? 0) + 1);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(
      JSON.stringify({
        access_token: `at.${String(i)}.${crypto.randomBytes(8).toString("hex")}`,
        token_type: "Bearer",
        expires_in: 3600,
        refresh_token: next,
      }),
    );
  });
});
await new Promise<void>((r) => tokenServer.listen(0, "127.0.0.1", r));
const issuer = `http://127.0.0.1:${String((tokenServer.address() as net.AddressInfo).port)}`;

const { createTestDatabase } = await import("../test/database");
const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;

const pg = (await import("pg")).default;
const { signUp } = await import("../lib/auth/sign-up");
const { configureOAuthApp } = await import("../lib/providers/configure-app");
const { sealCredentials } = await import("../lib/connections/credentials");
const { db, disconnectDb } = await import("../lib/db");
const { ALL_JOBS } = await import("../lib/jobs/all-jobs");
const { startWorkers, stopQueue, queueStats } = await import("../lib/queue/queue");

console.log(
  `database: ${database.mode}; node ${process.version}; ${String(os.cpus().length)} cores; N=${String(N)}, due over ${String(WINDOW_S)} s from +${String(LEAD_S)} s`,
);

// ── seed ──
const email = `bench-${crypto.randomBytes(4).toString("hex")}@example.test`;
const { userId, teamId } = await signUp({ email, password: "bench password 123" }, { bypassClosed: true });
const ctx = {
  actor: { kind: "user" as const, userId, sessionId: "bench", isSuperuser: false },
  teamId,
  role: "owner" as const,
};
await configureOAuthApp(ctx, "sandbox", {
  level: "team",
  client_id: "bench-client",
  client_secret: "bench-client-secret-0123456789abcdef",
  settings: { issuer },
});
const brand = await db.brand.findFirstOrThrow({ where: { teamId }, select: { id: true } });
const MARGIN_MS = 600_000;
const t0 = Date.now() + LEAD_S * 1000;
const dueAt = Array.from({ length: N }, (_, i) => t0 + (N > 1 ? (WINDOW_S * 1000 * i) / (N - 1) : 0));
const seedStart = Date.now();
const client = new pg.Client({ connectionString: database.url });
await client.connect();
for (let from = 0; from < N; from += 1000) {
  const values: unknown[] = [];
  const rows: string[] = [];
  for (let i = from; i < Math.min(N, from + 1000); i++) {
    const id = `conn_bench_${String(i)}`;
    const rt = `rt.${String(i)}.0`;
    valid.set(rt, i);
    const expires = new Date(dueAt[i]! + MARGIN_MS); // due = expiry − margin for a one-hour token
    const sealed = sealCredentials(id, {
      type: "oauth2",
      access_token: `at.${String(i)}.0`,
      refresh_token: rt,
      extra: {},
    });
    const p = values.length;
    rows.push(
      `($${String(p + 1)}, $${String(p + 2)}, $${String(p + 3)}, 'shared', 'sandbox', 'oauth2', 'connected', $${String(p + 4)}, $${String(p + 5)}, $${String(p + 6)}, now())`,
    );
    values.push(id, teamId, brand.id, sealed, expires, new Date(expires.getTime() - 3600_000));
  }
  await client.query(
    `INSERT INTO "Connection" (id, "teamId", "brandId", "ownerKind", "providerSlug", "authMode", status, "credentialsSealed", "tokenExpiresAt", "lastAuthorizedAt", "updatedAt") VALUES ${rows.join(",")}`,
    values,
  );
}
await client.query(`ANALYZE "Connection"`);
console.log(`seeded ${String(N)} connections in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

// ── load meters ──
async function dbCounters() {
  try {
    const r = await client.query<{ x: string; r: string; i: string; u: string }>(
      `SELECT (xact_commit + xact_rollback)::text AS x, (tup_returned + tup_fetched)::text AS r,
              tup_inserted::text AS i, (tup_updated + tup_deleted)::text AS u
       FROM pg_stat_database WHERE datname = current_database()`,
    );
    const row = r.rows[0];
    return row ? { x: Number(row.x), r: Number(row.r), i: Number(row.i), u: Number(row.u) } : null;
  } catch {
    return null;
  }
}
function postgresCpuSeconds(): number | null {
  if (database.mode !== "postgres") return null;
  let ticks = 0;
  for (const pid of fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d))) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
      const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      if (comm !== "postgres") continue;
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(f[11]) + Number(f[12]); // utime + stime
    } catch {
      /* exited */
    }
  }
  return ticks / 100; // USER_HZ
}

// ── run ──
const before = {
  db: await dbCounters(),
  cpu: process.cpuUsage(),
  pgCpu: postgresCpuSeconds(),
  at: Date.now(),
};
await startWorkers(ALL_JOBS);
const deadline = t0 + WINDOW_S * 1000 + 600_000;
let lastPrint = 0;
while (refreshedAt.some((t) => t === 0) && Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 1000));
  if (Date.now() - lastPrint > 30_000) {
    lastPrint = Date.now();
    const stats = (await queueStats()).find((s) => s.name === "connections.refresh");
    const done = refreshedAt.filter((t) => t > 0).length;
    console.log(
      `  +${((Date.now() - before.at) / 1000).toFixed(0)} s: ${String(done)} refreshed; queue ready ${String(stats?.ready ?? 0)}, deferred ${String(stats?.deferred ?? 0)}, active ${String(stats?.active ?? 0)}, lag ${String(stats?.oldestReadyAgeSeconds ?? 0)} s`,
    );
  }
}
const after = {
  db: await dbCounters(),
  cpu: process.cpuUsage(before.cpu),
  pgCpu: postgresCpuSeconds(),
  at: Date.now(),
};

// ── report ──
const errors = refreshedAt.map((t, i) => (t ? (t - dueAt[i]!) / 1000 : NaN)).filter((e) => !Number.isNaN(e));
errors.sort((a, b) => a - b);
const q = (p: number) =>
  errors.length ? errors[Math.min(errors.length - 1, Math.floor(p * errors.length))]! : NaN;
const done = errors.length;
const first = Math.min(...refreshedAt.filter((t) => t > 0));
const last = Math.max(...refreshedAt);
const secs = [...perSecond.keys()].sort((a, b) => a - b);
let best10 = 0;
for (const s of secs) {
  let sum = 0;
  for (let k = 0; k < 10; k++) sum += perSecond.get(s + k) ?? 0;
  best10 = Math.max(best10, sum / 10);
}
const wall = (after.at - before.at) / 1000;
console.log(
  `refreshed ${String(done)} / ${String(N)} (token endpoint calls: ${String(refreshes)}; reuse detected: ${String(reuse)})`,
);
console.log(
  `throughput: ${(done / Math.max(0.001, (last - first) / 1000)).toFixed(0)} refreshes/s from first to last refresh; best 10 s: ${best10.toFixed(0)}/s; required by the schedule: ${WINDOW_S > 0 ? (N / WINDOW_S).toFixed(0) : "∞"}/s`,
);
console.log(
  `due-time error (refresh − due): p50 ${q(0.5).toFixed(1)} s, p99 ${q(0.99).toFixed(1)} s, max ${(errors[errors.length - 1] ?? NaN).toFixed(1)} s, min ${q(0).toFixed(1)} s`,
);
const cpu = (after.cpu.user + after.cpu.system) / 1e6;
console.log(
  `cpu over ${wall.toFixed(0)} s: this process ${cpu.toFixed(1)} s (${((100 * cpu) / wall).toFixed(0)} % of a core)` +
    (before.pgCpu !== null && after.pgCpu !== null
      ? `; PostgreSQL server ${(after.pgCpu - before.pgCpu).toFixed(1)} s (${((100 * (after.pgCpu - before.pgCpu)) / wall).toFixed(0)} % of a core, every database on it)`
      : ""),
);
if (before.db && after.db) {
  const d = (k: "x" | "r" | "i" | "u") => ((after.db![k] - before.db![k]) / wall).toFixed(0);
  console.log(
    `database: ${d("x")} transactions/s, ${d("r")} rows read/s, ${d("i")} rows inserted/s, ${d("u")} rows updated+deleted/s (pg_stat_database)` +
      (done ? `; ${((after.db.x - before.db.x) / done).toFixed(1)} transactions per refresh` : ""),
  );
} else console.log("database: pg_stat_database not available on this database");

await stopQueue(5_000);
await client.end();
await disconnectDb();
tokenServer.close();
await database.drop();
process.exit(0);
