// npm run seed:connections -- --email admin@example.com [--password '…'] [--count 100000] [--brand <id>]
// Fills a team with N synthetic connections, for trying the dashboard and API at scale (bench/, e2e/). The team is
// the one of the user with that e-mail; with --password the user (and their team) is created first.
// PostgreSQL mode: DATABASE_URL. Embedded mode: the data directory (stop the server first, like user:create).
//
// The rows are metadata only (no credentials: a seeded connection cannot call its provider, and its test or
// refresh fails the way a broken one would). They are written by INSERT … SELECT generate_series in batches of
// 20,000 (one statement each, no round trip per row), the same on PGlite and PostgreSQL; createdAt goes back one
// second per row so every page boundary is distinct and "newest first" is the seed order.
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import { openCliDatabase } from "./cli-database";

export const SEED_PROVIDERS = ["sandbox", "stripe", "github", "slack", "hubspot", "notion", "shopify"] as const;
const BATCH = 20_000;

type TSeedDb = { $executeRawUnsafe: (sql: string, ...values: unknown[]) => Promise<number> };

/**
 * Row g (1…n) of the seed, deterministic so tests can count what a filter must find:
 * provider SEED_PROVIDERS[g % 7]; status needs_reauth when g % 100 = 0, error when g % 200 = 1, disabled when
 * g % 50 = 7, else connected; brand brandIds[g % brandIds.length]; owned by `ownerUserId` when g % 10 = 0, else
 * shared; label "Seed <g>"; account { name: "Account <g>", email: "user<g>@seed.test" }.
 */
export async function seedConnections(
  db: TSeedDb,
  o: {
    teamId: string;
    brandIds: string[];
    ownerUserId: string;
    count: number;
    /** id prefix, unique per seed run in the same database */
    tag?: string;
    onProgress?: (done: number) => void;
  },
) {
  const tag = o.tag ?? Date.now().toString(36);
  const providers = `ARRAY[${SEED_PROVIDERS.map((p) => `'${p}'`).join(",")}]`;
  for (let from = 1; from <= o.count; from += BATCH) {
    const to = Math.min(o.count, from + BATCH - 1);
    await db.$executeRawUnsafe(
      `INSERT INTO "Connection" (id, "teamId", "brandId", "ownerKind", "ownerUserId", "providerSlug", "authMode",
         status, label, "accountIdentity", "lastAuthorizedAt", "createdAt", "updatedAt")
       SELECT 'conn_seed_' || $1 || '_' || g, $2, ($3::text[])[1 + g % array_length($3::text[], 1)],
         (CASE WHEN g % 10 = 0 THEN 'user' ELSE 'shared' END)::"OwnerKind",
         CASE WHEN g % 10 = 0 THEN $4 ELSE NULL END,
         (${providers})[1 + g % ${SEED_PROVIDERS.length}], 'oauth2',
         (CASE WHEN g % 100 = 0 THEN 'needs_reauth' WHEN g % 200 = 1 THEN 'error'
               WHEN g % 50 = 7 THEN 'disabled' ELSE 'connected' END)::"ConnectionStatus",
         'Seed ' || g,
         jsonb_build_object('id', 'acct_' || g, 'name', 'Account ' || g, 'email', 'user' || g || '@seed.test'),
         now(), now() - make_interval(secs => g), now()
       FROM generate_series($5::int, $6::int) g`,
      tag,
      o.teamId,
      o.brandIds,
      o.ownerUserId,
      from,
      to,
    );
    o.onProgress?.(to);
  }
  await db.$executeRawUnsafe(`ANALYZE "Connection"`);
}

async function main() {
  const { values } = parseArgs({
    options: {
      email: { type: "string" },
      password: { type: "string" },
      count: { type: "string", default: "100000" },
      brand: { type: "string" },
    },
  });
  const die = (msg: string): never => {
    console.error(msg);
    process.exit(1);
  };
  const count = Number(values.count);
  if (!values.email) die("--email is required (the user whose team gets the connections).");
  if (!Number.isInteger(count) || count < 1 || count > 10_000_000) die("--count: a whole number, 1 … 10,000,000.");

  const { env } = await import("@/lib/env");
  const embedded = await openCliDatabase(env(), die);
  const { db, disconnectDb } = await import("@/lib/db");
  try {
    const email = values.email!.trim().toLowerCase();
    if (values.password) {
      const { signUp } = await import("@/lib/auth/sign-up");
      await signUp({ email, password: values.password }, { bypassClosed: true });
    }
    const user = await db.user.findUnique({
      where: { email },
      select: { id: true, memberships: { select: { teamId: true }, orderBy: { createdAt: "asc" }, take: 1 } },
    });
    const teamId = user?.memberships[0]?.teamId ?? die(`No user with a team has the e-mail ${email}.`);
    const brands = await db.brand.findMany({ where: { teamId }, select: { id: true }, orderBy: { createdAt: "asc" } });
    const brandIds = values.brand ? [values.brand] : brands.map((b) => b.id);
    if (values.brand && !brands.some((b) => b.id === values.brand)) die(`The team has no brand ${values.brand}.`);
    const t = performance.now();
    await seedConnections(db, {
      teamId,
      brandIds,
      ownerUserId: user!.id,
      count,
      onProgress: (n) => process.stdout.write(`\r${n} / ${count}`),
    });
    console.log(`\nSeeded ${count} connections in team ${teamId} in ${((performance.now() - t) / 1000).toFixed(1)} s.`);
  } finally {
    await disconnectDb();
    await embedded?.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
