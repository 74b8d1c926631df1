-- AlterTable
ALTER TABLE "Connection" ADD COLUMN     "providerDefinitionId" TEXT,
ADD COLUMN     "providerEndpointsHash" TEXT;

-- AlterTable
ALTER TABLE "Team" ADD COLUMN     "allowInstanceCodeRedemption" BOOLEAN NOT NULL DEFAULT false;


-- Pin existing custom-provider connections to the definition they resolve to today (same hash as
-- lib/connections/load-provider-for-connection.ts: sha256 of the endpoints joined by newlines, "" for none).
UPDATE "Connection" AS c
SET "providerDefinitionId" = a."id",
    "providerEndpointsHash" = encode(sha256(convert_to(
      coalesce(a."custom"->>'authorizationUrl', '') || E'\n' ||
      coalesce(a."custom"->>'tokenUrl', '') || E'\n' ||
      coalesce(a."custom"->>'revocationUrl', '') || E'\n' ||
      coalesce(a."custom"->>'userInfoUrl', '') || E'\n' ||
      coalesce(a."custom"->>'issuer', '') || E'\n' ||
      coalesce(a."custom"->>'apiBaseUrl', ''), 'UTF8')), 'hex')
FROM "OAuthApp" AS a
WHERE a."teamId" = c."teamId" AND a."providerSlug" = c."providerSlug" AND a."custom" IS NOT NULL;
