// GA4 with a service account: RS256 JWT → RFC 7523 JWT bearer grant at Google's token URL (a local fake that
// verifies the signature with the key's public half), then the property read; and the re-mint on refresh.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as connectionsRoute from "@/app/api/v1/connections/route";
import { openCredentials } from "@/lib/connections/credentials";
import { refreshConnection } from "@/lib/connections/refresh-connection";
import { createConnection } from "@/lib/connections/create-connection";
import { noticeExpiringTokens } from "@/lib/connections/notice-expiring-tokens";
import { db } from "@/lib/db";
import { setOutboundHostMapForTests, setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { startFakeGoogle, type FakeGoogleHandle } from "../../e2e/fixtures/fake-providers/google";
import { makeApiKey, makeOwner } from "../factories";
import { call } from "../http";

const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const EMAIL = "ga-reader@acme-project.iam.gserviceaccount.com";
const keyFile = {
  type: "service_account",
  project_id: "acme-project",
  private_key_id: "kid-1",
  private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  client_email: EMAIL,
  // A hostile key file cannot redirect us: the registry's token URL is used, never this.
  token_uri: "http://169.254.169.254/steal",
};
let google: FakeGoogleHandle;
const seen = {
  get assertions() {
    return google.assertions;
  },
};

beforeAll(async () => {
  google = await startFakeGoogle({ publicKey, properties: ["123456789"] });
  setOutboundPolicyForTests({ allowPrivate: true });
  setOutboundHostMapForTests({
    "oauth2.googleapis.com": google.url,
    "analyticsadmin.googleapis.com": google.url,
  });
});
afterAll(async () => {
  setOutboundHostMapForTests(undefined);
  setOutboundPolicyForTests(undefined);
  await google.close();
});

/** POST /api/v1/connections for the test's GA4 property with the service-account key (verified by fake Google). */
const postGa4Connection = (bearer: string) =>
  call(connectionsRoute.POST, {
    method: "POST",
    bearer,
    body: {
      provider: "google-analytics",
      params: { property_id: "123456789" },
      service_account_key: keyFile,
    },
  });

describe("service account connections (GA4)", () => {
  it("signs a JWT for the registry's token URL, verifies the property, stores the key sealed, re-mints on refresh", async () => {
    const owner = await makeOwner();
    const key = await makeApiKey(owner, ["connections:read", "connections:write"]);
    const res = await postGa4Connection(key.key);
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({
      auth_mode: "service_account",
      account: { email: EMAIL },
      status: "connected",
    });
    expect(res.text).not.toContain("PRIVATE KEY");
    expect(seen.assertions[0]).toMatchObject({
      iss: EMAIL,
      aud: "https://oauth2.googleapis.com/token",
      scope: "https://www.googleapis.com/auth/analytics.readonly",
    });

    const id = res.json.id as string;
    const row = await db.connection.findUniqueOrThrow({ where: { id }, omit: { credentialsSealed: false } });
    expect(row.credentialsSealed).not.toContain("PRIVATE KEY");
    const before = openCredentials(id, row.credentialsSealed!);
    const out = await refreshConnection(owner.teamId, id, { force: true });
    expect(out.refreshed).toBe(true);
    expect(out.credentials.type === "service_account" && out.credentials.access_token).not.toBe(
      before.type === "service_account" && before.access_token,
    );
    expect(seen.assertions).toHaveLength(2);
  });

  it("says why and stores nothing: unreadable key, wrong property access, forged key", async () => {
    const owner = await makeOwner();
    const key = await makeApiKey(owner, ["connections:write"]);
    const post = (body: Record<string, unknown>) =>
      call(connectionsRoute.POST, {
        method: "POST",
        bearer: key.key,
        body: { provider: "google-analytics", ...body },
      });

    const notJson = await post({ params: { property_id: "123456789" }, service_account_key: "{not json" });
    expect(notJson.status).toBe(422);
    const noAccess = await post({ params: { property_id: "999999999" }, service_account_key: keyFile });
    expect(noAccess.status).toBe(422);
    expect(noAccess.json.error?.message).toContain(EMAIL);
    const other = crypto
      .generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    const forged = await post({
      params: { property_id: "123456789" },
      service_account_key: { ...keyFile, private_key: other },
    });
    expect(forged.status).toBe(422);
    expect(forged.json.error?.message).toMatch(/refused the service account: Invalid JWT Signature/);
    expect(forged.text).not.toContain("PRIVATE KEY");
    expect(await db.connection.count({ where: { teamId: owner.teamId } })).toBe(0);
  });
});

/** A GA4 service-account connection of a new team, made through the API. */
async function connectGa4ServiceAccount(): Promise<string> {
  const owner = await makeOwner();
  const key = await makeApiKey(owner, ["connections:write"]);
  const res = await postGa4Connection(key.key);
  expect(res.status, res.text).toBe(201);
  return res.json.id as string;
}

describe("scheduled health checks", () => {
  it("checks connections not checked lately and records the result", async () => {
    const id = await connectGa4ServiceAccount();
    await db.connection.update({
      where: { id },
      data: { lastCheckedAt: new Date(Date.now() - 48 * 3600_000) },
    });
    const { checkStaleConnections } = await import("@/lib/jobs/refresh-scheduler");
    let checked = 0;
    for (let i = 0; i < 20 && checked === 0; i++) {
      await checkStaleConnections(24 * 3600_000, 200);
      const row = await db.connection.findUniqueOrThrow({ where: { id } });
      if (row.lastCheckedAt && row.lastCheckedAt.getTime() > Date.now() - 60_000) checked = 1;
    }
    expect(checked).toBe(1);
    expect((await db.connection.findUniqueOrThrow({ where: { id } })).status).toBe("connected");
  });

  it("leaves a connection made moments ago alone: creating it verified it", async () => {
    const id = await connectGa4ServiceAccount();
    const { checkStaleConnections } = await import("@/lib/jobs/refresh-scheduler");
    await checkStaleConnections(24 * 3600_000, 10_000);
    expect((await db.connection.findUniqueOrThrow({ where: { id } })).lastCheckedAt).toBeNull();
    // the same connection made two days ago, never tested since: due
    await db.connection.update({ where: { id }, data: { createdAt: new Date(Date.now() - 48 * 3600_000) } });
    let checked = false;
    for (let i = 0; i < 20 && !checked; i++) {
      await checkStaleConnections(24 * 3600_000, 200);
      checked = (await db.connection.findUniqueOrThrow({ where: { id } })).lastCheckedAt !== null;
    }
    expect(checked).toBe(true);
  });
});

describe("advance notice for tokens that cannot be renewed", () => {
  it("flags an OAuth connection without a refresh token days before expiry, and leaves renewable ones alone", async () => {
    const owner = await makeOwner();
    const brandId = (await db.brand.findFirstOrThrow({ where: { teamId: owner.teamId } })).id;
    const base = {
      teamId: owner.teamId,
      brandId,
      ownerKind: "shared" as const,
      ownerUserId: null,
      providerSlug: "sandbox",
      authMode: "oauth2",
      label: null,
      accountIdentity: {},
      params: {},
      metadata: {},
      context: {},
      scopes: [],
      tokenExpiresAt: new Date(Date.now() + 3 * 24 * 3600_000),
      refreshTokenExpiresAt: null,
    };
    const stuck = await createConnection(
      { ...base, credentials: { type: "oauth2", access_token: "a".repeat(30), extra: {} } },
      "test",
    );
    const fine = await createConnection(
      {
        ...base,
        credentials: {
          type: "oauth2",
          access_token: "b".repeat(30),
          refresh_token: "r".repeat(30),
          extra: {},
        },
      },
      "test",
    );
    await noticeExpiringTokens(7 * 24 * 3600_000, 500);
    const a = await db.connection.findUniqueOrThrow({ where: { id: stuck.id } });
    const b = await db.connection.findUniqueOrThrow({ where: { id: fine.id } });
    expect(a.lastErrorCode).toBe("expires_soon");
    expect(a.lastErrorMessage).toMatch(/reconnect before then/);
    expect(a.status).toBe("connected");
    expect(b.lastErrorCode).toBeNull();
    expect(
      await db.auditEntry.count({
        where: { teamId: owner.teamId, action: "connection.expiring", targetId: stuck.id },
      }),
    ).toBe(1);
  });
});
