-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "warningCode" TEXT,
ADD COLUMN     "warningMessage" TEXT;

-- AlterTable
ALTER TABLE "OAuthGrant" ADD COLUMN     "warningCode" TEXT,
ADD COLUMN     "warningDescription" TEXT;

