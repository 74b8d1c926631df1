-- CreateIndex
CREATE INDEX "OAuthGrant_connectSessionId_idx" ON "OAuthGrant"("connectSessionId");
