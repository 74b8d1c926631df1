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
