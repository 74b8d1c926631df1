-- DropIndex
DROP INDEX "Connection_teamId_brandId_idx";

-- DropIndex
DROP INDEX "Connection_teamId_providerSlug_idx";

-- CreateTable
CREATE TABLE "BulkOperation" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "actorUserId" TEXT,
    "actorKeyId" TEXT,
    "total" INTEGER NOT NULL,
    "succeeded" INTEGER NOT NULL DEFAULT 0,
    "failed" INTEGER NOT NULL DEFAULT 0,
    "failures" JSONB NOT NULL DEFAULT '[]',
    "finishedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BulkOperation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "BulkOperation_teamId_createdAt_id_idx" ON "BulkOperation"("teamId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Connection_teamId_createdAt_id_idx" ON "Connection"("teamId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Connection_teamId_brandId_createdAt_id_idx" ON "Connection"("teamId", "brandId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Connection_teamId_providerSlug_createdAt_id_idx" ON "Connection"("teamId", "providerSlug", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Connection_teamId_status_createdAt_id_idx" ON "Connection"("teamId", "status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Connection_teamId_ownerUserId_createdAt_id_idx" ON "Connection"("teamId", "ownerUserId", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Connection_accountId_createdAt_id_idx" ON "Connection"("accountId", "createdAt", "id");

-- AddForeignKey
ALTER TABLE "BulkOperation" ADD CONSTRAINT "BulkOperation_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

