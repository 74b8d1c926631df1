// A paginated tool over 10,000 fake records, printed as numbers (never asserted). Run by hand:
//   npx tsx bench/tools.ts                      # embedded PGlite
//   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/tools.ts
// Knobs: --n 10000 (records), --runs 3.
//
// In one process: a throwaway database (like the tests), one team, and runTool exactly as the REST route calls it
// — every page a proxyRequest (connection lookup, credentials, throttle, guard, quota, usage counting) to a local
// fake speaking the provider's wire format over HTTP (same process: the fake's JSON encoding competes for the
// same cores, so the figures are a floor):
//   stripe.list_subscriptions  N subscriptions, 100 a page (starting_after / has_more) → N/100 pages
//   shopify.list_orders        N orders, 250 a page (Link rel="next" page_info) → N/250 pages; the fake's leaky
//                              bucket (40, leaking 2/s) is real, so the proxy's throttle paces it once the bucket fills
// Printed per run: pages, records, seconds, pages/s, records/s; then the peak RSS of this process (sampled every
// 50 ms; embedded mode includes the database).
import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const N = arg("n", 10_000);
const RUNS = arg("runs", 3);

process.env.NEXTAUTH_SECRET = "bench-nextauth-secret-0123456789abcdef0123456789";
process.env.PATCHBAY_API_KEY_SECRET = "bench-api-key-secret-0123456789abcdef0123456789";
process.env.PATCHBAY_VAULT_KEYS = `b1:${crypto.randomBytes(32).toString("base64")}`;
process.env.PATCHBAY_DATA_DIR = path.join(os.tmpdir(), "patchbay-bench-tools");
process.env.PATCHBAY_OUTBOUND_ALLOW_PRIVATE = "true";
process.env.LOG_LEVEL ??= "error";
process.env.APP_URL = "http://localhost:3999";
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
else delete process.env.TEST_DATABASE_URL;

let peakRss = process.memoryUsage().rss;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);

const { createTestDatabase } = await import("../test/database");
const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;

const fakes = await import("../e2e/fixtures/fake-providers");
const { setOutboundHostMapForTests } = await import("../lib/outbound/guarded-fetch");
const { signUp } = await import("../lib/auth/sign-up");
const { createConnection } = await import("../lib/connections/create-connection");
const { runTool } = await import("../lib/tools/run-tool");
const { db, disconnectDb } = await import("../lib/db");
const { closeProxyAgentsForTests } = await import("../lib/proxy/agent");

const KEY = "sk_test_benchToolsKey0123456789ab";
const SHOP = "bench-shop.myshopify.com";
const created = Math.floor(Date.parse("2025-01-01T00:00:00Z") / 1000);
const stripe = await fakes.startFakeStripe({
  validKeys: [KEY],
  billing: {
    subscriptions: Array.from({ length: N }, (_, i) =>
      fakes.stripeSubscription({
        id: `sub_${String(i).padStart(6, "0")}`,
        customer: `cus_${i}`,
        status: i % 10 === 0 ? "canceled" : "active",
        created: created + i,
        items: [{ price: 1000 + (i % 50) * 100, interval: i % 4 === 0 ? "year" : "month", quantity: 1 + (i % 3) }],
      }),
    ),
  },
});
const shopify = await fakes.startFakeShopify({
  clientId: "bench",
  clientSecret: "bench",
  shop: SHOP,
  admin: {
    orders: Array.from({ length: N }, (_, i) => ({
      id: i + 1,
      name: `#${i + 1}`,
      created_at: new Date(Date.parse("2025-03-01T00:00:00Z") + i * 60_000).toISOString(),
      currency: "USD",
      total_price: `${10 + (i % 90)}.50`,
      financial_status: "paid",
      line_items: [{ id: i * 10, title: "Mug", quantity: 1 + (i % 2), price: "10.00" }],
      refunds: [],
    })),
  },
});
setOutboundHostMapForTests({ "api.stripe.com": stripe.url, [SHOP]: shopify.url });

const { userId, teamId } = await signUp(
  { email: `bench-tools-${Date.now()}@example.test`, password: "bench password 123", team_name: "Bench tools" },
  { bypassClosed: true },
);
// Enterprise tier: no monthly quota of proxied calls to stop the bench.
const enterprise = await db.tier.findFirst({ where: { monthlyProxyCalls: null } });
if (enterprise) await db.team.update({ where: { id: teamId }, data: { tierId: enterprise.id } });
const ctx = { actor: { kind: "user" as const, userId, sessionId: "bench", isSuperuser: false }, teamId, role: "owner" as const };
const brand = await db.brand.findFirstOrThrow({ where: { teamId }, select: { id: true } });
const make = (providerSlug: string, authMode: string, credentials: Parameters<typeof createConnection>[0]["credentials"], params: Record<string, string>, scopes: string[]) =>
  createConnection(
    {
      teamId,
      brandId: brand.id,
      ownerKind: "shared",
      ownerUserId: null,
      providerSlug,
      authMode,
      label: `${providerSlug} bench`,
      credentials,
      accountIdentity: {},
      params,
      metadata: {},
      context: {},
      scopes,
      tokenExpiresAt: null,
      refreshTokenExpiresAt: null,
    },
    "bench",
  ).then((r) => r.id);
const stripeId = await make("stripe", "api_key", { type: "api_key", api_key: KEY }, {}, []);
const shopifyId = await make(
  "shopify",
  "oauth2",
  { type: "oauth2", access_token: shopify.mintAccessTokenWithScope("read_orders"), extra: {} },
  { shop: SHOP },
  ["read_orders"],
);

console.log(`tools bench: ${N} records per provider, ${RUNS} runs, ${process.env.BENCH_DATABASE_URL ? "PostgreSQL" : "embedded PGlite"}, node ${process.version}, ${os.cpus().length} cores`);
for (const [name, id, input] of [
  ["stripe.list_subscriptions", stripeId, { max_results: N }],
  ["shopify.list_orders", shopifyId, { max_results: N, status: "any" }],
] as const) {
  for (let r = 1; r <= RUNS; r++) {
    const t0 = performance.now();
    const res = await runTool(ctx, id, name, input, { requestId: `bench_${r}` });
    const s = (performance.now() - t0) / 1000;
    const count = (res.data as { count: number }).count;
    console.log(
      `${name.padEnd(26)} run ${r}: ${res.meta.pages} pages, ${count} records, partial ${res.partial ? res.partial.reason : "no"}, ${s.toFixed(2)} s → ${(res.meta.pages / s).toFixed(1)} pages/s, ${(count / s).toFixed(0)} records/s`,
    );
  }
}
clearInterval(sampler);
console.log(`peak RSS of this process: ${(peakRss / 1024 ** 2).toFixed(0)} MB`);

await closeProxyAgentsForTests();
await Promise.all([stripe.close(), shopify.close()]);
await disconnectDb();
await database.drop();
process.exit(0);
