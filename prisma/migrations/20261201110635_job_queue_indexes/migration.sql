-- DropIndex
DROP INDEX "Connection_tokenExpiresAt_idx";

-- CreateIndex
CREATE INDEX "Connection_status_authMode_tokenExpiresAt_idx" ON "Connection"("status", "authMode", "tokenExpiresAt");

-- CreateIndex
CREATE INDEX "Connection_status_lastCheckedAt_idx" ON "Connection"("status", "lastCheckedAt");

-- CreateIndex
CREATE INDEX "OAuthGrant_expiresAt_idx" ON "OAuthGrant"("expiresAt");

