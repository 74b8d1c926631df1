// The proxy benchmark of issue 8 (prints numbers; never a test). Run by hand, after a production build:
//   npx next build
//   npx tsx bench/proxy.ts                                   # (a), (b), (c) on the embedded database
//   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/proxy.ts   # (c) on PostgreSQL too
// Knobs: BENCH_SECONDS (measured time per target, default 10), BENCH_CLIENTS (default 50), BENCH_RATE and
// BENCH_PACED_SECONDS (the fixed-rate latency run, default 500/s for 5 s; BENCH_RATE=0 skips it), BENCH_PORT (the
// Patchbay server, default 3390), BENCH_ONLY=direct,forwarder,essentials,embedded,postgres (a subset),
// BENCH_SERVED=next,listener,floor,listener-floor (which of the Patchbay server's entries are loaded; default all),
// BENCH_PROFILE_DIR (V8 CPU profiles of the forwarder and of the Patchbay server, written when they exit),
// BENCH_SERVER_NODE_OPTIONS (NODE_OPTIONS for the Patchbay server only, e.g. V8 heap flags to compare),
// BENCH_B2_SKIP=als,hmac,vault,url,abort,headers,summary ((b2) without those steps: what each one costs).
//
// One local upstream (a child process answering every request with the same 1 KB JSON, keep-alive) is called
// by BENCH_CLIENTS concurrent clients (an undici Pool with as many keep-alive connections) for a fixed time, after
// a 2 s warm-up, through:
//   (a) nothing — direct calls;
//   (b) a bare undici forwarder (a child process: node:http server → undici Pool → upstream, bodies piped);
//   (b2) the same forwarder doing what any proxy with Patchbay's guarantees must do per request, by Patchbay's own
//       functions, and no lookups (essentialsForwarder below): the ceiling for (c) in this runtime;
//   (c) Patchbay's proxy, `next start` of the production build, GET /api/v1/connections/{id}/proxy/charges with an
//       API key — once through Next.js (PORT) and once through the dedicated listener of the same process
//       (PATCHBAY_PROXY_PORT = PORT + 1, lib/listener: the same handler without Next.js routing), for a Stripe
//       API-key connection whose host (api.stripe.com) PATCHBAY_OUTBOUND_HOST_MAP reroutes to the upstream. The team's proxy rate limits are raised and it is put on the enterprise tier (no monthly
//       quota), so that neither refuses the benchmark.
// Printed per target: requests/s, p50 and p99 latency, non-2xx answers, the peak RSS of the server under test
// (its whole process tree, sampled every 100 ms), the CPU time that tree spent per request (user + system, over
// the measured seconds), p50 and p99 at a fixed arrival rate (BENCH_RATE, default 500/s; pacedRun), then the
// ratios the issue sets targets for — the added latency taken at that rate, where it is the cost of one request
// rather than the queue 50 clients build at saturation.
// Everything runs on this one machine: the load generator competes with the servers for the same cores.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import { EventEmitter } from "node:events";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { Pool } from "undici";

const role = process.argv[2];
const BODY = JSON.stringify({
  object: "list",
  data: Array.from({ length: 9 }, (_, i) => ({ id: `ch_${String(i).padStart(20, "0")}`, amount: 1000 + i })),
  has_more: false,
  pad: "",
});
const PAYLOAD = (() => {
  const base = JSON.parse(BODY) as { pad: string };
  base.pad = "x".repeat(Math.max(0, 1024 - BODY.length));
  return Buffer.from(JSON.stringify(base));
})();

// ── measurement ────────────────────────────────────────────────────────────────────────────────────────────
type TResult = {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  non2xx: number;
  errors: number;
  peakRssMb: number;
  /** CPU time of the server under test per request, µs */
  cpuUsPerReq: number;
  /** latency at a fixed arrival rate below every target's capacity (BENCH_RATE), ms; NaN when not measured */
  pacedP50: number;
  pacedP99: number;
  /** answers of the paced run that were not 2xx, or failed */
  pacedBad: number;
};

/** The pids of a process and all its descendants (Linux /proc). */
function treePids(rootPid: number): Set<number> {
  const parents = new Map<number, number>();
  for (const d of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
      parents.set(Number(d), Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]));
    } catch {
      /* exited meanwhile */
    }
  }
  const pids = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, ppid] of parents)
      if (pids.has(ppid) && !pids.has(pid)) {
        pids.add(pid);
        grew = true;
      }
  }
  return pids;
}

/**
 * CPU time (user + system, ms) used so far by a process tree (Linux /proc; 0 elsewhere). Per request it is the
 * steadier figure on a shared machine: requests/s moves with whatever else runs, the CPU a request costs less.
 */
function treeCpuMs(rootPid: number): number {
  try {
    let ticks = 0;
    for (const pid of treePids(rootPid)) {
      try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        ticks += Number(f[11]) + Number(f[12]); // utime, stime (fields 14 and 15)
      } catch {
        /* exited */
      }
    }
    return (ticks * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

/** RSS of a process and all its descendants (Linux /proc; 0 elsewhere). */
function treeRssBytes(rootPid: number): number {
  try {
    const pids = treePids(rootPid);
    let total = 0;
    for (const pid of pids) {
      try {
        const m = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/VmRSS:\s+(\d+) kB/);
        if (m) total += Number(m[1]) * 1024;
      } catch {
        /* exited */
      }
    }
    return total;
  } catch {
    return 0;
  }
}

async function load(
  name: string,
  origin: string,
  reqPath: string,
  headers: Record<string, string>,
  serverPid: number,
): Promise<TResult> {
  const clients = Number(process.env.BENCH_CLIENTS ?? 50);
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  const pool = new Pool(origin, { connections: clients, pipelining: 1 });
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, treeRssBytes(serverPid))), 100);
  const run = async (ms: number, record: boolean) => {
    const lat: number[] = [];
    let non2xx = 0;
    let errors = 0;
    const until = performance.now() + ms;
    await Promise.all(
      Array.from({ length: clients }, async () => {
        while (performance.now() < until) {
          const t = performance.now();
          try {
            const res = await pool.request({ method: "GET", path: reqPath, headers });
            await res.body.arrayBuffer();
            if (res.statusCode < 200 || res.statusCode > 299) non2xx++;
          } catch {
            errors++;
          }
          if (record) lat.push(performance.now() - t);
        }
      }),
    );
    return { lat, non2xx, errors };
  };
  await run(2_000, false); // warm-up: JIT, connection pools, caches
  const t0 = performance.now();
  const cpu0 = treeCpuMs(serverPid);
  const { lat, non2xx, errors } = await run(seconds * 1000, true);
  const cpuMs = treeCpuMs(serverPid) - cpu0;
  const secs = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  const paced = await pacedRun(pool, reqPath, headers);
  await pool.close();
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN;
  return {
    ...paced,
    name,
    rps: lat.length / secs,
    p50: q(0.5),
    p99: q(0.99),
    requests: lat.length,
    non2xx,
    errors,
    peakRssMb: peak / 1024 / 1024,
    cpuUsPerReq: lat.length ? (cpuMs * 1000) / lat.length : NaN,
  };
}

/**
 * Latency at a fixed arrival rate (BENCH_RATE requests/s, default 500; 0 skips it) for BENCH_PACED_SECONDS (default
 * 5): requests are started on a schedule, not when the previous one ends, and each is timed from when it was due
 * — a slow answer cannot hide the ones queued behind it. The closed loop above keeps 50 requests in flight, so its
 * latency is 50 ÷ throughput (queueing, not the work a request costs); at a rate every target can serve, the
 * difference to (a) is what the proxy adds to one request.
 */
async function pacedRun(
  pool: Pool,
  reqPath: string,
  headers: Record<string, string>,
): Promise<Pick<TResult, "pacedP50" | "pacedP99" | "pacedBad">> {
  const rate = Number(process.env.BENCH_RATE ?? 500);
  const seconds = Number(process.env.BENCH_PACED_SECONDS ?? 5);
  if (!(rate > 0) || !(seconds > 0)) return { pacedP50: NaN, pacedP99: NaN, pacedBad: 0 };
  const lat: number[] = [];
  let bad = 0;
  const total = Math.round(rate * seconds);
  const inFlight: Promise<void>[] = [];
  const t0 = performance.now();
  let sent = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * rate) + 1);
      for (; sent < due; sent++) {
        const dueAt = t0 + (sent * 1000) / rate;
        inFlight.push(
          pool
            .request({ method: "GET", path: reqPath, headers })
            .then(async (res) => {
              await res.body.arrayBuffer();
              if (res.statusCode < 200 || res.statusCode > 299) bad++;
            })
            .catch(() => void bad++)
            .finally(() => void lat.push(performance.now() - dueAt)),
        );
      }
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
  await Promise.all(inFlight);
  lat.sort((a, b) => a - b);
  const q = (p: number) => lat[Math.min(lat.length - 1, Math.floor(p * lat.length))] ?? NaN;
  return { pacedP50: q(0.5), pacedP99: q(0.99), pacedBad: bad };
}

/** BENCH_PROFILE_DIR: node flags for a V8 CPU profile of a server under test, written there when it exits. */
const profileArgs = (): string[] => {
  const dir = process.env.BENCH_PROFILE_DIR;
  return dir ? ["--cpu-prof", `--cpu-prof-dir=${dir}`] : [];
};

function startChild(args: string[]): Promise<{ child: ChildProcess; url: string }> {
  const prof = args[0] === "--upstream" ? [] : profileArgs(); // the upstream is not under test
  const child = spawn(process.execPath, [...prof, "--import", "tsx", "bench/proxy.ts", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on("line", (l) => {
      const m = l.match(/^LISTENING (\d+)$/);
      if (m) resolve({ child, url: `http://127.0.0.1:${m[1]}` });
    });
    child.once("exit", (code) => reject(new Error(`${args[0]} exited (${String(code)})`)));
  });
}

const stopChild = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });

// ── Patchbay ───────────────────────────────────────────────────────────────────────────────────────────────
const SECRETS = {
  NEXTAUTH_SECRET: "bench-nextauth-secret-0123456789abcdef0123456789",
  PATCHBAY_API_KEY_SECRET: "bench-api-key-secret-0123456789abcdef0123456789",
  PATCHBAY_VAULT_KEYS: `b1:${Buffer.from("bench-vault-key-0123456789ABCDEFGH").subarray(0, 32).toString("base64")}`,
};

/** A team, an API key with connections:read, a Stripe API-key connection, limits out of the way. */
async function seed(databaseUrl: string): Promise<{ key: string; connectionId: string }> {
  Object.assign(process.env, SECRETS, { DATABASE_URL: databaseUrl, LOG_LEVEL: "silent" });
  (globalThis as { __patchbayEnv?: unknown }).__patchbayEnv = undefined;
  const { signUp } = await import("../lib/auth/sign-up");
  const { createApiKey } = await import("../lib/api-keys/create-api-key");
  const { createConnection } = await import("../lib/connections/create-connection");
  const { db, disconnectDb } = await import("../lib/db");
  const { stopQueue } = await import("../lib/queue/queue");
  const email = `bench-${crypto.randomBytes(4).toString("hex")}@example.test`;
  const { userId, teamId } = await signUp(
    { email, password: "bench password 123", team_name: "Bench" },
    {
      bypassClosed: true,
    },
  );
  const ctx = {
    actor: { kind: "user" as const, userId, sessionId: "bench", isSuperuser: false },
    teamId,
    role: "owner" as const,
  };
  const { key } = await createApiKey(ctx, {
    name: "bench",
    scopes: ["connections:read", "connections:write", "connections:proxy"],
  });
  const brandId = (await db.brand.findFirstOrThrow({ where: { teamId } })).id;
  const conn = await createConnection(
    {
      teamId,
      brandId,
      ownerKind: "shared",
      ownerUserId: null,
      providerSlug: "stripe",
      authMode: "api_key",
      label: "Bench",
      credentials: { type: "api_key", api_key: "sk_test_bench0123456789abcdef" },
      accountIdentity: {},
      params: {},
      metadata: {},
      context: {},
      scopes: [],
      tokenExpiresAt: null,
      refreshTokenExpiresAt: null,
    },
    "bench",
  );
  await db.team.update({
    where: { id: teamId },
    // the enterprise tier has no monthly quota of proxied calls (a long run would pass the free tier's 100,000)
    data: { proxyKeyRpm: 1_000_000, proxyConnectionRpm: 1_000_000, tierId: "enterprise" },
  });
  // the job sender a connection's creation started points at THIS database: the next seed uses another one
  await stopQueue(2_000);
  await disconnectDb();
  return { key, connectionId: conn.id };
}

async function waitForHealth(origin: string, child: ChildProcess) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited (${String(child.exitCode)})`);
    try {
      if ((await fetch(`${origin}/api/health`)).ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error("Patchbay did not become healthy within 120 s");
}

/** BENCH_SERVED=next,listener,floor,listener-floor (default all): which of the server's entries are loaded. */
const wantServed = (k: string) =>
  !process.env.BENCH_SERVED || process.env.BENCH_SERVED.split(",").includes(k);

async function benchPatchbay(mode: "embedded" | "postgres", upstream: string): Promise<TResult[] | string> {
  if (!fs.existsSync(path.join(".next", "BUILD_ID")))
    return "no production build (.next/BUILD_ID): run `npx next build` first";
  const port = process.env.BENCH_PORT ?? "3390";
  const origin = `http://127.0.0.1:${port}`;
  const listenerPort = Number(port) + 1;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patchbay-bench-proxy-"));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...SECRETS,
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_MANUAL_SIG_HANDLE: "1",
    PORT: port,
    PATCHBAY_PROXY_PORT: String(listenerPort),
    APP_URL: `http://localhost:${port}`,
    PATCHBAY_DATA_DIR: dataDir,
    PATCHBAY_SANDBOX: "false",
    PATCHBAY_SCHEDULER_INTERVAL_MS: "0",
    LOG_LEVEL: "warn",
    PATCHBAY_OUTBOUND_ALLOW_PRIVATE: "true",
    PATCHBAY_OUTBOUND_HOST_MAP: JSON.stringify({ "api.stripe.com": upstream }),
  };
  let drop = async () => {};
  let seeded: { key: string; connectionId: string };
  if (mode === "embedded") {
    // Seed the data directory with the app stopped, then let `next start` open it as its embedded database.
    const { startEmbeddedDb } = await import("../lib/db/embedded");
    const { applyMigrations } = await import("../lib/db/migrate");
    const db = await startEmbeddedDb(path.join(dataDir, "pglite"));
    await applyMigrations(db.url);
    seeded = await seed(db.url);
    await db.stop();
    delete env.DATABASE_URL;
  } else {
    process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
    const { createTestDatabase } = await import("../test/database");
    const database = await createTestDatabase();
    drop = () => database.drop();
    seeded = await seed(database.url);
    env.DATABASE_URL = database.url;
  }
  delete env.TEST_DATABASE_URL;
  if (process.env.BENCH_SERVER_NODE_OPTIONS) env.NODE_OPTIONS = process.env.BENCH_SERVER_NODE_OPTIONS;
  const nextBin = path.join("node_modules", "next", "dist", "bin", "next");
  const child = spawn(process.execPath, [...profileArgs(), nextBin, "start", "-H", "127.0.0.1", "-p", port], {
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
  try {
    await waitForHealth(origin, child);
    const reqPath = `/api/v1/connections/${seeded.connectionId}/proxy/charges`;
    const headers = { authorization: `Bearer ${seeded.key}` };
    const probe = await fetch(origin + reqPath, { headers });
    const text = await probe.text();
    if (probe.status === 404 && !(probe.headers.get("content-type") ?? "").includes("json"))
      return (
        `${reqPath.replace(seeded.connectionId, "{id}")} is not in this build (Next.js 404): ` +
        "merge the proxy core (lib/proxy, app/api/v1/connections/[id]/proxy), then `npx next build` again"
      );
    if (probe.status !== 200 || Buffer.byteLength(text) !== PAYLOAD.length)
      return `the proxy answered ${probe.status} (${Buffer.byteLength(text)} bytes), not the upstream's 200: ${text.slice(0, 300)}`;
    const results: TResult[] = [];
    if (wantServed("next"))
      results.push(await load(`(c) Patchbay proxy, ${mode}`, origin, reqPath, headers, child.pid!));
    // The same handler on the dedicated listener (PATCHBAY_PROXY_PORT, lib/listener): no Next.js routing.
    if (wantServed("listener"))
      results.push(
        await load(
          `(c) Patchbay listener, ${mode}`,
          `http://127.0.0.1:${listenerPort}`,
          reqPath,
          headers,
          child.pid!,
        ),
      );
    // The same server's floor: a route that does nothing but answer through defineRoute (no auth, no database,
    // no upstream) — what Next.js route handling costs by itself on this machine.
    if (wantServed("floor"))
      results.push(await load(`(n) Next.js floor, ${mode}`, origin, "/api/health", {}, child.pid!));
    // The listener's own floor in the same process: its constant health answer (no auth, no upstream).
    if (wantServed("listener-floor"))
      results.push(
        await load(
          `(n) listener floor, ${mode}`,
          `http://127.0.0.1:${listenerPort}`,
          "/api/health",
          {},
          child.pid!,
        ),
      );
    return results;
  } finally {
    await stopChild(child);
    await drop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

// ── main ───────────────────────────────────────────────────────────────────────────────────────────────────
async function main() {
  const only = process.env.BENCH_ONLY?.split(",");
  const want = (k: string) => !only || only.includes(k);
  console.log(
    `node ${process.version}; ${os.cpus().length} cores; ${process.env.BENCH_CLIENTS ?? 50} clients; ` +
      `${process.env.BENCH_SECONDS ?? 10} s per target (after 2 s warm-up); upstream body ${PAYLOAD.length} B`,
  );
  const up = await startChild(["--upstream"]);
  const results: TResult[] = [];
  const notes: string[] = [];
  try {
    if (want("direct")) results.push(await load("(a) direct", up.url, "/v1/charges", {}, up.child.pid!));
    if (want("forwarder")) {
      const fwd = await startChild(["--forwarder", up.url]);
      results.push(await load("(b) bare undici forwarder", fwd.url, "/v1/charges", {}, fwd.child.pid!));
      await stopChild(fwd.child);
    }
    if (want("essentials")) {
      const ess = await startChild(["--essentials", up.url]);
      results.push(await load("(b2) forwarder + essentials", ess.url, "/v1/charges", {}, ess.child.pid!));
      await stopChild(ess.child);
    }
    const modes: ("embedded" | "postgres")[] = [];
    if (want("embedded")) modes.push("embedded");
    if (want("postgres") && process.env.BENCH_DATABASE_URL) modes.push("postgres");
    for (const mode of modes) {
      const r = await benchPatchbay(mode, up.url);
      if (typeof r === "string") notes.push(`(c) ${mode}: ${r}`);
      else results.push(...r);
    }
  } finally {
    await stopChild(up.child);
  }

  const rateLabel = `${process.env.BENCH_RATE ?? 500}/s`;
  console.log(
    `\n${"target".padEnd(34)} ${"req/s".padStart(8)} ${"p50 ms".padStart(8)} ${"p99 ms".padStart(8)} ` +
      `${"non-2xx".padStart(8)} ${"errors".padStart(7)} ${"peak RSS".padStart(9)} ${"CPU/req".padStart(9)} ` +
      `${`p50@${rateLabel}`.padStart(9)} ${`p99@${rateLabel}`.padStart(9)}`,
  );
  for (const r of results)
    console.log(
      `${r.name.padEnd(34)} ${r.rps.toFixed(0).padStart(8)} ${r.p50.toFixed(2).padStart(8)} ` +
        `${r.p99.toFixed(2).padStart(8)} ${String(r.non2xx).padStart(8)} ${String(r.errors).padStart(7)} ` +
        `${`${r.peakRssMb.toFixed(0)} MB`.padStart(9)} ${`${r.cpuUsPerReq.toFixed(0)} µs`.padStart(9)} ` +
        `${r.pacedP50.toFixed(2).padStart(9)} ${r.pacedP99.toFixed(2).padStart(9)}` +
        (r.pacedBad ? ` (${r.pacedBad} failed at ${rateLabel})` : ""),
    );
  const direct = results.find((r) => r.name.startsWith("(a)"));
  const fwd = results.find((r) => r.name.startsWith("(b)"));
  const ess = results.find((r) => r.name.startsWith("(b2)"));
  for (const r of results.filter((x) => x.name.startsWith("(c)"))) {
    const parts: string[] = [];
    if (direct)
      parts.push(
        `${(r.rps / direct.rps).toFixed(2)}× direct (target ≥ 0.5)`,
        `at ${rateLabel}: +${(r.pacedP50 - direct.pacedP50).toFixed(2)} ms p50 (≤ 2), ` +
          `+${(r.pacedP99 - direct.pacedP99).toFixed(2)} ms p99 (≤ 10)`,
        `saturated: +${(r.p50 - direct.p50).toFixed(2)} ms p50, +${(r.p99 - direct.p99).toFixed(2)} ms p99`,
      );
    if (fwd) parts.push(`${(r.rps / fwd.rps).toFixed(2)}× forwarder (≥ 0.8)`);
    if (ess) parts.push(`${(r.rps / ess.rps).toFixed(2)}× (b2)`);
    parts.push(`RSS ${r.peakRssMb.toFixed(0)} MB (≤ 400)`);
    console.log(`${r.name}: ${parts.join(", ")}`);
  }
  for (const r of results.filter((x) => x.name.startsWith("(n)")))
    if (fwd)
      console.log(
        `${r.name}: ${(r.rps / fwd.rps).toFixed(2)}× forwarder — a constant answer (no auth, no upstream): the ` +
          "ceiling of any route served there",
      );
  if (ess && fwd)
    console.log(
      `(b2) forwarder + essentials: ${(ess.rps / fwd.rps).toFixed(2)}× forwarder, ` +
        `${(ess.cpuUsPerReq - fwd.cpuUsPerReq).toFixed(0)} µs more CPU per request — no proxy that authenticates, ` +
        "opens the vault, adds the security headers and reports metrics can pass this here",
    );
  if (fwd && direct)
    console.log(
      `(b) forwarder: ${(fwd.rps / direct.rps).toFixed(2)}× direct, +${(fwd.p50 - direct.p50).toFixed(2)} ms p50`,
    );
  for (const n of notes) console.log(`not measured — ${n}`);
  if (notes.length) process.exitCode = 1;
}

/**
 * (b2): the bare forwarder plus what every proxied request must do whatever the implementation, each step by
 * Patchbay's own function — the log context (AsyncLocalStorage), a request id, the API key's HMAC and a lookup of
 * it, the vault opening the credential (AES-256-GCM; at most once a second, as the listener opens it once per row
 * read), the target URL parsed against the API base, an abort bound to the caller, the guarded keep-alive pool,
 * the provider's headers filtered and the security headers added, and the summary observers (metrics, usage
 * counters, log line). What it leaves out is lookups: no database, no caches, no routing, no limits or throttle.
 * It is the ceiling of any proxy that keeps those guarantees in this runtime on this machine; (c) can approach it,
 * not pass it. BENCH_B2_SKIP leaves named steps out, to price each one.
 */
async function essentialsForwarder(upstream: string) {
  process.on("SIGTERM", () => process.exit(0));
  Object.assign(process.env, SECRETS, { LOG_LEVEL: "warn" });
  const { hashApiKey, isWellFormedApiKey, generateApiKey } = await import("../lib/api-keys/format");
  const { sealJson, openJson, aadFor } = await import("../lib/vault/vault");
  const { withLogContext } = await import("../lib/log");
  const { newRequestId } = await import("../lib/http/request-id");
  const { securityHeaders } = await import("../lib/security-headers");
  const { proxyAgent } = await import("../lib/proxy/agent");
  const { downstreamHeaderRecord } = await import("../lib/proxy/headers");
  const { emitProxyComplete } = await import("../lib/proxy/observe");
  const key = generateApiKey();
  const keys = new Map([[hashApiKey(key, SECRETS.PATCHBAY_API_KEY_SECRET), { teamId: "team_bench" }]]);
  const aad = aadFor("connection", "conn_bench", "credentials");
  const sealed = sealJson({ type: "api_key", api_key: "sk_test_bench0123456789abcdef" }, aad);
  let opened = { at: -Infinity, cred: { api_key: "" } };
  const security = securityHeaders({ path: "/api/v1/proxy", appUrl: "http://localhost:3390" });
  const agent = proxyAgent({ allowPrivate: true });
  const origin = new URL(upstream);
  // BENCH_B2_SKIP=als,hmac,vault,url,abort,headers,summary leaves those steps out, to price each one
  const skip = new Set((process.env.BENCH_B2_SKIP ?? "").split(",").filter(Boolean));
  const inContext = skip.has("als") ? (_: unknown, fn: () => void) => fn() : withLogContext;
  const server = http.createServer((req, res) => {
    const requestId = newRequestId();
    inContext({ requestId }, () => {
      const started = Date.now();
      // the bench's clients send (b2) no key (it made its own): it checks that one, as a caller's would be
      const given = (req.headers.authorization ?? "").replace(/^Bearer /, "") || key;
      const found = skip.has("hmac")
        ? { teamId: "team_bench" }
        : isWellFormedApiKey(given)
          ? keys.get(hashApiKey(given, SECRETS.PATCHBAY_API_KEY_SECRET))
          : null;
      if (!found) return void res.writeHead(401).end();
      // opened at most once a second, as the listener opens it once per row read (row cache: 1 s)
      if (!skip.has("vault") && started - opened.at >= 1000)
        opened = { at: started, cred: openJson(sealed, aad) as { api_key: string } };
      const { cred } = opened;
      const target = skip.has("url")
        ? { pathname: req.url ?? "/", search: "" }
        : new URL(`.${req.url ?? "/"}`, "https://api.stripe.com/");
      // as the listener does: an AbortController for the request, and undici given an EventEmitter fed by it
      // (lib/proxy/proxy-request.ts abortBridge; undici's own AbortSignal listener costs more on Node 20)
      const aborted = new AbortController();
      const upstreamAbort = new EventEmitter();
      if (!skip.has("abort")) {
        aborted.signal.addEventListener("abort", () => upstreamAbort.emit("abort"), { once: true });
        res.once("close", () => {
          if (!res.writableFinished) aborted.abort();
        });
      }
      agent
        .request({
          origin,
          path: target.pathname + target.search,
          method: "GET",
          headers: { accept: "application/json", authorization: `Bearer ${cred.api_key}` },
          signal: upstreamAbort,
        })
        .then(({ statusCode, headers, body }) => {
          res.writeHead(
            statusCode,
            skip.has("headers")
              ? headers
              : { ...security, ...downstreamHeaderRecord(headers), "x-request-id": requestId },
          );
          let bytesOut = 0;
          body.on("data", (c: Buffer) => (bytesOut += c.length));
          body.once(
            "end",
            () =>
              skip.has("summary") ||
              emitProxyComplete({
                requestId,
                teamId: found.teamId,
                connectionId: "conn_bench",
                provider: "stripe",
                method: "GET",
                status: statusCode,
                outcome: "upstream",
                ms: Date.now() - started,
                upstreamMs: null,
                retries: 0,
                throttledMs: 0,
                bytesIn: 0,
                bytesOut,
                apiKeyId: "key_bench",
              }),
          );
          body.pipe(res);
        })
        .catch(() => res.writeHead(502).end());
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => {
    process.stdout.write(`LISTENING ${(server.address() as { port: number }).port}\n`);
  });
}

// ── child roles ────────────────────────────────────────────────────────────────────────────────────────────
if (role === "--upstream") {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      res.writeHead(200, { "content-type": "application/json", "content-length": PAYLOAD.length });
      res.end(PAYLOAD);
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => {
    process.stdout.write(`LISTENING ${(server.address() as { port: number }).port}\n`);
  });
} else if (role === "--forwarder") {
  process.on("SIGTERM", () => process.exit(0)); // exits normally: a --cpu-prof profile is written
  const upstream = new Pool(process.argv[3]!, { connections: 128, pipelining: 1 });
  const server = http.createServer((req, res) => {
    upstream
      .request({ method: req.method as "GET", path: req.url ?? "/", headers: { accept: "application/json" } })
      .then(({ statusCode, headers, body }) => {
        const out: Record<string, string> = {};
        for (const [k, v] of Object.entries(headers))
          if (typeof v === "string" && !["connection", "keep-alive", "transfer-encoding"].includes(k))
            out[k] = v;
        res.writeHead(statusCode, out);
        body.pipe(res);
      })
      .catch(() => {
        res.writeHead(502).end();
      });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, "127.0.0.1", () => {
    process.stdout.write(`LISTENING ${(server.address() as { port: number }).port}\n`);
  });
} else if (role === "--essentials") {
  await essentialsForwarder(process.argv[3]!);
} else {
  await main();
}
