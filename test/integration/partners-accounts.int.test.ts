// Connected accounts (POST/GET/PATCH /api/v1/accounts…): external_id unique per team, bounded metadata, lookup by
// external id, filters and cursor pagination, and nothing half-written on a refusal.
import { describe, expect, it } from "vitest";
import * as accountRoute from "@/app/api/v1/accounts/[id]/route";
import * as accountsRoute from "@/app/api/v1/accounts/route";
import { listAuditEntries } from "@/lib/audit/list-audit-entries";
import { db } from "@/lib/db";
import { makeApiKey, makeMember } from "../factories";
import { call } from "../http";
import { makeAccount, partnerTeam } from "../partner-fixtures";

type TAccount = { id: string; external_id: string; metadata: Record<string, unknown>; created_at: string };
type TList = { data: TAccount[]; next_cursor: string | null };

describe("connected accounts", () => {
  it("creates one with an acc_ id, reads it back and finds it by external id", async () => {
    const team = await partnerTeam();
    const res = await call(accountsRoute.POST, {
      method: "POST",
      bearer: team.key,
      body: { external_id: "user_42", display_name: "Ada at Acme", metadata: { plan: "pro", seats: 3 } },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({
      external_id: "user_42",
      display_name: "Ada at Acme",
      metadata: { plan: "pro", seats: 3 },
      status: "active",
      connection_count: 0,
      deletion: null,
    });
    const id = res.json.id as string;
    expect(id).toMatch(/^acc_[A-Za-z0-9_-]{16}$/);
    const got = await call(accountRoute.GET, { bearer: team.key, params: { id } });
    expect(got.json).toEqual(res.json);
    const found = await call(accountsRoute.GET, {
      bearer: team.key,
      path: "/api/v1/accounts?external_id=user_42",
    });
    expect((found.json as unknown as TList).data.map((a) => a.id)).toEqual([id]);
    const audit = await db.auditEntry.findFirst({
      where: { teamId: team.owner.teamId, action: "account.created" },
    });
    expect(audit).toMatchObject({ targetType: "account", targetId: id, actorKeyId: team.keyId });
    // the audit log names it by its external id
    const log = await listAuditEntries(team.owner.ctx, { limit: 10 });
    expect(log.data.find((e) => e.action === "account.created")?.target).toEqual({
      type: "account",
      id,
      name: "Account user_42",
      exists: true,
    });
  });

  it("refuses a second account with the same external_id (409, nothing created); another team may use it", async () => {
    const team = await partnerTeam();
    const first = await makeAccount(team, "dup@example.test");
    const again = await call(accountsRoute.POST, {
      method: "POST",
      bearer: team.key,
      body: { external_id: "dup@example.test" },
    });
    expect(again.status).toBe(409);
    expect(again.json.error).toEqual({
      code: "conflict",
      message: "An account with this external_id already exists in your team.",
      details: { field: "external_id", external_id: "dup@example.test", account_id: first.id },
    });
    expect(await db.connectedAccount.count({ where: { teamId: team.owner.teamId } })).toBe(1);
    const other = await partnerTeam();
    await makeAccount(other, "dup@example.test");
    // concurrent creations of one external id: exactly one wins, the others get the same 409
    const racers = await Promise.all(
      [1, 2, 3].map(() =>
        call(accountsRoute.POST, { method: "POST", bearer: team.key, body: { external_id: "racer" } }),
      ),
    );
    expect(racers.map((r) => r.status).sort()).toEqual([201, 409, 409]);
  });

  it.each([
    [{ external_id: "" }, "external_id"],
    [{ external_id: "has space" }, "external_id"],
    [{ external_id: "x".repeat(256) }, "external_id"],
    [{ external_id: "ok", metadata: ["not", "an", "object"] }, "metadata"],
    [{ external_id: "ok", metadata: { blob: "x".repeat(9000) } }, "metadata"],
    [
      {
        external_id: "ok",
        metadata: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${String(i)}`, i])),
      },
      "metadata",
    ],
    [{ external_id: "ok", owner: "someone" }, ""],
  ])("refuses invalid input #%# with a 422 on the field", async (body, path) => {
    const team = await partnerTeam();
    const res = await call(accountsRoute.POST, { method: "POST", bearer: team.key, body });
    expect(res.status, res.text).toBe(422);
    const paths = (res.json.error?.details as { issues: { path: string }[] }).issues.map((i) => i.path);
    expect(paths).toContain(path ? `body.${path}` : "body");
    expect(await db.connectedAccount.count({ where: { teamId: team.owner.teamId } })).toBe(0);
  });

  it("PATCH changes external_id, display_name and metadata (replaced whole); a taken external_id is a 409", async () => {
    const team = await partnerTeam();
    const a = await makeAccount(team, "a-1", { metadata: { keep: false, old: 1 } });
    await makeAccount(team, "taken");
    const res = await call(accountRoute.PATCH, {
      method: "PATCH",
      bearer: team.key,
      params: { id: a.id },
      body: { external_id: "a-2", display_name: null, metadata: { keep: true } },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.json).toMatchObject({
      id: a.id,
      external_id: "a-2",
      display_name: null,
      metadata: { keep: true },
    });
    const clash = await call(accountRoute.PATCH, {
      method: "PATCH",
      bearer: team.key,
      params: { id: a.id },
      body: { external_id: "taken" },
    });
    expect(clash.status).toBe(409);
    expect((await db.connectedAccount.findUniqueOrThrow({ where: { id: a.id } })).externalId).toBe("a-2");
    const empty = await call(accountRoute.PATCH, {
      method: "PATCH",
      bearer: team.key,
      params: { id: a.id },
      body: {},
    });
    expect(empty.status).toBe(422);
  });

  it("lists newest first with prefix search, a creation window and a cursor that walks every page once", async () => {
    const team = await partnerTeam();
    const made: string[] = [];
    for (let i = 0; i < 7; i++) made.push((await makeAccount(team, `cust-${String(i)}`)).id);
    await makeAccount(team, "other-1");
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const qs = new URLSearchParams({
        external_id_prefix: "cust-",
        limit: "3",
        ...(cursor ? { cursor } : {}),
      });
      const res = await call(accountsRoute.GET, {
        bearer: team.key,
        path: `/api/v1/accounts?${qs.toString()}`,
      });
      expect(res.status, res.text).toBe(200);
      const page = res.json as unknown as TList;
      seen.push(...page.data.map((a) => a.id));
      cursor = page.next_cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual([...made].reverse());

    const all = (await call(accountsRoute.GET, { bearer: team.key })).json as unknown as TList;
    const rows = await db.connectedAccount.findMany({
      where: { id: { in: made } },
      orderBy: { createdAt: "asc" },
    });
    const pivot = rows[3]!.createdAt.toISOString();
    const after = await call(accountsRoute.GET, {
      bearer: team.key,
      path: `/api/v1/accounts?external_id_prefix=cust-&created_after=${pivot}`,
    });
    const before = await call(accountsRoute.GET, {
      bearer: team.key,
      path: `/api/v1/accounts?external_id_prefix=cust-&created_before=${pivot}`,
    });
    const afterIds = (after.json as unknown as TList).data.map((a) => a.id);
    const beforeIds = (before.json as unknown as TList).data.map((a) => a.id);
    expect(new Set([...afterIds, ...beforeIds])).toEqual(new Set(made));
    expect(afterIds.filter((id) => beforeIds.includes(id))).toEqual([]);
    expect(all.data).toHaveLength(8);

    const bad = await call(accountsRoute.GET, { bearer: team.key, path: "/api/v1/accounts?cursor=nonsense" });
    expect(bad.status).toBe(422);
    const badDate = await call(accountsRoute.GET, {
      bearer: team.key,
      path: "/api/v1/accounts?created_after=yesterday",
    });
    expect(badDate.status).toBe(422);
  });

  it("needs accounts:* scopes on a key and an admin in the dashboard", async () => {
    const team = await partnerTeam();
    const a = await makeAccount(team, "scoped");
    const readOnly = await makeApiKey(team.owner, ["accounts:read"]);
    expect((await call(accountRoute.GET, { bearer: readOnly.key, params: { id: a.id } })).status).toBe(200);
    const patch = await call(accountRoute.PATCH, {
      method: "PATCH",
      bearer: readOnly.key,
      params: { id: a.id },
      body: { display_name: "x" },
    });
    expect(patch.status).toBe(403);
    const del = await call(accountRoute.DELETE, {
      method: "DELETE",
      bearer: readOnly.key,
      params: { id: a.id },
    });
    expect(del.status).toBe(403);
    const member = await makeMember(team.owner.teamId, "member");
    expect((await call(accountsRoute.GET, { cookie: member.cookie })).status).toBe(403);
    expect((await call(accountsRoute.GET, { cookie: team.owner.cookie })).status).toBe(200);
    expect(await db.connectedAccount.findUnique({ where: { id: a.id } })).toMatchObject({
      deletingAt: null,
      displayName: null,
    });
  });
});
