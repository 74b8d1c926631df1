-- CreateEnum
CREATE TYPE "ConnectSessionStatus" AS ENUM ('pending', 'connected', 'failed', 'expired');

-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "tierId" TEXT NOT NULL DEFAULT 'free';

-- CreateTable
CREATE TABLE "Tier" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "apiRpm" INTEGER,
    "monthlyProxyCalls" INTEGER,
    "maxAccounts" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Tier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PartnerProfile" (
    "teamId" TEXT NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "displayName" TEXT NOT NULL,
    "logoUrl" TEXT,
    "primaryColor" TEXT NOT NULL DEFAULT '#4f46e5',
    "backgroundColor" TEXT NOT NULL DEFAULT '#ffffff',
    "supportUrl" TEXT,
    "allowedRedirectOrigins" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "defaultProviders" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PartnerProfile_pkey" PRIMARY KEY ("teamId")
);

-- CreateTable
CREATE TABLE "ConnectedAccount" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "externalId" TEXT NOT NULL,
    "displayName" TEXT,
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "deletingAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConnectedAccount_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConnectSession" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "accountId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "providers" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "redirectUrl" TEXT NOT NULL,
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "brandId" TEXT NOT NULL,
    "label" TEXT,
    "locale" TEXT,
    "targetConnectionId" TEXT,
    "status" "ConnectSessionStatus" NOT NULL DEFAULT 'pending',
    "connectionId" TEXT,
    "providerSlug" TEXT,
    "errorCode" TEXT,
    "errorMessage" TEXT,
    "usedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ConnectSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ConnectedAccount_teamId_createdAt_idx" ON "ConnectedAccount"("teamId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ConnectedAccount_teamId_externalId_key" ON "ConnectedAccount"("teamId", "externalId");

-- CreateIndex
CREATE UNIQUE INDEX "ConnectSession_tokenHash_key" ON "ConnectSession"("tokenHash");

-- CreateIndex
CREATE INDEX "ConnectSession_teamId_accountId_createdAt_idx" ON "ConnectSession"("teamId", "accountId", "createdAt");

-- CreateIndex
CREATE INDEX "ConnectSession_expiresAt_idx" ON "ConnectSession"("expiresAt");

-- CreateIndex
CREATE INDEX "Connection_accountId_providerSlug_idx" ON "Connection"("accountId", "providerSlug");

-- Seed the tiers (editable by a superuser; null = unlimited) before teams point at them
INSERT INTO "Tier" ("id", "name", "apiRpm", "monthlyProxyCalls", "maxAccounts", "updatedAt") VALUES
  ('free', 'Free', 600, 100000, 100, CURRENT_TIMESTAMP),
  ('pro', 'Pro', 6000, 5000000, 10000, CURRENT_TIMESTAMP),
  ('enterprise', 'Enterprise', NULL, NULL, NULL, CURRENT_TIMESTAMP);

-- accountId was reserved before partner mode: nothing may point at an account that does not exist
UPDATE "Connection" SET "accountId" = NULL WHERE "accountId" IS NOT NULL;

-- AddForeignKey
ALTER TABLE "Team" ADD CONSTRAINT "Team_tierId_fkey" FOREIGN KEY ("tierId") REFERENCES "Tier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Connection" ADD CONSTRAINT "Connection_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "ConnectedAccount"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PartnerProfile" ADD CONSTRAINT "PartnerProfile_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectedAccount" ADD CONSTRAINT "ConnectedAccount_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectSession" ADD CONSTRAINT "ConnectSession_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectSession" ADD CONSTRAINT "ConnectSession_accountId_fkey" FOREIGN KEY ("accountId") REFERENCES "ConnectedAccount"("id") ON DELETE CASCADE ON UPDATE CASCADE;

