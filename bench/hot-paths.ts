// Benchmarks of the hot paths, printed as numbers (never asserted). Run by hand:
//   npx tsx bench/hot-paths.ts                 # embedded PGlite
//   BENCH_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/hot-paths.ts
// It makes a throwaway database, like the tests, and drops it afterwards.
import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";

process.env.NEXTAUTH_SECRET = "bench-nextauth-secret-0123456789abcdef0123456789";
process.env.PATCHBAY_API_KEY_SECRET = "bench-api-key-secret-0123456789abcdef0123456789";
process.env.PATCHBAY_VAULT_KEYS = `b1:${crypto.randomBytes(32).toString("base64")}`;
process.env.PATCHBAY_DATA_DIR = path.join(os.tmpdir(), "patchbay-bench");
process.env.LOG_LEVEL = "silent";
if (process.env.BENCH_DATABASE_URL) process.env.TEST_DATABASE_URL = process.env.BENCH_DATABASE_URL;
else delete process.env.TEST_DATABASE_URL;

const { createTestDatabase } = await import("../test/database");
const database = await createTestDatabase();
process.env.DATABASE_URL = database.url;

const { seal, open, aadFor } = await import("../lib/vault/vault");
const meRoute = await import("../app/api/v1/me/route");
const { signUp } = await import("../lib/auth/sign-up");
const { createApiKey } = await import("../lib/api-keys/create-api-key");
const { createConnection } = await import("../lib/connections/create-connection");
const { getCredentials } = await import("../lib/connections/get-credentials");
const { disconnectDb } = await import("../lib/db");

function stats(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(2);
  return `p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, p99 ${q(0.99)} ms`;
}

async function measure(name: string, n: number, concurrency: number, fn: () => Promise<unknown>) {
  const lat: number[] = [];
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < n) {
        const t = performance.now();
        await fn();
        lat.push(performance.now() - t);
      }
    }),
  );
  const secs = (performance.now() - t0) / 1000;
  console.log(
    `${name.padEnd(44)} ${String(n).padStart(5)} ops  ${(n / secs).toFixed(0).padStart(6)} ops/s  ${stats(lat)}`,
  );
}

console.log(`database: ${database.mode}; node ${process.version}; ${os.cpus().length} cores`);

const aad = aadFor("Connection", "bench", "credentials");
const payload = JSON.stringify({
  type: "oauth2",
  access_token: "x".repeat(200),
  refresh_token: "y".repeat(100),
});
await measure("vault seal (AES-256-GCM, 300 B)", 20_000, 1, async () => seal(payload, aad));
const sealed = seal(payload, aad);
await measure("vault open", 20_000, 1, async () => open(sealed, aad));

const email = `bench-${crypto.randomBytes(4).toString("hex")}@example.test`;
const { userId, teamId } = await signUp({ email, password: "bench password 123" });
const ctx = {
  actor: { kind: "user" as const, userId, sessionId: "bench", isSuperuser: false },
  teamId,
  role: "owner" as const,
};
const { key } = await createApiKey(ctx, { name: "bench", scopes: ["brands:read"] });
const req = () => new Request("http://localhost/api/v1/me", { headers: { authorization: `Bearer ${key}` } });
await measure("GET /api/v1/me with an API key (sequential)", 1_000, 1, () =>
  meRoute.GET(req(), { params: Promise.resolve({}) }),
);
await measure("GET /api/v1/me with an API key (16 at once)", 2_000, 16, () =>
  meRoute.GET(req(), { params: Promise.resolve({}) }),
);

const { findBrands } = await import("../lib/tenancy/repo");
const brandId = (await findBrands({ teamId }))[0]!.id;
const conn = await createConnection(
  {
    teamId,
    brandId,
    ownerKind: "shared",
    ownerUserId: null,
    providerSlug: "sandbox",
    authMode: "oauth2",
    label: null,
    credentials: { type: "oauth2", access_token: "a".repeat(40), refresh_token: "r".repeat(40), extra: {} },
    accountIdentity: {},
    params: {},
    metadata: {},
    context: {},
    scopes: [],
    tokenExpiresAt: new Date(Date.now() + 3600_000),
    refreshTokenExpiresAt: null,
  },
  "bench",
);
await measure("getCredentials, valid token (16 at once)", 2_000, 16, () => getCredentials(ctx, conn.id));

await disconnectDb();
await database.drop();
