import { dumpDatabase } from "../db-dump";
// Vault key rotation against a real database. The test ring (test/setup-env.ts) is "old,new" with "new" active;
// rows "sealed under the old key" are made by sealing with a ring that holds only the old key.
// rotateKeys works on the whole database, so every assertion about rows is limited to the rows this test made.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { setLogSink } from "@/lib/log";
import { rotateKeys } from "@/lib/vault/rotate-keys";
import { SEALED_COLUMNS, writeResealed } from "@/lib/vault/sealed-columns-repo";
import { aadFor, keyIdOf, open, seal } from "@/lib/vault/vault";
import { sendJson, startFake, type FakeHandle } from "@/e2e/fixtures/fake-providers/base";
import { sealCredentials } from "@/lib/connections/credentials";
import { testConnection } from "@/lib/connections/test-connection";
import { configureOAuthApp } from "@/lib/providers/configure-app";
import { resolveOAuthApp } from "@/lib/providers/resolve-app";
import { setOutboundHostMapForTests, setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { startSandbox, stopSandbox } from "@/lib/sandbox/sandbox-issuer";
import { hitCallback, messageOf, openBindUrl, startFlow } from "../connect-flow";
import * as sourceRoute from "@/app/api/v1/webhooks/[provider]/[source]/route";
import {
  githubDelivery,
  stripeDelivery,
  type TDelivery,
} from "@/e2e/fixtures/fake-providers/webhook-senders";
import { deliverEvent } from "@/lib/events/deliver-event";
import { createEndpoint, rotateEndpointSecret } from "@/lib/events/endpoints";
import { sendTestEvent } from "@/lib/events/send-test-event";
import { addInboundSecret, getInboundConfig, revealPendingToken } from "@/lib/webhooks/inbound-config";
import { upsertSource } from "@/lib/webhooks/repo";
import { forgetCachedSources, sealSecret } from "@/lib/webhooks/source-secrets";
import { call } from "../http";

const toCall = (d: TDelivery) => ({ rawBody: d.body, headers: d.headers });
import { consentAtProvider } from "../cookie-jar";
import { defaultBrandId, makeOwner } from "../factories";

const logs: string[] = [];
beforeAll(() => setLogSink((line) => logs.push(line)));
afterAll(() => setLogSink(undefined));

const oldRing = () => [env().vaultKeys.find((k) => k.id === "old")!];
const connectionAad = (id: string) => aadFor("Connection", id, "credentials");
const randomId = (prefix: string) => `${prefix}_${crypto.randomBytes(12).toString("base64url")}`;

type TSeeded = { id: string; token: string; plaintext: string; sealed: string };

/** `n` connections of one fresh team, bulk-inserted, credentials sealed under the old key. */
async function seedConnections(n: number) {
  const owner = await makeOwner();
  const brandId = await defaultBrandId(owner.teamId);
  const rows: TSeeded[] = Array.from({ length: n }, () => {
    const id = randomId("conn");
    const token = `tok_${crypto.randomBytes(16).toString("hex")}`;
    const plaintext = JSON.stringify({ type: "api_key", api_key: token });
    return { id, token, plaintext, sealed: seal(plaintext, connectionAad(id), oldRing()) };
  });
  await db.connection.createMany({
    data: rows.map((r) => ({
      id: r.id,
      teamId: owner.teamId,
      brandId,
      ownerKind: "shared" as const,
      providerSlug: "rotation-test",
      authMode: "api_key",
      status: "connected" as const,
      credentialsSealed: r.sealed,
    })),
  });
  return { teamId: owner.teamId, brandId, rows };
}

async function storedCredentials(ids: string[]): Promise<Map<string, string>> {
  const rows = await db.connection.findMany({
    where: { id: { in: ids } },
    select: { id: true, credentialsSealed: true },
  });
  return new Map(rows.map((r) => [r.id, r.credentialsSealed!]));
}

describe("vault key rotation", () => {
  it("re-seals 1,000 connections, an OAuth app and a grant under the active key, exactly once", async () => {
    const { teamId, brandId, rows } = await seedConnections(1000);
    const appId = randomId("app");
    const clientSecret = `cs_${crypto.randomBytes(16).toString("hex")}`;
    await db.oAuthApp.create({
      data: {
        id: appId,
        teamId,
        providerSlug: "rotation-test",
        clientId: "client",
        clientSecretSealed: seal(clientSecret, aadFor("OAuthApp", appId, "clientSecret"), oldRing()),
      },
    });
    const grantId = randomId("grant");
    const verifier = `cv_${crypto.randomBytes(24).toString("hex")}`;
    await db.oAuthGrant.create({
      data: {
        id: grantId,
        teamId,
        brandId,
        ownerKind: "shared",
        providerSlug: "rotation-test",
        mode: "api",
        bindTokenHash: crypto.randomBytes(16).toString("hex"),
        codeVerifierSealed: seal(verifier, aadFor("OAuthGrant", grantId, "codeVerifier"), oldRing()),
        redirectUri: "http://localhost:3999/oauth/callback",
        expiresAt: new Date(Date.now() + 600_000),
      },
    });

    const progress: [number, number][] = [];
    const first = await rotateKeys({ onProgress: (done, total) => void progress.push([done, total]) });
    expect(first.activeKeyId).toBe("new");
    expect(first.resealed).toBeGreaterThanOrEqual(1002);
    const mine = new Set([...rows.map((r) => r.id), appId, grantId]);
    expect(first.failed.filter((f) => mine.has(f.id))).toEqual([]);
    expect(progress[0]).toEqual([0, first.total]);
    expect(progress.at(-1)![0]).toBe(first.total);
    expect(progress.length).toBeGreaterThanOrEqual(1 + 5 + 2); // start, 5 batches of 200 connections, app, grant

    const stored = await storedCredentials(rows.map((r) => r.id));
    for (const r of rows) {
      const sealed = stored.get(r.id)!;
      expect(keyIdOf(sealed)).toBe("new");
      expect(open(sealed, connectionAad(r.id))).toBe(r.plaintext);
    }
    const app = await db.oAuthApp.findUniqueOrThrow({
      where: { id: appId },
      omit: { clientSecretSealed: false },
    });
    expect(keyIdOf(app.clientSecretSealed)).toBe("new");
    expect(open(app.clientSecretSealed, aadFor("OAuthApp", appId, "clientSecret"))).toBe(clientSecret);
    const grant = await db.oAuthGrant.findUniqueOrThrow({
      where: { id: grantId },
      omit: { codeVerifierSealed: false },
    });
    expect(keyIdOf(grant.codeVerifierSealed)).toBe("new");
    expect(open(grant.codeVerifierSealed, aadFor("OAuthGrant", grantId, "codeVerifier"))).toBe(verifier);

    // Idempotent: nothing left to do, and nothing is rewritten.
    const second = await rotateKeys();
    expect(second.resealed).toBe(0);
    expect(second.alreadyCurrent).toBeGreaterThanOrEqual(1002);
    expect(await storedCredentials(rows.map((r) => r.id))).toEqual(stored);

    // No plaintext anywhere in the database or the logs.
    const dump = await dumpDatabase();
    expect(dump).toContain(rows[0]!.id); // the scan does see the rows
    const haystacks = { database: dump, logs: logs.join("\n") };
    for (const [where, text] of Object.entries(haystacks)) {
      for (const secret of [...rows.map((r) => r.token), clientSecret, verifier]) {
        expect(text.includes(secret), `a plaintext secret found in ${where}`).toBe(false);
      }
    }
  });

  it("resumes after a crash midway and finishes the rest", async () => {
    const { rows } = await seedConnections(450);
    const ids = rows.map((r) => r.id);
    const onNew = async () =>
      [...(await storedCredentials(ids)).values()].filter((s) => keyIdOf(s) === "new");

    await expect(
      rotateKeys({
        batchSize: 100,
        onProgress: (done) => {
          if (done > 0) throw new Error("simulated crash");
        },
      }),
    ).rejects.toThrow("simulated crash");
    const afterCrash = (await onNew()).length;
    expect(afterCrash).toBeGreaterThan(0);
    expect(afterCrash).toBeLessThan(450);

    const resumed = await rotateKeys({ batchSize: 100 });
    expect(resumed.resealed).toBeGreaterThanOrEqual(450 - afterCrash);
    expect((await onNew()).length).toBe(450);
    const stored = await storedCredentials(ids);
    for (const r of rows) expect(open(stored.get(r.id)!, connectionAad(r.id))).toBe(r.plaintext);
  });

  it("reports rows it cannot open, without plaintext, and rotates the others", async () => {
    const { rows } = await seedConnections(10);
    const tampered = rows[3]!;
    const [prefix, kid, iv, ct] = tampered.sealed.split(".") as [string, string, string, string];
    const flipped = ct.slice(0, 10) + (ct[10] === "A" ? "B" : "A") + ct.slice(11);
    const tamperedSealed = [prefix, kid, iv, flipped].join(".");
    const retired = rows[7]!;
    const retiredSealed = seal(retired.plaintext, connectionAad(retired.id), [
      { id: "retired", key: crypto.randomBytes(32) },
    ]);
    await db.connection.update({ where: { id: tampered.id }, data: { credentialsSealed: tamperedSealed } });
    await db.connection.update({ where: { id: retired.id }, data: { credentialsSealed: retiredSealed } });
    onTestFinished(async () => {
      await db.connection.deleteMany({ where: { id: { in: [tampered.id, retired.id] } } });
    });

    const result = await rotateKeys({ batchSize: 4 });
    const mine = result.failed.filter((f) => f.id === tampered.id || f.id === retired.id);
    expect(mine).toHaveLength(2);
    expect(mine.find((f) => f.id === tampered.id)).toMatchObject({
      table: "Connection",
      reason: expect.stringMatching(/failed authentication/) as unknown,
    });
    expect(mine.find((f) => f.id === retired.id)).toMatchObject({
      table: "Connection",
      reason: expect.stringMatching(/"retired" is not configured/) as unknown,
    });
    expect(JSON.stringify(result)).not.toContain(tampered.token);
    expect(JSON.stringify(result)).not.toContain(retired.token);
    expect(result.stillSealedUnder.old).toBeGreaterThanOrEqual(1);
    expect(result.stillSealedUnder.retired).toBeGreaterThanOrEqual(1);

    const stored = await storedCredentials(rows.map((r) => r.id));
    expect(stored.get(tampered.id)).toBe(tamperedSealed);
    expect(stored.get(retired.id)).toBe(retiredSealed);
    for (const r of rows.filter((r) => r !== tampered && r !== retired)) {
      expect(keyIdOf(stored.get(r.id)!)).toBe("new");
      expect(open(stored.get(r.id)!, connectionAad(r.id))).toBe(r.plaintext);
    }
  });

  it("never overwrites a value a concurrent writer stored after the row was read", async () => {
    const { rows } = await seedConnections(1);
    const row = rows[0]!;
    const connection = SEALED_COLUMNS.find((c) => c.model === "Connection")!;
    const resealed = seal(row.plaintext, connectionAad(row.id));
    // A token refresh re-seals new credentials between rotation's read and its write.
    const refreshed = seal(JSON.stringify({ type: "api_key", api_key: "refreshed" }), connectionAad(row.id));
    await db.connection.update({ where: { id: row.id }, data: { credentialsSealed: refreshed } });

    const written = await writeResealed(connection, [{ id: row.id, previous: row.sealed, next: resealed }]);
    expect(written.size).toBe(0);
    expect((await storedCredentials([row.id])).get(row.id)).toBe(refreshed);

    const control = await writeResealed(connection, [{ id: row.id, previous: refreshed, next: resealed }]);
    expect([...control]).toEqual([row.id]);
    expect((await storedCredentials([row.id])).get(row.id)).toBe(resealed);
  });
});

// Finding 9: every kind of secret the code seals — connection credentials, an OAuth app's client secret, its
// secret settings (Google Ads' developer token, sealed inside OAuthApp.settings), a grant's PKCE verifier — is
// re-sealed, the old key is then REMOVED from the ring, and each secret is USED: the client secret and refresh
// token at a fake Google token endpoint, the developer token at a fake Google Ads API (as a header, the literal
// "{developer_token}" being refused), the verifier at the Sandbox's real oidc-provider (PKCE required).
describe("finding 9: rotation covers every sealed secret, and each works once the old key is removed", () => {
  const CLIENT_SECRET = `gcs_${crypto.randomBytes(12).toString("hex")}`;
  const DEVELOPER_TOKEN = `DevTok_${crypto.randomBytes(10).toString("hex")}`;
  const REFRESH_TOKEN = `1//rt_${crypto.randomBytes(12).toString("hex")}`;
  let fake: FakeHandle;
  let issued: string | null = null;

  beforeAll(async () => {
    await startSandbox();
    fake = await startFake((req, res) => {
      const host = req.headers["x-patchbay-original-host"];
      if (host === "oauth2.googleapis.com" && req.path === "/token") {
        const form = new URLSearchParams(req.body);
        if (form.get("client_secret") !== CLIENT_SECRET)
          return sendJson(res, 401, { error: "invalid_client", error_description: "Unauthorized" });
        if (form.get("grant_type") !== "refresh_token" || form.get("refresh_token") !== REFRESH_TOKEN)
          return sendJson(res, 400, { error: "invalid_grant", error_description: "Bad Request" });
        issued = `ya29.${crypto.randomBytes(12).toString("hex")}`;
        return sendJson(res, 200, { access_token: issued, expires_in: 3599, token_type: "Bearer" });
      }
      if (host === "googleads.googleapis.com" && req.path.endsWith("customers:listAccessibleCustomers")) {
        if (!issued || req.headers.authorization !== `Bearer ${issued}`)
          return sendJson(res, 401, { error: { code: 401, status: "UNAUTHENTICATED" } });
        if (req.headers["developer-token"] !== DEVELOPER_TOKEN)
          return sendJson(res, 401, {
            error: { code: 401, status: "UNAUTHENTICATED", message: "developer token" },
          });
        return sendJson(res, 200, { resourceNames: ["customers/1234567890"] });
      }
      if (req.path === "/hooks/outbound") return sendJson(res, 200, { ok: true }); // a team's endpoint
      return undefined;
    });
    setOutboundHostMapForTests({ "oauth2.googleapis.com": fake.url, "googleads.googleapis.com": fake.url });
    setOutboundPolicyForTests({ allowPrivate: true });
  });
  afterAll(async () => {
    setOutboundHostMapForTests(undefined);
    setOutboundPolicyForTests(undefined);
    await fake.close();
    await stopSandbox();
  });

  it("seals every secret type under the old key, rotates, drops the old key, then uses each one", async () => {
    const cfg = env();
    const fullRing = cfg.vaultKeys;
    onTestFinished(() => {
      cfg.vaultKeys = fullRing;
    });
    const owner = await makeOwner();
    const brandId = await defaultBrandId(owner.teamId);

    // 1. Everything sealed while "old" is the only (so the active) key.
    cfg.vaultKeys = oldRing();
    await configureOAuthApp(owner.ctx, "google-ads", {
      level: "team",
      client_id: "ads-client.apps.googleusercontent.com",
      client_secret: CLIENT_SECRET,
      settings: { developer_token: DEVELOPER_TOKEN },
    });
    const connectionId = randomId("conn");
    await db.connection.create({
      data: {
        id: connectionId,
        teamId: owner.teamId,
        brandId,
        ownerKind: "shared",
        providerSlug: "google-ads",
        authMode: "oauth2",
        status: "connected",
        credentialsSealed: sealCredentials(connectionId, {
          type: "oauth2",
          access_token: "ya29.expired",
          refresh_token: REFRESH_TOKEN,
          extra: {},
        }),
        tokenExpiresAt: new Date(Date.now() - 60_000),
      },
    });
    const grant = await startFlow({ cookie: owner.cookie }, "sandbox", { mode: "popup" });
    const app = await db.oAuthApp.findFirstOrThrow({
      where: { teamId: owner.teamId, providerSlug: "google-ads" },
      omit: { clientSecretSealed: false },
    });
    const grantRow = await db.oAuthGrant.findUniqueOrThrow({
      where: { id: grant.grant_id },
      omit: { codeVerifierSealed: false },
    });
    const settingSealed = (app.settings as Record<string, { sealed: string }>).developer_token!.sealed;
    for (const sealed of [app.clientSecretSealed, grantRow.codeVerifierSealed, settingSealed])
      expect(keyIdOf(sealed)).toBe("old");

    // Webhook secrets: an outbound endpoint's secret rotated with an overlap (both sealed), an inbound app
    // endpoint's signing secret, a per-connection registration secret, and a parked Notion verification token.
    const created = await createEndpoint(owner.ctx, { url: `${fake.url}/hooks/outbound` });
    const rotated = await rotateEndpointSecret(owner.ctx, created.endpoint.id, 3600);
    const STRIPE_SECRET = `whsec_${crypto.randomBytes(12).toString("hex")}`;
    const stripeSource = new URL(
      (await addInboundSecret(owner.ctx, "stripe", { level: "team", secret: STRIPE_SECRET })).url!,
    ).pathname
      .split("/")
      .pop()!;
    const githubConn = randomId("conn");
    await db.connection.create({
      data: {
        id: githubConn,
        teamId: owner.teamId,
        brandId,
        ownerKind: "shared",
        providerSlug: "github",
        authMode: "oauth2",
        status: "connected",
        credentialsSealed: sealCredentials(githubConn, { type: "oauth2", access_token: "gho_x", extra: {} }),
      },
    });
    const GITHUB_SECRET = `gh_${crypto.randomBytes(12).toString("hex")}`;
    const githubSource = randomId("whs");
    await upsertSource({
      id: githubSource,
      scopeKey: `connection:${githubConn}`,
      teamId: owner.teamId,
      providerSlug: "github",
      connectionId: githubConn,
      secrets: [sealSecret(githubSource, GITHUB_SECRET)],
    });
    const NOTION_TOKEN = `secret_${crypto.randomBytes(16).toString("hex")}`;
    const notionSource = new URL((await getInboundConfig(owner.ctx, "notion")).url!).pathname
      .split("/")
      .pop()!;
    const parked = await call(sourceRoute.POST, {
      method: "POST",
      path: `/api/v1/webhooks/notion/${notionSource}`,
      params: { provider: "notion", source: notionSource },
      rawBody: JSON.stringify({ verification_token: NOTION_TOKEN }),
      headers: { "content-type": "application/json" },
    });
    expect(parked.json).toMatchObject({ status: "token_parked" });
    const webhookRows = async () => ({
      endpoint: await db.webhookEndpoint.findUniqueOrThrow({
        where: { id: created.endpoint.id },
        omit: { secretSealed: false, previousSecretSealed: false },
      }),
      sources: await db.inboundWebhookSource.findMany({
        where: { id: { in: [stripeSource, githubSource, notionSource] } },
        omit: { pendingTokenSealed: false },
      }),
    });
    const sealedWebhookValues = (w: Awaited<ReturnType<typeof webhookRows>>) => [
      w.endpoint.secretSealed,
      w.endpoint.previousSecretSealed!,
      ...w.sources.flatMap((src) => [
        ...(src.secrets as { sealed: string }[]).map((e) => e.sealed),
        ...(src.pendingTokenSealed ? [src.pendingTokenSealed] : []),
      ]),
    ];
    const beforeRotation = sealedWebhookValues(await webhookRows());
    expect(beforeRotation).toHaveLength(5);
    for (const sealed of beforeRotation) expect(keyIdOf(sealed)).toBe("old");

    // 2. Rotate with the full ring; it must report nothing left under "old" only when that is true.
    cfg.vaultKeys = fullRing;
    const result = await rotateKeys();
    const mine = new Set([app.id, connectionId, grant.grant_id]);
    expect(result.failed.filter((f) => mine.has(f.id))).toEqual([]);
    expect(result.stillSealedUnder).not.toHaveProperty("old");
    const afterRotation = await webhookRows();
    for (const sealed of sealedWebhookValues(afterRotation)) expect(keyIdOf(sealed)).toBe("new");
    // The JSON around each re-sealed secret (ids, dates, order) is kept.
    const stripeRow = afterRotation.sources.find((x) => x.id === stripeSource)!;
    expect((stripeRow.secrets as { id: string }[]).map((e) => e.id)).toHaveLength(1);
    const after = await db.oAuthApp.findUniqueOrThrow({ where: { id: app.id } });
    expect(keyIdOf((after.settings as Record<string, { sealed: string }>).developer_token!.sealed)).toBe(
      "new",
    );

    // 3. The operator removes the old key, as the script said they could.
    cfg.vaultKeys = fullRing.filter((k) => k.id !== "old");

    // The app's client secret and developer token open.
    const resolved = await resolveOAuthApp(owner.teamId, "google-ads");
    expect(resolved?.clientSecret).toBe(CLIENT_SECRET);
    expect(resolved?.secretSettings).toEqual({ developer_token: DEVELOPER_TOKEN });

    // Connection credentials + client secret (refresh at the token endpoint) + developer token (the test call).
    const tested = await testConnection(owner.ctx, connectionId);
    expect(tested, JSON.stringify(tested)).toMatchObject({ ok: true, status: "connected" });
    const apiCall = fake.requestsTo(/listAccessibleCustomers$/).at(-1)!;
    expect(apiCall.headers["developer-token"]).toBe(DEVELOPER_TOKEN);

    // The grant's PKCE verifier, redeemed at a real oidc-provider that requires PKCE.
    const bound = await openBindUrl(grant.authorization_url, owner.cookie);
    expect(bound.status, bound.text).toBe(302);
    const callback = await consentAtProvider(
      bound.location!,
      "rotation@example.test",
      "http://localhost:3999/oauth/callback",
    );
    const page = await hitCallback(callback, bound.cookie);
    expect(messageOf(page.text), page.text.slice(0, 300)).toMatchObject({ status: "connected" });

    // Webhooks, with the old key gone. Outbound: a test event is signed with both the rotated secret and the one
    // in its overlap — checked here with our own Standard Webhooks verification, not Patchbay's.
    forgetCachedSources();
    const test = await sendTestEvent(owner.ctx, created.endpoint.id);
    await deliverEvent(test.delivery_id);
    const delivered = fake.requestsTo("/hooks/outbound").at(-1)!;
    const id = delivered.headers["webhook-id"] as string;
    const ts = delivered.headers["webhook-timestamp"] as string;
    const sigs = (delivered.headers["webhook-signature"] as string).split(" ");
    const expected = (secret: string) =>
      `v1,${crypto
        .createHmac("sha256", Buffer.from(secret.replace(/^whsec_/, ""), "base64"))
        .update(`${id}.${ts}.${delivered.body}`)
        .digest("base64")}`;
    expect(sigs).toContain(expected(rotated.secret));
    expect(sigs).toContain(expected(created.secret));
    // Inbound: the team's Stripe secret and the connection's GitHub secret verify; the parked token reveals.
    const account = `acct_${crypto.randomBytes(6).toString("hex")}`;
    const stripeRes = await call(sourceRoute.POST, {
      method: "POST",
      path: `/api/v1/webhooks/stripe/${stripeSource}`,
      params: { provider: "stripe", source: stripeSource },
      ...toCall(stripeDelivery({ secrets: [STRIPE_SECRET], account })),
    });
    expect(stripeRes.status).toBe(404); // verified (no 401), then no Stripe connection for that account
    expect(stripeRes.json.error).toMatchObject({ details: { reason: "unknown_tenant" } });
    const githubRes = await call(sourceRoute.POST, {
      method: "POST",
      path: `/api/v1/webhooks/github/${githubSource}`,
      params: { provider: "github", source: githubSource },
      ...toCall(githubDelivery({ secret: GITHUB_SECRET })),
    });
    expect(githubRes.json, githubRes.text).toMatchObject({ status: "accepted", stored: 1 });
    const revealed = await revealPendingToken(owner.ctx, "notion", "team");
    expect(revealed.token).toBe(NOTION_TOKEN);

    // No plaintext in the logs.
    for (const secret of [
      CLIENT_SECRET,
      DEVELOPER_TOKEN,
      REFRESH_TOKEN,
      STRIPE_SECRET,
      GITHUB_SECRET,
      NOTION_TOKEN,
    ])
      expect(logs.join("\n").includes(secret)).toBe(false);
  });
});
