-- CreateTable
CREATE TABLE "TeamUsageMonth" (
    "teamId" TEXT NOT NULL,
    "month" DATE NOT NULL,
    "proxyCalls" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TeamUsageMonth_pkey" PRIMARY KEY ("teamId","month")
);

-- AddForeignKey
ALTER TABLE "TeamUsageMonth" ADD CONSTRAINT "TeamUsageMonth_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Backfill: the months already counted per connection per day (billable = calls that reached the provider).
INSERT INTO "TeamUsageMonth" ("teamId", "month", "proxyCalls", "updatedAt")
SELECT u."teamId", date_trunc('month', u."day")::date, SUM(u."calls" - u."patchbayErrors")::int, CURRENT_TIMESTAMP
FROM "ConnectionUsageDay" u JOIN "Team" t ON t."id" = u."teamId"
GROUP BY 1, 2;
