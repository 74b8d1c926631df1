import { db } from "@/lib/db";

/** Every row of every table as JSON text — for scans that prove a plaintext secret is nowhere in the database. */
export async function dumpDatabase(): Promise<string> {
  // tablename is Postgres' `name` type, which Prisma cannot read: cast it.
  const tables = await db.$queryRaw<
    { tablename: string }[]
  >`SELECT tablename::text AS tablename FROM pg_tables WHERE schemaname = 'public'`;
  const parts: string[] = [];
  for (const { tablename } of tables) {
    const rows = await db.$queryRawUnsafe<{ row: string }[]>(
      `SELECT row_to_json(t)::text AS row FROM "${tablename.replace(/"/g, "")}" t`,
    );
    parts.push(...rows.map((r) => r.row));
  }
  return parts.join("\n");
}
