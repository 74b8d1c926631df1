// The audit log as a person reads it: names instead of ids (resolved inside the caller's team only), filters,
// keyset paging past any page size, and the CSV export agreeing with the API.
import { describe, expect, it } from "vitest";
import * as exportRoute from "@/app/api/v1/audit-log/export/route";
import * as auditRoute from "@/app/api/v1/audit-log/route";
import { revokeApiKey } from "@/lib/api-keys/revoke-api-key";
import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import { changeMemberRole } from "@/lib/tenancy/change-member-role";
import { createBrand, deleteBrand, renameBrand } from "@/lib/tenancy/brands";
import { makeApiKey, makeMember, makeOwner } from "../factories";
import { call } from "../http";

type TSubject = { type: string; id: string | null; name: string; exists: boolean };
type TEntry = {
  id: string;
  action: string;
  actor: TSubject | null;
  target: TSubject | null;
  created_at: string;
};
type TPage = { data: TEntry[]; next_cursor: string | null };

async function page(cookie: string, query = "") {
  const res = await call(auditRoute.GET, { cookie, path: `/api/v1/audit-log${query ? `?${query}` : ""}` });
  return { status: res.status, body: res.json as TPage };
}

describe("audit log: names, filters, paging", () => {
  it("records sign-up: the team and its first brand, by the new user", async () => {
    const owner = await makeOwner();
    const { body } = await page(owner.cookie);
    const actions = body.data.map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(["team.created", "brand.created"]));
    const team = body.data.find((e) => e.action === "team.created")!;
    expect(team.actor).toMatchObject({ type: "user", id: owner.userId, name: owner.email, exists: true });
    expect(team.target).toMatchObject({ type: "team", id: owner.teamId, name: `Team ${owner.email}` });
    expect(body.data.find((e) => e.action === "brand.created")!.target?.name).toBe("Default");
  });

  it("shows e-mails, key names and brand names; deleted records and other teams' ids get a fallback", async () => {
    const owner = await makeOwner();
    const other = await makeOwner();
    const otherBrand = await createBrand(other.ctx, "Secret brand of another team");

    const member = await makeMember(owner.teamId, "member");
    const membership = await db.membership.findFirstOrThrow({
      where: { teamId: owner.teamId, userId: member.userId },
    });
    await changeMemberRole(owner.ctx, membership.id, "admin");
    const brand = await createBrand(owner.ctx, "EU store");
    await renameBrand(owner.ctx, brand.id, "EU shop");
    const doomed = await createBrand(owner.ctx, "Short-lived");
    await deleteBrand(owner.ctx, doomed.id);
    const key = await makeApiKey(owner, ["audit:read"]);
    // An entry written by the key itself: the actor is the key, by name.
    await recordAudit(
      { teamId: owner.teamId, actor: { kind: "api_key", keyId: key.api_key.id, scopes: ["audit:read"] } },
      "brand.renamed",
      { type: "brand", id: brand.id },
    );
    await revokeApiKey(owner.ctx, key.api_key.id);
    // A forged entry pointing at another team's brand must not reveal that brand's name.
    await recordAudit(owner.ctx, "brand.renamed", { type: "brand", id: otherBrand.id });

    const { status, body } = await page(owner.cookie, "limit=200");
    expect(status).toBe(200);
    const find = (action: string, pred: (e: TEntry) => boolean = () => true) =>
      body.data.find((e) => e.action === action && pred(e));

    expect(find("member.role_changed")?.target).toMatchObject({
      type: "member",
      name: member.email,
      exists: true,
    });
    expect(find("brand.created", (e) => e.target?.id === brand.id)?.target?.name).toBe("EU shop");
    expect(find("brand.created", (e) => e.target?.id === doomed.id)?.target).toMatchObject({
      name: "Short-lived (deleted)",
      exists: false,
    });
    expect(find("brand.deleted")?.target?.exists).toBe(false);
    expect(find("brand.deleted")?.target?.name).toMatch(/^Deleted brand /);
    const byKey = find("brand.renamed", (e) => e.actor?.type === "api_key")?.actor;
    expect(byKey?.exists).toBe(true);
    expect(byKey?.name).toMatch(/^test key \(pbk_/);
    expect(find("api_key.revoked")?.target?.name).toMatch(/^test key/);
    const forged = find("brand.renamed", (e) => e.target?.id === otherBrand.id)!;
    expect(forged.target).toMatchObject({ exists: false });
    expect(JSON.stringify(body)).not.toContain("Secret brand of another team");
  });

  it("filters by actor, action (exact or prefix), target and time; rejects malformed filters with 422", async () => {
    const owner = await makeOwner();
    const admin = await makeMember(owner.teamId, "admin");
    const b1 = await createBrand(owner.ctx, "By owner");
    await createBrand(admin.ctx, "By admin");
    await renameBrand(admin.ctx, b1.id, "Renamed by admin");

    const byAdmin = (await page(owner.cookie, `actor=user:${admin.userId}`)).body.data;
    expect(byAdmin.map((e) => e.action).sort()).toEqual(["brand.created", "brand.renamed"]);
    expect(byAdmin.every((e) => e.actor?.name === admin.email)).toBe(true);

    const renamed = (await page(owner.cookie, "action=brand.renamed")).body.data;
    expect(renamed.map((e) => e.target?.id)).toEqual([b1.id]);
    const brandKind = (await page(owner.cookie, "action=brand.")).body.data;
    expect(new Set(brandKind.map((e) => e.action))).toEqual(new Set(["brand.created", "brand.renamed"]));
    expect(brandKind).toHaveLength(4); // Default (sign-up), two created, one renamed

    const ofB1 = (await page(owner.cookie, `target_type=brand&target_id=${b1.id}`)).body.data;
    expect(ofB1.map((e) => e.action).sort()).toEqual(["brand.created", "brand.renamed"]);

    const today = new Date().toISOString().slice(0, 10);
    expect(
      (await page(owner.cookie, `since=${today}&until=${today}`)).body.data.length,
    ).toBeGreaterThanOrEqual(5);
    expect((await page(owner.cookie, "until=2020-01-01")).body.data).toEqual([]);
    const future = new Date(Date.now() + 3_600_000).toISOString();
    expect((await page(owner.cookie, `since=${encodeURIComponent(future)}`)).body.data).toEqual([]);
    expect((await page(owner.cookie, "actor=system")).body.data).toEqual([]);

    for (const bad of [
      "actor=bob",
      "action=DROP%20TABLE",
      "since=yesterday",
      "cursor=not-a-cursor",
      "target_type=a.b",
    ]) {
      const res = await page(owner.cookie, bad);
      expect(res.status, bad).toBe(422);
    }
  });

  it("pages past the page size with a keyset cursor: every entry once, newest first, filters kept", async () => {
    const owner = await makeOwner();
    for (let i = 0; i < 7; i += 1) await createBrand(owner.ctx, `Brand ${i}`);
    const all = (await page(owner.cookie, "limit=200")).body.data;
    expect(all.length).toBe(9); // team.created, Default, 7 brands

    const seen: TEntry[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 10; i += 1) {
      const res: { body: TPage } = await page(owner.cookie, `limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...res.body.data);
      cursor = res.body.next_cursor;
      if (!cursor) break;
    }
    expect(seen.map((e) => e.id)).toEqual(all.map((e) => e.id));

    const first = (await page(owner.cookie, "action=brand.created&limit=3")).body;
    const second = (await page(owner.cookie, `action=brand.created&limit=3&cursor=${first.next_cursor}`))
      .body;
    expect([...first.data, ...second.data].every((e) => e.action === "brand.created")).toBe(true);
    expect(new Set([...first.data, ...second.data].map((e) => e.id)).size).toBe(6);
  });

  it("the CSV export has the same names and honours the same filters", async () => {
    const owner = await makeOwner();
    await createBrand(owner.ctx, "Exported brand");
    const res = await call(exportRoute.GET, {
      cookie: owner.cookie,
      path: "/api/v1/audit-log/export?action=brand.",
    });
    expect(res.status).toBe(200);
    const lines = res.text.trim().split("\r\n");
    expect(lines[0]).toBe(
      "time,action,actor_type,actor_id,actor_name,target_type,target_id,target_name,metadata",
    );
    expect(lines).toHaveLength(3); // header, Default, Exported brand — team.created is filtered out
    expect(lines.find((l) => l.includes("Exported brand"))).toContain(
      `user,${owner.userId},${owner.email},brand`,
    );
    const bad = await call(exportRoute.GET, {
      cookie: owner.cookie,
      path: "/api/v1/audit-log/export?since=soon",
    });
    expect(bad.status).toBe(422);
  });
});
