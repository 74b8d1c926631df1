// Attacker tests for partner mode: team B (a partner too, with a key holding every scope) aims every
// account-scoped route and every X-Account-Id path at team A's account id, external id and connection. Each
// answer must be exactly the one B gets for an id that does not exist — same status, same body — and nothing of
// A's may be changed, counted or queued.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as accountRoute from "@/app/api/v1/accounts/[id]/route";
import * as accountsRoute from "@/app/api/v1/accounts/route";
import * as connectionRoute from "@/app/api/v1/connections/[id]/route";
import * as credentialsRoute from "@/app/api/v1/connections/[id]/credentials/route";
import * as testRoute from "@/app/api/v1/connections/[id]/test/route";
import { sendJson, startFake, type FakeHandle } from "@/e2e/fixtures/fake-providers";
import { db } from "@/lib/db";
import { setOutboundHostMapForTests, setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { closeProxyAgentsForTests } from "@/lib/proxy/agent";
import { flushUsage } from "@/lib/usage/record-proxy-usage";
import { DELETE_ACCOUNT_JOB } from "@/lib/partners/delete-account-job";
import { call } from "../http";
import { makeAccount, makeAccountConnection, partnerTeam, type TPartnerTeam } from "../partner-fixtures";
import { readJson, viaPath, viaProvider } from "../proxy-fixtures";

let fake: FakeHandle;
let a: TPartnerTeam;
let b: TPartnerTeam;
let victim: { id: string; external_id: string };
let victimConnection: string;
let bOwn: { id: string; external_id: string };
let snapshot: unknown;

const UNKNOWN_ACCOUNT = "acc_doesNotExist0000";
const UNKNOWN_EXTERNAL = "nobody-at-all";
const UNKNOWN_CONNECTION = "conn_doesNotExist000000";

async function stateOfA() {
  const [account, connection, audit, usage, jobs] = await Promise.all([
    db.connectedAccount.findUnique({ where: { id: victim.id } }),
    db.connection.findUnique({ where: { id: victimConnection } }),
    db.auditEntry.count({ where: { teamId: a.owner.teamId } }),
    db.connectionUsageDay.count({ where: { connectionId: victimConnection } }),
    db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pgboss.job WHERE name = ${DELETE_ACCOUNT_JOB.name} AND singleton_key = ${victim.id}`.catch(
      () => [{ n: 0 }],
    ),
  ]);
  return { account, connection, audit, usage, jobs };
}

beforeAll(async () => {
  setOutboundPolicyForTests({ allowPrivate: true });
  fake = await startFake((req, res) => sendJson(res, 200, { path: req.path }));
  setOutboundHostMapForTests({ "api.github.com": fake.url });
  a = await partnerTeam();
  b = await partnerTeam();
  victim = await makeAccount(a, "shared-looking-id", { metadata: { secret_plan: "enterprise" } });
  victimConnection = await makeAccountConnection(a, victim.id, "github", {
    type: "oauth2",
    access_token: "gho_victimToken0123456789abcdefghijklmn",
    extra: {},
  });
  bOwn = await makeAccount(b, "b-own");
  await makeAccountConnection(b, bOwn.id, "github", {
    type: "oauth2",
    access_token: "gho_bToken0123456789abcdefghijklmnopqr",
    extra: {},
  });
  snapshot = await stateOfA();
});
afterAll(async () => {
  setOutboundPolicyForTests(undefined);
  setOutboundHostMapForTests(undefined);
  await closeProxyAgentsForTests();
  await fake.close();
});

type TAnswer = { status: number; body: unknown };
const answer = (r: { status: number; json: unknown }): TAnswer => ({ status: r.status, body: r.json });
const answerOf = async (r: Response): Promise<TAnswer> => ({ status: r.status, body: await readJson(r) });

/** B's answer for A's thing and for a thing that does not exist: must be identical. */
async function same(
  label: string,
  probe: (target: string) => Promise<TAnswer>,
  aThing: string,
  unknown: string,
) {
  const forA = await probe(aThing);
  const forUnknown = await probe(unknown);
  expect({ label, ...forA }).toEqual({ label, ...forUnknown });
  return forA;
}

describe("team B against team A's connected accounts", () => {
  it("1. account routes by A's account id answer exactly like an unknown id (404)", async () => {
    const byId = (handler: typeof accountRoute.GET, method: string, body?: unknown) => async (id: string) =>
      answer(await call(handler, { method, bearer: b.key, params: { id }, ...(body ? { body } : {}) }));
    expect((await same("GET", byId(accountRoute.GET, "GET"), victim.id, UNKNOWN_ACCOUNT)).status).toBe(404);
    await same(
      "PATCH",
      byId(accountRoute.PATCH, "PATCH", { display_name: "owned" }),
      victim.id,
      UNKNOWN_ACCOUNT,
    );
    await same(
      "PATCH external_id",
      byId(accountRoute.PATCH, "PATCH", { external_id: "b-own" }),
      victim.id,
      UNKNOWN_ACCOUNT,
    );
    await same("DELETE", byId(accountRoute.DELETE, "DELETE"), victim.id, UNKNOWN_ACCOUNT);
    // the dashboard session of B's owner too
    const bySession = (id: string) =>
      call(accountRoute.GET, { cookie: b.owner.cookie, params: { id } }).then(answer);
    expect((await same("GET (session)", bySession, victim.id, UNKNOWN_ACCOUNT)).status).toBe(404);
  });

  it("2. listing by A's external id finds nothing (like an unknown one); B may create its own with that id", async () => {
    const list = (q: string) => async (v: string) =>
      answer(
        await call(accountsRoute.GET, {
          bearer: b.key,
          path: `/api/v1/accounts?${q}=${encodeURIComponent(v)}`,
        }),
      );
    expect(
      (await same("external_id", list("external_id"), victim.external_id, UNKNOWN_EXTERNAL)).body,
    ).toEqual({
      data: [],
      next_cursor: null,
    });
    await same("external_id_prefix", list("external_id_prefix"), "shared-", "nobody-");
    const all = await call(accountsRoute.GET, { bearer: b.key });
    expect((all.json.data as { id: string }[]).map((x) => x.id)).toEqual([bOwn.id]);
    const mine = await call(accountsRoute.POST, {
      method: "POST",
      bearer: b.key,
      body: { external_id: victim.external_id },
    });
    expect(mine.status, "no conflict: external ids are per team").toBe(201);
    await db.connectedAccount.delete({ where: { id: mine.json.id as string } });
  });

  it("3. the proxy with X-Account-Id = A's external id is an unknown account; with Connection-Id = A's connection too", async () => {
    const proxy = (headers: (v: string) => Record<string, string>) => async (v: string) =>
      answerOf(await viaProvider("github", "/user", { key: b.key, headers: headers(v) }));
    const r = await same(
      "X-Account-Id",
      proxy((v) => ({ "x-account-id": v })),
      victim.external_id,
      UNKNOWN_EXTERNAL,
    );
    expect(r.status).toBe(404);
    await same(
      "X-Account-Id (own) + Connection-Id (A's)",
      proxy((v) => ({ "x-account-id": bOwn.external_id, "connection-id": v })),
      victimConnection,
      UNKNOWN_CONNECTION,
    );
    await same(
      "Connection-Id alone",
      proxy((v) => ({ "connection-id": v })),
      victimConnection,
      UNKNOWN_CONNECTION,
    );
    const path = (headers: Record<string, string>) => async (id: string) =>
      answerOf(await viaPath(id, "/user", { key: b.key, headers }));
    await same(
      "path form + own X-Account-Id",
      path({ "x-account-id": bOwn.external_id }),
      victimConnection,
      UNKNOWN_CONNECTION,
    );
    await same(
      "path form + A's X-Account-Id",
      path({ "x-account-id": victim.external_id }),
      victimConnection,
      UNKNOWN_CONNECTION,
    );
    expect(fake.requests).toHaveLength(0);
  });

  it("4. connections API and credentials with X-Account-Id: A's ids behave like unknown ones", async () => {
    const routes = [
      ["GET", connectionRoute.GET],
      ["PATCH", connectionRoute.PATCH],
      ["DELETE", connectionRoute.DELETE],
      ["POST", testRoute.POST],
      ["GET", credentialsRoute.GET],
    ] as const;
    for (const [method, handler] of routes) {
      const probe =
        (headers: (v: string) => Record<string, string>, id: (v: string) => string) => async (v: string) =>
          answer(
            await call(handler, {
              method,
              bearer: b.key,
              params: { id: id(v) },
              headers: headers(v),
              ...(method === "PATCH" ? { body: { label: "owned" } } : {}),
            }),
          );
      // A's connection id under B's own account, and under A's external id
      const r1 = await same(
        `${method} A's connection, B's account`,
        probe(
          () => ({ "x-account-id": bOwn.external_id }),
          (v) => v,
        ),
        victimConnection,
        UNKNOWN_CONNECTION,
      );
      expect(r1.status).toBe(404);
      await same(
        `${method} A's connection, A's external id`,
        probe(
          (v) => ({ "x-account-id": v }),
          () => victimConnection,
        ),
        victim.external_id,
        UNKNOWN_EXTERNAL,
      );
    }
  });

  it("5. nothing of A's was changed, counted, audited or queued", async () => {
    await flushUsage();
    expect(await stateOfA()).toEqual(snapshot);
    expect(fake.requests).toHaveLength(0);
  });
});
