// Calls on behalf of a connected account (X-Account-Id: <external_id>) through the real route handlers, against a
// local fake GitHub API that echoes what it received: the provider form of the proxy picks the account's
// connection (one → used, several → 409 listing them unless Connection-Id names one, none → 404), and the
// connections API answers only for the account's own connections.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import * as listRoute from "@/app/api/v1/connections/route";
import * as connectionRoute from "@/app/api/v1/connections/[id]/route";
import * as credentialsRoute from "@/app/api/v1/connections/[id]/credentials/route";
import * as testRoute from "@/app/api/v1/connections/[id]/test/route";
import * as partnerRoute from "@/app/api/v1/partner/route";
import { sendJson, startFake, type FakeHandle } from "@/e2e/fixtures/fake-providers";
import { db } from "@/lib/db";
import { accountIdFromHeader } from "@/lib/partners/account-header";
import { setOutboundHostMapForTests, setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { closeProxyAgentsForTests } from "@/lib/proxy/agent";
import { resetThrottleForTests } from "@/lib/proxy/throttle";
import { call } from "../http";
import { makeAccount, makeAccountConnection, partnerTeam, type TPartnerTeam } from "../partner-fixtures";
import { makeProxyConnection, readJson, viaPath, viaProvider } from "../proxy-fixtures";

let fake: FakeHandle;
beforeEach(async () => {
  setOutboundPolicyForTests({ allowPrivate: true });
  resetThrottleForTests();
  fake = await startFake((req, res) => sendJson(res, 200, { path: req.path, headers: req.headers }));
  setOutboundHostMapForTests({ "api.github.com": fake.url });
});
afterEach(async () => {
  setOutboundPolicyForTests(undefined);
  setOutboundHostMapForTests(undefined);
  await closeProxyAgentsForTests();
  await fake.close();
});

type TEcho = { path: string; headers: Record<string, string> };
const token = (n: string) => `gho_account${n}Token0123456789abcdefghij`;
const github = (n: string) => ({ type: "oauth2" as const, access_token: token(n), extra: {} });

async function accountWithGithub(team: TPartnerTeam, externalId: string, n: string, label?: string) {
  const account = await makeAccount(team, externalId);
  const connectionId = await makeAccountConnection(team, account.id, "github", github(n), label ?? null);
  return { account, connectionId };
}

describe("X-Account-Id on the proxy's provider form", () => {
  it("uses the account's one connection of the provider, and the header does not reach the provider", async () => {
    const team = await partnerTeam();
    await accountWithGithub(team, "alice", "Alice");
    await accountWithGithub(team, "bob", "Bob");
    const res = await viaProvider("github", "/user", { key: team.key, headers: { "x-account-id": "alice" } });
    expect(res.status).toBe(200);
    const echo = (await readJson(res)) as TEcho;
    expect(echo.path).toBe("/user");
    expect(echo.headers.authorization).toBe(`Bearer ${token("Alice")}`);
    expect(echo.headers["x-account-id"]).toBeUndefined();
    const bob = (await readJson(
      await viaProvider("github", "/user", { key: team.key, headers: { "x-account-id": "bob" } }),
    )) as TEcho;
    expect(bob.headers.authorization).toBe(`Bearer ${token("Bob")}`);
  });

  it("several connections of the provider: 409 listing them, unless Connection-Id names one of them", async () => {
    const team = await partnerTeam();
    const { account, connectionId: first } = await accountWithGithub(team, "multi", "One", "work");
    const second = await makeAccountConnection(team, account.id, "github", github("Two"), "personal");
    const res = await viaProvider("github", "/user", { key: team.key, headers: { "x-account-id": "multi" } });
    expect(res.status).toBe(409);
    const body = (await readJson(res)) as { error: { code: string; details: { connections: unknown[] } } };
    expect(body.error.code).toBe("conflict");
    expect(body.error.details.connections).toEqual([
      { id: first, label: "work", status: "connected" },
      { id: second, label: "personal", status: "connected" },
    ]);
    const picked = await viaProvider("github", "/user", {
      key: team.key,
      headers: { "x-account-id": "multi", "connection-id": second },
    });
    expect(picked.status).toBe(200);
    expect(((await readJson(picked)) as TEcho).headers.authorization).toBe(`Bearer ${token("Two")}`);
    // Connection-Id naming a connection of the team that is not this account's: not found
    const teamConn = await makeProxyConnection(
      { owner: team.owner, key: team.key },
      "github",
      "oauth2",
      github("Team"),
    );
    const elsewhere = await viaProvider("github", "/user", {
      key: team.key,
      headers: { "x-account-id": "multi", "connection-id": teamConn },
    });
    expect(elsewhere.status).toBe(404);
    expect(fake.requests).toHaveLength(1);
  });

  it("no connection of the provider, an unknown account or partner mode off: refused before any call", async () => {
    const team = await partnerTeam();
    await accountWithGithub(team, "only-github", "G");
    const slack = await viaProvider("slack", "/users.list", {
      key: team.key,
      headers: { "x-account-id": "only-github" },
    });
    expect(slack.status).toBe(404);
    expect(((await readJson(slack)) as { error: { message: string } }).error.message).toBe(
      "This connected account has no slack connection.",
    );
    const unknown = await viaProvider("github", "/user", {
      key: team.key,
      headers: { "x-account-id": "nobody" },
    });
    expect(unknown.status).toBe(404);
    expect(await readJson(unknown)).toMatchObject({
      error: { code: "not_found", message: "No connected account with this external id (X-Account-Id)." },
    });
    await call(partnerRoute.PUT, { method: "PUT", bearer: team.key, body: { enabled: false } });
    const off = await viaProvider("github", "/user", {
      key: team.key,
      headers: { "x-account-id": "only-github" },
    });
    expect(off.status).toBe(403);
    expect(fake.requests).toHaveLength(0);
  });

  it("an account being deleted is refused (409)", async () => {
    const team = await partnerTeam();
    const { account } = await accountWithGithub(team, "leaving", "L");
    await db.connectedAccount.update({ where: { id: account.id }, data: { deletingAt: new Date() } });
    const res = await viaProvider("github", "/user", {
      key: team.key,
      headers: { "x-account-id": "leaving" },
    });
    expect(res.status).toBe(409);
    expect(fake.requests).toHaveLength(0);
  });
});

describe("X-Account-Id on /api/v1/connections/{id}/…", () => {
  it("answers for the account's own connection and 404 (the unknown-connection body) for any other", async () => {
    const team = await partnerTeam();
    const { connectionId: alices } = await accountWithGithub(team, "alice", "A");
    const { connectionId: bobs } = await accountWithGithub(team, "bob", "B");
    const own = await call(connectionRoute.GET, {
      bearer: team.key,
      params: { id: alices },
      headers: { "x-account-id": "alice" },
    });
    expect(own.status, own.text).toBe(200);
    expect(own.json.owner).toEqual({
      type: "account",
      user_id: null,
      account_id: expect.any(String) as string,
    });
    const unknownConnection = await call(connectionRoute.GET, {
      bearer: team.key,
      params: { id: "conn_nope" },
    });
    expect(unknownConnection.status).toBe(404);

    const cases = [
      ["GET", connectionRoute.GET],
      ["PATCH", connectionRoute.PATCH],
      ["DELETE", connectionRoute.DELETE],
      ["POST", testRoute.POST],
      ["GET", credentialsRoute.GET],
    ] as const;
    for (const [method, handler] of cases) {
      for (const header of ["alice", "nobody", "has space"]) {
        const res = await call(handler, {
          method,
          bearer: team.key,
          params: { id: bobs },
          headers: { "x-account-id": header },
          ...(method === "PATCH" ? { body: { label: "hijacked" } } : {}),
        });
        expect([method, header, res.status, res.json]).toEqual([method, header, 404, unknownConnection.json]);
      }
    }
    const path = await viaPath(bobs, "/user", { key: team.key, headers: { "x-account-id": "alice" } });
    expect(path.status).toBe(404);
    expect(await readJson(path)).toEqual(unknownConnection.json);
    // nothing was touched
    expect(await db.connection.findUnique({ where: { id: bobs } })).toMatchObject({
      label: null,
      status: "connected",
    });
    expect(fake.requests).toHaveLength(0);

    const creds = await call(credentialsRoute.GET, {
      bearer: team.key,
      params: { id: bobs },
      headers: { "x-account-id": "bob" },
    });
    expect(creds.status, creds.text).toBe(200);
    expect(creds.text).toContain(token("B"));
    const viaOwnPath = await viaPath(bobs, "/user", { key: team.key, headers: { "x-account-id": "bob" } });
    expect(viaOwnPath.status).toBe(200);
  });
});

describe("accountIdFromHeader (for the connections list, wired at merge)", () => {
  it("no header → undefined; own account → its id; unknown or another team's → null", async () => {
    const team = await partnerTeam();
    const other = await partnerTeam();
    const { account } = await accountWithGithub(team, "listed", "L");
    await makeAccount(other, "theirs");
    const h = (v?: string) => new Headers(v === undefined ? {} : { "x-account-id": v });
    const ctx = {
      teamId: team.owner.teamId,
      role: null,
      actor: { kind: "api_key" as const, keyId: team.keyId, scopes: [] },
    };
    expect(await accountIdFromHeader(ctx, h())).toBeUndefined();
    expect(await accountIdFromHeader(ctx, h("listed"))).toBe(account.id);
    expect(await accountIdFromHeader(ctx, h("theirs"))).toBeNull();
    expect(await accountIdFromHeader(ctx, h("nobody"))).toBeNull();
  });
});

describe("X-Account-Id on the connections list", () => {
  it("lists only the account's connections; an unknown or another team's external id lists nothing", async () => {
    const team = await partnerTeam();
    const other = await partnerTeam();
    const alice = await accountWithGithub(team, "alice", "Alice");
    await accountWithGithub(team, "bob", "Bob");
    await accountWithGithub(other, "carol", "Carol");
    const list = (externalId: string, key = team.key, query = "") =>
      call(listRoute.GET, {
        bearer: key,
        path: `/api/v1/connections${query}`,
        headers: { "x-account-id": externalId },
      });

    const own = await list("alice");
    expect(own.status, own.text).toBe(200);
    expect((own.json.data as { id: string }[]).map((c) => c.id)).toEqual([alice.connectionId]);
    // the header wins over a query filter naming another account
    const bobs = await list(
      "alice",
      team.key,
      `?account_id=${(await db.connectedAccount.findFirstOrThrow({ where: { teamId: team.owner.teamId, externalId: "bob" } })).id}`,
    );
    expect((bobs.json.data as { id: string }[]).map((c) => c.id)).toEqual([alice.connectionId]);
    for (const stranger of [await list("nobody"), await list("carol")]) {
      expect(stranger.status).toBe(200);
      expect(stranger.json).toEqual({ data: [], next_cursor: null });
    }
  });
});
