// Deleting a connected account: DELETE answers 202 at once with the account marked and the job queued in the same
// transaction; GET shows the progress; the job (a real pg-boss worker) disconnects each of the account's
// connections — revoking its tokens at a real OAuth server (oidc-provider) — then deletes the account. The team's
// other connections stay.
import { afterAll, afterEach, describe, expect, it } from "vitest";
import * as accountRoute from "@/app/api/v1/accounts/[id]/route";
import * as partnerRoute from "@/app/api/v1/partner/route";
import type { OAuthServer } from "@/e2e/fixtures/oauth-test-server";
import { listAuditEntries } from "@/lib/audit/list-audit-entries";
import { db } from "@/lib/db";
import { setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { DELETE_ACCOUNT_JOB } from "@/lib/partners/delete-account-job";
import { startWorkers, stopQueue } from "@/lib/queue/queue";
import { makeApiKey } from "../factories";
import { call } from "../http";
import { connectToOwnServer, storedOAuthConnection, teamWithOwnOAuthServer } from "../oauth-team";
import { PARTNER_SCOPES, makeAccount, ownByAccount } from "../partner-fixtures";

const CLIENT_ID = "patchbay-partner-deletion";
const CLIENT_SECRET = "partner-deletion-secret-0123456789";
let servers: OAuthServer[] = [];

afterEach(async () => {
  setOutboundPolicyForTests(undefined);
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});
afterAll(async () => {
  await stopQueue(2_000);
});

async function until<T>(what: string, f: () => T | Promise<T>, ms = 25_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function presentRefreshToken(server: OAuthServer, refreshToken: string) {
  const res = await fetch(`${server.issuer}/token`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      authorization: `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}`,
    },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken }),
  });
  return (await res.json()) as { error?: string };
}

const jobsFor = (accountId: string) =>
  db.$queryRaw<{ state: string }[]>`
    SELECT state::text FROM pgboss.job WHERE name = ${DELETE_ACCOUNT_JOB.name} AND singleton_key = ${accountId}`;

describe("deleting a connected account", () => {
  it("202 with progress, then the job revokes each connection at the provider and deletes the account", async () => {
    const { server, owner } = await teamWithOwnOAuthServer({
      client: { id: CLIENT_ID, secret: CLIENT_SECRET },
      ttlSeconds: 3600,
      track: (s) => servers.push(s),
    });
    const { key, api_key } = await makeApiKey(owner, PARTNER_SCOPES);
    await call(partnerRoute.PUT, { method: "PUT", bearer: key, body: { display_name: "Acme" } });
    const team = { owner, key, keyId: api_key.id };
    const account = await makeAccount(team, "leaving-user");
    const first = await connectToOwnServer(owner, "first@example.test");
    const second = await connectToOwnServer(owner, "second@example.test");
    const stays = await connectToOwnServer(owner, "stays@example.test");
    await ownByAccount(first, account.id);
    await ownByAccount(second, account.id);
    const tokens = await Promise.all(
      [first, second].map(async (id) => (await storedOAuthConnection(id)).refreshToken),
    );

    const res = await call(accountRoute.DELETE, {
      method: "DELETE",
      bearer: key,
      params: { id: account.id },
    });
    expect(res.status, res.text).toBe(202);
    expect(res.json).toMatchObject({
      id: account.id,
      status: "deleting",
      deletion: { connections_remaining: 2, requested_at: expect.any(String) as string },
    });
    // no worker runs yet: the request did nothing at the provider, and the job waits
    expect(server.events.filter((e) => e.type === "revocation")).toEqual([]);
    expect((await jobsFor(account.id)).map((j) => j.state)).toEqual(["created"]);
    const progress = await call(accountRoute.GET, { bearer: key, params: { id: account.id } });
    expect(progress.json).toMatchObject({ status: "deleting", deletion: { connections_remaining: 2 } });
    // asking again: the same answer, still one job; a change is refused while it is being deleted
    const again = await call(accountRoute.DELETE, {
      method: "DELETE",
      bearer: key,
      params: { id: account.id },
    });
    expect(again.status).toBe(202);
    expect(await jobsFor(account.id)).toHaveLength(1);
    const patch = await call(accountRoute.PATCH, {
      method: "PATCH",
      bearer: key,
      params: { id: account.id },
      body: { display_name: "still here?" },
    });
    expect(patch.status).toBe(409);

    await startWorkers([DELETE_ACCOUNT_JOB]);
    await until(
      "the account is gone",
      async () => (await call(accountRoute.GET, { bearer: key, params: { id: account.id } })).status === 404,
    );

    expect(server.events.filter((e) => e.type === "revocation")).toHaveLength(2);
    for (const t of tokens) expect((await presentRefreshToken(server, t)).error).toBe("invalid_grant");
    expect(await db.connection.count({ where: { id: { in: [first, second] } } })).toBe(0);
    expect(await db.connection.findUnique({ where: { id: stays } })).not.toBeNull();
    const audit = await db.auditEntry.findMany({
      where: { teamId: owner.teamId, action: { in: ["connection.disconnected", "account.deleted"] } },
      orderBy: { createdAt: "asc" },
    });
    expect(audit.map((a) => [a.action, a.targetId, a.actorKeyId])).toEqual([
      ["connection.disconnected", first, api_key.id],
      ["connection.disconnected", second, api_key.id],
      ["account.deleted", account.id, api_key.id],
    ]);
    expect(audit[2]!.metadata).toMatchObject({ connections_disconnected: 2, revocation_failures: 0 });
    const log = await listAuditEntries(owner.ctx, { limit: 20 });
    expect(log.data.find((e) => e.action === "account.deleted")?.target).toMatchObject({
      name: "leaving-user (deleted)",
      exists: false,
    });
    await until("the job is recorded as completed", async () =>
      (await jobsFor(account.id)).every((j) => j.state === "completed"),
    );
  });
});
