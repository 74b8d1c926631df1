// Prisma CLI configuration. Used only by developers for `prisma migrate diff` / `prisma generate`
// (see README "Creating a migration"); the app applies migrations itself (lib/db/migrate.ts).
import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { defineConfig } from "prisma/config";

// `prisma generate` tries a download when env("DATABASE_URL") is unset, so give it a placeholder.
process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/patchbay_dev";

// prisma/orm#27403: the JS schema engine cannot decode Postgres' internal `name` (OID 19) and `char` (OID 18)
// columns. Report them as text (OID 25). Patched on the prototype so the shadow database pool is covered too —
// and only here, in the CLI config, never in the app.
type QueryFn = (...args: unknown[]) => Promise<pg.QueryResult>;
const proto = pg.Pool.prototype as unknown as { query: QueryFn; __patchbayPatched?: boolean };
if (!proto.__patchbayPatched) {
  const original = proto.query;
  proto.query = async function patched(this: unknown, ...args: unknown[]) {
    // The shadow database is dropped while a pooled connection still holds it: force the drop.
    const sql = args[0];
    if (typeof sql === "string" && /^\s*DROP DATABASE/i.test(sql) && !/WITH \(FORCE\)/i.test(sql)) {
      args[0] = `${sql.replace(/;?\s*$/, "")} WITH (FORCE)`;
    } else if (
      sql &&
      typeof sql === "object" &&
      "text" in sql &&
      typeof sql.text === "string" &&
      /^\s*DROP DATABASE/i.test(sql.text)
    ) {
      args[0] = { ...sql, text: `${sql.text.replace(/;?\s*$/, "")} WITH (FORCE)` };
    }
    const result = await original.apply(this, args);
    for (const field of result?.fields ?? []) {
      if (field.dataTypeID === 19 || field.dataTypeID === 18) field.dataTypeID = 25;
    }
    return result;
  };
  proto.__patchbayPatched = true;
}

// Forcing that drop terminates the idle pooled connection, which pg reports as an unhandled pool 'error'
// (57P01 admin_shutdown). That one is expected here; anything else still crashes the CLI.
process.on("uncaughtException", (err: Error & { code?: string }) => {
  if (err.code === "57P01") return;
  throw err;
});

function poolConfig(url: string): pg.PoolConfig {
  // Separate fields rather than a connectionString: the schema engine then creates its temporary shadow
  // database next to this one instead of reusing the main database.
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 5432),
    user: decodeURIComponent(u.username || "postgres"),
    password: decodeURIComponent(u.password),
    database: u.pathname.slice(1) || "postgres",
  };
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  adapter: async () => new PrismaPg(poolConfig(process.env.DATABASE_URL!)),
});
