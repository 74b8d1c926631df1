-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "proxyConnectionRpm" INTEGER NOT NULL DEFAULT 600,
ADD COLUMN     "proxyKeyRpm" INTEGER NOT NULL DEFAULT 1200;

-- CreateTable
CREATE TABLE "ConnectionUsageDay" (
    "connectionId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "teamId" TEXT NOT NULL,
    "calls" INTEGER NOT NULL DEFAULT 0,
    "bytesIn" BIGINT NOT NULL DEFAULT 0,
    "bytesOut" BIGINT NOT NULL DEFAULT 0,
    "status2xx" INTEGER NOT NULL DEFAULT 0,
    "status3xx" INTEGER NOT NULL DEFAULT 0,
    "status4xx" INTEGER NOT NULL DEFAULT 0,
    "status5xx" INTEGER NOT NULL DEFAULT 0,
    "patchbayErrors" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConnectionUsageDay_pkey" PRIMARY KEY ("connectionId","day")
);

-- CreateIndex
CREATE INDEX "ConnectionUsageDay_teamId_day_idx" ON "ConnectionUsageDay"("teamId", "day");

-- AddForeignKey
ALTER TABLE "ConnectionUsageDay" ADD CONSTRAINT "ConnectionUsageDay_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

