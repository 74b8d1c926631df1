// npm run db:migrate — applies pending migrations to DATABASE_URL (PostgreSQL mode).
import { applyMigrations } from "../lib/db/migrate";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error(
    "DATABASE_URL is not set. (The embedded database migrates itself on start; this command is for PostgreSQL mode.)",
  );
  process.exit(1);
}
const applied = await applyMigrations(url);
console.log(
  applied.length
    ? `Applied ${applied.length} migration(s): ${applied.join(", ")}`
    : "Database is up to date.",
);
