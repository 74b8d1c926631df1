-- CreateEnum
CREATE TYPE "ConnectionStatus" AS ENUM ('pending', 'connected', 'needs_reauth', 'error', 'disabled', 'revoked');

-- CreateEnum
CREATE TYPE "GrantStatus" AS ENUM ('pending', 'connected', 'failed', 'expired');

-- CreateEnum
CREATE TYPE "OwnerKind" AS ENUM ('user', 'account', 'shared');

-- CreateTable
CREATE TABLE "OAuthApp" (
    "id" TEXT NOT NULL,
    "teamId" TEXT,
    "providerSlug" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "clientSecretSealed" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "custom" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OAuthApp_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OAuthGrant" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "ownerKind" "OwnerKind" NOT NULL,
    "ownerUserId" TEXT,
    "accountId" TEXT,
    "providerSlug" TEXT NOT NULL,
    "mode" TEXT NOT NULL,
    "stateHash" TEXT,
    "sessionId" TEXT,
    "bindTokenHash" TEXT NOT NULL,
    "browserHash" TEXT,
    "boundAt" TIMESTAMP(3),
    "codeVerifierSealed" TEXT NOT NULL,
    "redirectUri" TEXT NOT NULL,
    "scopes" TEXT[],
    "params" JSONB NOT NULL DEFAULT '{}',
    "context" JSONB NOT NULL DEFAULT '{}',
    "label" TEXT,
    "returnTo" TEXT,
    "status" "GrantStatus" NOT NULL DEFAULT 'pending',
    "errorCode" TEXT,
    "errorDescription" TEXT,
    "connectionId" TEXT,
    "usedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OAuthGrant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Connection" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "brandId" TEXT NOT NULL,
    "ownerKind" "OwnerKind" NOT NULL,
    "ownerUserId" TEXT,
    "accountId" TEXT,
    "providerSlug" TEXT NOT NULL,
    "authMode" TEXT NOT NULL,
    "status" "ConnectionStatus" NOT NULL DEFAULT 'pending',
    "label" TEXT,
    "accountIdentity" JSONB NOT NULL DEFAULT '{}',
    "params" JSONB NOT NULL DEFAULT '{}',
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "context" JSONB NOT NULL DEFAULT '{}',
    "settings" JSONB NOT NULL DEFAULT '{}',
    "roles" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "credentialsSealed" TEXT,
    "tokenExpiresAt" TIMESTAMP(3),
    "refreshTokenExpiresAt" TIMESTAMP(3),
    "lastAuthorizedAt" TIMESTAMP(3),
    "lastRefreshedAt" TIMESTAMP(3),
    "lastCheckedAt" TIMESTAMP(3),
    "lastErrorCode" TEXT,
    "lastErrorMessage" TEXT,
    "refreshLeaseUntil" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Connection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ConnectionEvent" (
    "id" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "fromStatus" "ConnectionStatus",
    "toStatus" "ConnectionStatus" NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConnectionEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OAuthApp_providerSlug_idx" ON "OAuthApp"("providerSlug");

-- CreateIndex
CREATE UNIQUE INDEX "OAuthGrant_stateHash_key" ON "OAuthGrant"("stateHash");

-- CreateIndex
CREATE UNIQUE INDEX "OAuthGrant_bindTokenHash_key" ON "OAuthGrant"("bindTokenHash");

-- CreateIndex
CREATE INDEX "OAuthGrant_teamId_createdAt_idx" ON "OAuthGrant"("teamId", "createdAt");

-- CreateIndex
CREATE INDEX "Connection_teamId_brandId_idx" ON "Connection"("teamId", "brandId");

-- CreateIndex
CREATE INDEX "Connection_teamId_providerSlug_idx" ON "Connection"("teamId", "providerSlug");

-- CreateIndex
CREATE INDEX "Connection_tokenExpiresAt_idx" ON "Connection"("tokenExpiresAt");

-- CreateIndex
CREATE INDEX "ConnectionEvent_connectionId_createdAt_idx" ON "ConnectionEvent"("connectionId", "createdAt");

-- AddForeignKey
ALTER TABLE "OAuthApp" ADD CONSTRAINT "OAuthApp_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OAuthGrant" ADD CONSTRAINT "OAuthGrant_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OAuthGrant" ADD CONSTRAINT "OAuthGrant_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Connection" ADD CONSTRAINT "Connection_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Connection" ADD CONSTRAINT "Connection_brandId_fkey" FOREIGN KEY ("brandId") REFERENCES "Brand"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConnectionEvent" ADD CONSTRAINT "ConnectionEvent_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- One instance-wide app (teamId NULL) and one app per team for each provider.
CREATE UNIQUE INDEX "OAuthApp_instance_provider_key" ON "OAuthApp"("providerSlug") WHERE "teamId" IS NULL;
CREATE UNIQUE INDEX "OAuthApp_team_provider_key" ON "OAuthApp"("teamId", "providerSlug") WHERE "teamId" IS NOT NULL;
