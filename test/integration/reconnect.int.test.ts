// Reconnect (issue 13, item 3): the connect flow again, INTO the same connection, against a real OAuth server
// (oidc-provider) reached through a team's own "sandbox" app. What must hold:
//  1. the same id, label, settings, roles and owner afterwards, new credentials, status connected, health cleared;
//     no second connection; the timeline and the audit log say "reconnected";
//  2. another team's (or another member's private) connection cannot be reconnected: 404, nothing started;
//  3. signing in as ANOTHER account at the provider changes nothing (account_mismatch), the old credentials stay;
//  4. a connection disconnected while the user was signing in is not re-created (connection_gone);
//  5. a refresh lease held with the old tokens is cleared, so a late refresh cannot overwrite the new tokens.
import { afterEach, describe, expect, it } from "vitest";
import * as reconnectRoute from "@/app/api/v1/connections/[id]/reconnect/route";
import * as connectionRoute from "@/app/api/v1/connections/[id]/route";
import type { OAuthServer } from "@/e2e/fixtures/oauth-test-server";
import { writeUnderLease, takeRefreshLease } from "@/lib/connections/repo";
import { db } from "@/lib/db";
import { setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { consentAtProvider } from "../cookie-jar";
import { hitCallback, messageOf, openBindUrl } from "../connect-flow";
import { makeMember, makeOwner, type TTestUser } from "../factories";
import { call } from "../http";
import {
  connectToOwnServer,
  storedOAuthConnection,
  TEAM_OAUTH_CALLBACK,
  teamWithOwnOAuthServer,
} from "../oauth-team";

let servers: OAuthServer[] = [];
afterEach(async () => {
  setOutboundPolicyForTests(undefined);
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

const team = () =>
  teamWithOwnOAuthServer({
    client: { id: "patchbay-reconnect", secret: "reconnect-client-secret-0123456789" },
    ttlSeconds: 3600,
    track: (s) => servers.push(s),
  });

async function startReconnect(user: TTestUser, id: string) {
  return call(reconnectRoute.POST, { method: "POST", cookie: user.cookie, params: { id }, body: {} });
}

/** Start → bind → sign in at the provider as `login` → callback; the callback page's message. */
async function reconnectAs(user: TTestUser, id: string, login: string, beforeCallback?: () => Promise<void>) {
  const started = await startReconnect(user, id);
  expect(started.status, started.text).toBe(201);
  const { authorization_url } = started.json as { authorization_url: string };
  const bound = await openBindUrl(authorization_url, user.cookie);
  expect(bound.status, bound.text).toBe(302);
  const callback = await consentAtProvider(bound.location!, login, TEAM_OAUTH_CALLBACK);
  await beforeCallback?.();
  return messageOf((await hitCallback(callback, bound.cookie)).text);
}

async function brokenConnection(owner: TTestUser, login: string) {
  const id = await connectToOwnServer(owner, login);
  const patched = await call(connectionRoute.PATCH, {
    method: "PATCH",
    cookie: owner.cookie,
    params: { id },
    body: { label: "Main account", settings: { region: "eu" }, roles: ["source"] },
  });
  expect(patched.status, patched.text).toBe(200);
  await db.connection.update({
    where: { id },
    data: { status: "needs_reauth", lastErrorCode: "credentials_rejected", lastErrorMessage: "401" },
  });
  return id;
}

describe("reconnect into the same connection", () => {
  it("1. keeps id, label, settings, roles and owner; swaps the credentials; clears health; one connection", async () => {
    const { owner } = await team();
    const id = await brokenConnection(owner, "alice");
    const before = await storedOAuthConnection(id);

    const msg = await reconnectAs(owner, id, "alice");
    expect(msg, JSON.stringify(msg?.error)).toMatchObject({ status: "connected", connection_id: id });

    const after = await storedOAuthConnection(id);
    expect(after.row).toMatchObject({
      id,
      teamId: owner.teamId,
      label: "Main account",
      settings: { region: "eu" },
      roles: ["source"],
      ownerKind: before.row.ownerKind,
      ownerUserId: before.row.ownerUserId,
      brandId: before.row.brandId,
      status: "connected",
      lastErrorCode: null,
      lastErrorMessage: null,
    });
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.row.lastAuthorizedAt!.getTime()).toBeGreaterThan(before.row.lastAuthorizedAt!.getTime());
    expect(await db.connection.count({ where: { teamId: owner.teamId } })).toBe(1);

    const events = await db.connectionEvent.findMany({
      where: { connectionId: id },
      orderBy: { createdAt: "asc" },
    });
    expect(events.at(-1)).toMatchObject({
      fromStatus: "needs_reauth",
      toStatus: "connected",
      reason: "reconnected",
    });
    const audit = await db.auditEntry.findFirst({
      where: { teamId: owner.teamId, action: "connection.reconnected", targetId: id },
    });
    expect(audit?.metadata).toMatchObject({ previous_status: "needs_reauth" });
    const grant = await db.oAuthGrant.findFirst({ where: { teamId: owner.teamId, targetConnectionId: id } });
    expect(grant).toMatchObject({ status: "connected", connectionId: id });
  });

  it("2. another team's connection, or another member's private one, is not found: nothing is started", async () => {
    const { owner } = await team();
    const id = await brokenConnection(owner, "alice");
    const stranger = await makeOwner();
    const member = await makeMember(owner.teamId, "member");
    for (const who of [stranger, member]) {
      const res = await startReconnect(who, id);
      expect(res.status, res.text).toBe(404);
      expect(res.json).toMatchObject({ error: { code: "not_found" } });
    }
    expect(await db.oAuthGrant.count({ where: { targetConnectionId: id } })).toBe(0);
    // malformed input: 4xx in the one error shape
    const bad = await call(reconnectRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      params: { id },
      body: { mode: "carrier-pigeon" },
    });
    expect(bad.status).toBe(422);
  });

  it("3. signing in as another account changes nothing (account_mismatch), and is audited", async () => {
    const { owner } = await team();
    const id = await brokenConnection(owner, "alice");
    const before = await storedOAuthConnection(id);
    expect((before.row.accountIdentity as { id?: string }).id).toBeTruthy(); // else there is nothing to compare

    const msg = await reconnectAs(owner, id, "mallory");
    expect(msg).toMatchObject({ status: "failed", error: { code: "account_mismatch" } });
    const after = await storedOAuthConnection(id);
    expect(after.accessToken).toBe(before.accessToken);
    expect(after.row).toMatchObject({ status: "needs_reauth", lastErrorCode: "credentials_rejected" });
    expect(after.row.accountIdentity).toEqual(before.row.accountIdentity);
    expect(
      await db.auditEntry.count({ where: { action: "connection.reconnect_refused", targetId: id } }),
    ).toBe(1);
  });

  it("4. a connection disconnected while the user signs in is not re-created (connection_gone)", async () => {
    const { owner } = await team();
    const id = await brokenConnection(owner, "alice");
    const msg = await reconnectAs(owner, id, "alice", async () => {
      const res = await call(connectionRoute.DELETE, {
        method: "DELETE",
        cookie: owner.cookie,
        params: { id },
      });
      expect(res.status, res.text).toBeLessThan(300);
    });
    expect(msg).toMatchObject({ status: "failed", error: { code: "connection_gone" } });
    expect(await db.connection.count({ where: { teamId: owner.teamId } })).toBe(0);
  });

  it("5. a refresh that held the lease with the old tokens cannot store its result after the reconnect", async () => {
    const { owner } = await team();
    const id = await brokenConnection(owner, "alice");
    const holder = await takeRefreshLease(owner.teamId, id, new Date(Date.now() + 60_000));
    expect(holder).not.toBeNull();
    const msg = await reconnectAs(owner, id, "alice");
    expect(msg).toMatchObject({ status: "connected", connection_id: id });
    const fresh = await storedOAuthConnection(id);
    // the old refresh finishing late: its conditional write finds no lease of its own and writes nothing
    expect(await writeUnderLease(owner.teamId, id, holder!, { credentialsSealed: "stale" })).toBe(false);
    const after = await storedOAuthConnection(id);
    expect(after.accessToken).toBe(fresh.accessToken);
    expect(after.row.refreshLeaseHolder).toBeNull();
  });
});
