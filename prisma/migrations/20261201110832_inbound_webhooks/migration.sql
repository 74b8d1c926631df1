-- CreateTable
CREATE TABLE "InboundWebhookSource" (
    "id" TEXT NOT NULL,
    "scopeKey" TEXT NOT NULL,
    "teamId" TEXT,
    "providerSlug" TEXT NOT NULL,
    "connectionId" TEXT,
    "secrets" JSONB NOT NULL DEFAULT '[]',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InboundWebhookSource_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "InboundWebhookRoute" (
    "connectionId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "providerSlug" TEXT NOT NULL,
    "tenantKey" TEXT,
    "registrationStatus" TEXT NOT NULL DEFAULT 'not_supported',
    "registrationError" TEXT,
    "registrationAttempts" INTEGER NOT NULL DEFAULT 0,
    "remoteIds" JSONB NOT NULL DEFAULT '[]',
    "registeredAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InboundWebhookRoute_pkey" PRIMARY KEY ("connectionId")
);

-- CreateTable
CREATE TABLE "InboundWebhookEvent" (
    "id" TEXT NOT NULL,
    "sourceId" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "connectionId" TEXT NOT NULL,
    "providerSlug" TEXT NOT NULL,
    "deliveryId" TEXT NOT NULL,
    "eventType" TEXT,
    "status" TEXT NOT NULL DEFAULT 'received',
    "payload" JSONB NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processedAt" TIMESTAMP(3),
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InboundWebhookEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "InboundWebhookSource_scopeKey_key" ON "InboundWebhookSource"("scopeKey");

-- CreateIndex
CREATE UNIQUE INDEX "InboundWebhookSource_connectionId_key" ON "InboundWebhookSource"("connectionId");

-- CreateIndex
CREATE INDEX "InboundWebhookSource_providerSlug_idx" ON "InboundWebhookSource"("providerSlug");

-- CreateIndex
CREATE INDEX "InboundWebhookRoute_providerSlug_tenantKey_idx" ON "InboundWebhookRoute"("providerSlug", "tenantKey");

-- CreateIndex
CREATE INDEX "InboundWebhookRoute_teamId_providerSlug_idx" ON "InboundWebhookRoute"("teamId", "providerSlug");

-- CreateIndex
CREATE INDEX "InboundWebhookEvent_teamId_connectionId_receivedAt_idx" ON "InboundWebhookEvent"("teamId", "connectionId", "receivedAt");

-- CreateIndex
CREATE INDEX "InboundWebhookEvent_expiresAt_idx" ON "InboundWebhookEvent"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "InboundWebhookEvent_sourceId_deliveryId_connectionId_key" ON "InboundWebhookEvent"("sourceId", "deliveryId", "connectionId");

-- AddForeignKey
ALTER TABLE "InboundWebhookSource" ADD CONSTRAINT "InboundWebhookSource_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboundWebhookSource" ADD CONSTRAINT "InboundWebhookSource_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboundWebhookRoute" ADD CONSTRAINT "InboundWebhookRoute_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InboundWebhookEvent" ADD CONSTRAINT "InboundWebhookEvent_connectionId_fkey" FOREIGN KEY ("connectionId") REFERENCES "Connection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

