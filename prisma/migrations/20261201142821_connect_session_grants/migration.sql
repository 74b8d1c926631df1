-- AlterTable
ALTER TABLE "OAuthGrant" ADD COLUMN     "connectBrowserHash" TEXT,
ADD COLUMN     "connectSessionId" TEXT;

