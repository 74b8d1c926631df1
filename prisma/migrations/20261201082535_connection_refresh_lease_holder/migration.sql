-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "refreshLeaseHolder" TEXT;

