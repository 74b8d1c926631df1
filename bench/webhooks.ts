// Inbound webhook intake benchmark, printed as numbers (never asserted). Run by hand:
//   npx tsx bench/webhooks.ts                  # embedded PGlite
//   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/webhooks.ts
// Options: BENCH_SENDERS (50), BENCH_SECONDS (10), BENCH_SHOPS (100), BENCH_WORKERS=1 to process while receiving.
// Patchbay's route handler behind a plain node:http server on 127.0.0.1; BENCH_SENDERS concurrent keep-alive
// senders post Shopify deliveries (each signed with the app secret, a fresh X-Shopify-Webhook-Id, a random shop
// of BENCH_SHOPS connections). Measured: verified-and-stored deliveries per second and latency to the 2xx. The
// senders run in a child process (the machine's other core; embedded PGlite shares Patchbay's own thread).
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

type TSenderJob = { port: number; path: string; secret: string; shops: string[]; senders: number; seconds: number };

// The senders: a child process (`… bench/webhooks.ts senders`), so the load generator's signing and HTTP client
// use the other core instead of Patchbay's event loop (Shopify's servers are not in our process either).
if (process.argv[2] === "senders") {
  const job = JSON.parse(process.env.BENCH_SENDER_JOB ?? "{}") as TSenderJob;
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.senders });
  const post = (body: string, headers: Record<string, string>): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = http.request(
        { host: "127.0.0.1", port: job.port, path: job.path, method: "POST", agent, headers },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.statusCode ?? 0));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  const delivery = () => {
    const shop = job.shops[Math.floor(Math.random() * job.shops.length)]!;
    const body = JSON.stringify({
      id: crypto.randomInt(1e12),
      email: "jon@example.com",
      total_price: "10.00",
      line_items: [{ sku: "A", quantity: 1 }],
    });
    return {
      body,
      headers: {
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(body)),
        "x-shopify-topic": "orders/create",
        "x-shopify-hmac-sha256": crypto.createHmac("sha256", job.secret).update(body).digest("base64"),
        "x-shopify-shop-domain": shop,
        "x-shopify-webhook-id": crypto.randomUUID(),
      },
    };
  };
  // Warm-up (JIT, pools, the queue), not measured.
  for (let i = 0; i < 200; i++) {
    const d = delivery();
    await post(d.body, d.headers);
  }
  const lat: number[] = [];
  const statuses: Record<string, number> = {};
  const end = performance.now() + job.seconds * 1000;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: job.senders }, async () => {
      while (performance.now() < end) {
        const d = delivery();
        const s = performance.now();
        const status = await post(d.body, d.headers);
        lat.push(performance.now() - s);
        statuses[status] = (statuses[status] ?? 0) + 1;
      }
    }),
  );
  agent.destroy();
  // A pipe's write is asynchronous: exit once it is flushed, or the parent reads half an answer.
  process.stdout.write(JSON.stringify({ elapsed: (performance.now() - t0) / 1000, lat, statuses }), () =>
    process.exit(0),
  );
}

process.env.NEXTAUTH_SECRET = "bench-nextauth-secret-0123456789abcdef0123456789";
process.env.PATCHBAY_API_KEY_SECRET = "bench-api-key-secret-0123456789abcdef0123456789";
process.env.PATCHBAY_VAULT_KEYS = `b1:${crypto.randomBytes(32).toString("base64")}`;
process.env.PATCHBAY_DATA_DIR = path.join(os.tmpdir(), "patchbay-bench");
process.env.APP_URL = "http://127.0.0.1:3999";
process.env.LOG_LEVEL = "silent";
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
else delete process.env.TEST_DATABASE_URL;

const SENDERS = Number(process.env.BENCH_SENDERS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const SHOPS = Number(process.env.BENCH_SHOPS ?? 100);

const { createTestDatabase } = await import("../test/database");
const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;

const { signUp } = await import("../lib/auth/sign-up");
const { configureOAuthApp } = await import("../lib/providers/configure-app");
const { createConnection } = await import("../lib/connections/create-connection");
const { getInboundConfig } = await import("../lib/webhooks/inbound-config");
const { syncConnectionWebhooks } = await import("../lib/webhooks/sync-connection");
const { WEBHOOK_JOBS } = await import("../lib/webhooks/jobs");
const { startWorkers, stopQueue } = await import("../lib/queue/queue");
const route = await import("../app/api/v1/webhooks/[provider]/[source]/route");
const { db, disconnectDb } = await import("../lib/db");

const SECRET = `shpss_${crypto.randomBytes(16).toString("hex")}`;
const { userId, teamId } = await signUp(
  { email: `bench-${Date.now()}@example.test`, password: "correct horse battery staple", team_name: "Bench" },
  { bypassClosed: true },
);
const ctx = {
  actor: { kind: "user" as const, userId, sessionId: "bench", isSuperuser: false },
  teamId,
  role: "owner" as const,
};
await configureOAuthApp(ctx, "shopify", {
  level: "team",
  client_id: "bench",
  client_secret: SECRET,
  settings: {},
});
const source = new URL((await getInboundConfig(ctx, "shopify")).url!).pathname.split("/").pop()!;
const brand = await db.brand.findFirstOrThrow({ where: { teamId }, select: { id: true } });
const shops: string[] = [];
for (let i = 0; i < SHOPS; i++) {
  const shop = `bench-${i}.myshopify.com`;
  shops.push(shop);
  const row = await createConnection(
    {
      teamId,
      brandId: brand.id,
      ownerKind: "shared",
      ownerUserId: null,
      providerSlug: "shopify",
      authMode: "oauth2",
      label: null,
      accountIdentity: {},
      params: { shop },
      metadata: {},
      context: {},
      scopes: [],
      tokenExpiresAt: null,
      refreshTokenExpiresAt: null,
      credentials: { type: "oauth2", access_token: `shpat_${i}`, extra: {} },
    },
    "bench",
  );
  await syncConnectionWebhooks(teamId, row.id).catch(() => undefined); // routes (registration has no fake here)
}
if (process.env.BENCH_WORKERS === "1") await startWorkers(WEBHOOK_JOBS, { only: ["webhooks.process"] });

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string") headers.set(k, v);
    const request = new Request(`http://127.0.0.1${req.url}`, {
      method: "POST",
      headers,
      body: Buffer.concat(chunks),
    });
    void route.POST(request, { params: Promise.resolve({ provider: "shopify", source }) }).then(async (r) => {
      res.writeHead(r.status, { "content-type": "application/json" });
      res.end(Buffer.from(await r.arrayBuffer()));
    });
  });
});
await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
const { port } = server.address() as AddressInfo;
const job: TSenderJob = {
  port,
  path: `/api/v1/webhooks/shopify/${source}`,
  secret: SECRET,
  shops,
  senders: SENDERS,
  seconds: SECONDS,
};
const child = spawn(process.execPath, ["--import", "tsx", import.meta.filename, "senders"], {
  env: { ...process.env, BENCH_SENDER_JOB: JSON.stringify(job) },
  stdio: ["ignore", "pipe", "inherit"],
});
let out = "";
child.stdout.on("data", (c: Buffer) => (out += c.toString()));
await new Promise((r) => child.once("exit", r));
const result = JSON.parse(out) as { elapsed: number; lat: number[]; statuses: Record<string, number> };
const lat = result.lat;
const statuses = new Map(Object.entries(result.statuses).map(([k, v]) => [Number(k), v]));
const elapsed = result.elapsed;
const sorted = [...lat].sort((a, b) => a - b);
const q = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!.toFixed(1);
const ok = statuses.get(200) ?? 0;
const stored = await db.inboundWebhookEvent.count({ where: { teamId } });
console.log(
  `database: ${database.mode}; ${SENDERS} concurrent senders for ${SECONDS} s; ${SHOPS} shop connections`,
);
console.log(`responses: ${JSON.stringify(Object.fromEntries(statuses))}`);
console.log(`verified + stored deliveries/s: ${(ok / elapsed).toFixed(0)} (target ≥ 1,000)`);
console.log(
  `latency to the 2xx: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms, max ${sorted.at(-1)!.toFixed(1)} ms (target p99 ≤ 50 ms)`,
);
console.log(`rows stored (incl. warm-up): ${stored}`);

server.close();
await stopQueue(2_000);
await disconnectDb();
await database.drop();
process.exit(0);
