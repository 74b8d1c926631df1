-- AlterTable
ALTER TABLE "InboundWebhookSource" ADD COLUMN     "pendingTokenAt" TIMESTAMP(3),
ADD COLUMN     "pendingTokenSealed" TEXT;

