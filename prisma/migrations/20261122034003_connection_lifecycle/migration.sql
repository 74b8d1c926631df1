-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "primaryRoles" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "refreshFailures" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "refreshRetryAfter" TIMESTAMP(3);

