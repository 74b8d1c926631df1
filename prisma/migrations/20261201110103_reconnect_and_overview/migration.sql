-- AlterTable
ALTER TABLE "OAuthGrant" ADD COLUMN     "targetConnectionId" TEXT;

-- CreateIndex
CREATE INDEX "Connection_teamId_status_brandId_idx" ON "Connection"("teamId", "status", "brandId");

