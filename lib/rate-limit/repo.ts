import { db } from "@/lib/db";

export async function incrementBucket(key: string, windowStart: Date): Promise<number> {
  const rows = await db.$queryRaw<{ count: number }[]>`
    INSERT INTO "RateLimitBucket" ("key", "windowStart", "count") VALUES (${key}, ${windowStart}, 1)
    ON CONFLICT ("key") DO UPDATE SET
      "count" = CASE WHEN "RateLimitBucket"."windowStart" = EXCLUDED."windowStart" THEN "RateLimitBucket"."count" + 1 ELSE 1 END,
      "windowStart" = EXCLUDED."windowStart"
    RETURNING "count"`;
  return rows[0]?.count ?? 1;
}

/** The count of `key` in the window starting at `windowStart` (0 when the stored row is of an older window). */
export async function readBucket(key: string, windowStart: Date): Promise<number> {
  const row = await db.rateLimitBucket.findUnique({
    where: { key },
    select: { windowStart: true, count: true },
  });
  return row && row.windowStart.getTime() === windowStart.getTime() ? row.count : 0;
}

/** Retention: counters of windows that started before `before` (every window is far shorter than a day). */
export async function deleteBucketsBefore(before: Date): Promise<number> {
  const { count } = await db.rateLimitBucket.deleteMany({ where: { windowStart: { lt: before } } });
  return count;
}
