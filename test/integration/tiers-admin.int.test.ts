// Tiers are instance data: only an instance superuser lists or edits them and assigns a team's tier (403 for
// everyone else, as the other superuser switches answer; API keys get 401 — these routes take a dashboard session
// only). A change reaches the hot path's cache at once.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import * as meRoute from "@/app/api/v1/me/route";
import * as teamTierRoute from "@/app/api/v1/teams/[id]/tier/route";
import * as tierRoute from "@/app/api/v1/tiers/[id]/route";
import * as tiersRoute from "@/app/api/v1/tiers/route";
import * as usageRoute from "@/app/api/v1/usage/route";
import { db } from "@/lib/db";
import { makeApiKey, makeMember, makeOwner } from "../factories";
import { call } from "../http";
import { makeTier } from "../tiers-fixtures";

async function superuser() {
  const owner = await makeOwner();
  await db.user.update({ where: { id: owner.userId }, data: { isSuperuser: true } });
  return owner;
}

describe("who may edit tiers", () => {
  it("a team owner (not a superuser) can neither list, edit nor assign tiers, and nothing changes", async () => {
    const owner = await makeOwner();
    const tier = await makeTier({ apiRpm: 10 });
    const before = await db.tier.findUniqueOrThrow({ where: { id: tier } });
    const list = await call(tiersRoute.GET, { cookie: owner.cookie, path: "/api/v1/tiers" });
    expect(list.status).toBe(403);
    expect(list.json.error?.code).toBe("forbidden");
    const edit = await call(tierRoute.PATCH, {
      method: "PATCH",
      cookie: owner.cookie,
      params: { id: tier },
      body: { api_rpm: 1_000_000 },
    });
    expect(edit.status).toBe(403);
    expect(edit.json.error?.message).toMatch(/superusers/);
    const assign = await call(teamTierRoute.PATCH, {
      method: "PATCH",
      cookie: owner.cookie,
      params: { id: owner.teamId },
      body: { tier_id: "enterprise" },
    });
    expect(assign.status).toBe(403);
    expect(await db.tier.findUniqueOrThrow({ where: { id: tier } })).toEqual(before);
    expect((await db.team.findUniqueOrThrow({ where: { id: owner.teamId } })).tierId).toBe("free");

    // an API key, whatever its scopes: these routes need a dashboard session
    const { key } = await makeApiKey(owner, ["brands:read", "connections:read", "providers:write"]);
    expect((await call(tiersRoute.GET, { bearer: key })).status).toBe(401);
    expect(
      (
        await call(tierRoute.PATCH, {
          method: "PATCH",
          bearer: key,
          params: { id: tier },
          body: { name: "x" },
        })
      ).status,
    ).toBe(401);
  });

  it("a superuser lists tiers with their team counts, edits limits and assigns a team; the API limit follows at once", async () => {
    const su = await superuser();
    const tier = await makeTier({ apiRpm: 100 });
    const team = await makeOwner();
    const { key } = await makeApiKey(team, ["brands:read"]);
    await call(meRoute.GET, { bearer: key }); // caches the team's tier (free) on this instance

    const assign = await call(teamTierRoute.PATCH, {
      method: "PATCH",
      cookie: su.cookie,
      params: { id: team.teamId },
      body: { tier_id: tier },
    });
    expect(assign.status).toBe(200);
    expect(assign.json).toMatchObject({ team_id: team.teamId, tier: { id: tier, api_rpm: 100 } });

    const edit = await call(tierRoute.PATCH, {
      method: "PATCH",
      cookie: su.cookie,
      params: { id: tier },
      body: { name: "Tiny", api_rpm: 1, monthly_proxy_calls: null, max_accounts: 5 },
    });
    expect(edit.status).toBe(200);
    expect(edit.json).toEqual({
      id: tier,
      name: "Tiny",
      api_rpm: 1,
      monthly_proxy_calls: null,
      max_accounts: 5,
    });

    // the hot path's cache was invalidated: the next calls see the new tier and limit
    const first = await call(meRoute.GET, { bearer: key });
    expect(first.headers.get("ratelimit-policy")).toContain('1;w=60;comment="tier"');
    const second = await call(meRoute.GET, { bearer: key });
    if (second.status !== 429) {
      // the two calls straddled a minute boundary; the third is in the same minute as the second
      expect((await call(meRoute.GET, { bearer: key })).status).toBe(429);
    }

    // the team admin reads its tier read-only
    const usage = await call(usageRoute.GET, { cookie: team.cookie });
    expect(usage.json).toMatchObject({ tier: { id: tier, name: "Tiny", max_accounts: 5 } });

    const list = await call(tiersRoute.GET, { cookie: su.cookie });
    expect(list.status).toBe(200);
    const rows = (list.json as unknown as { data: { id: string; teams: number }[] }).data;
    expect(rows.map((r) => r.id)).toEqual(expect.arrayContaining(["free", "pro", "enterprise", tier]));
    expect(rows.find((r) => r.id === tier)?.teams).toBe(1);

    const audit = await db.auditEntry.findFirst({
      where: { teamId: team.teamId, action: "team.tier_assigned" },
    });
    expect(audit?.metadata).toEqual({ tier_id: tier, previous: "free" });
  });

  it("refuses bad input with 422 and unknown ids with 404", async () => {
    const su = await superuser();
    const tier = await makeTier({});
    const bad = await call(tierRoute.PATCH, {
      method: "PATCH",
      cookie: su.cookie,
      params: { id: tier },
      body: { api_rpm: -1, monthly_proxy_calls: 1.5 },
    });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.json.error?.details)).toMatch(
      /api_rpm.*monthly_proxy_calls|monthly_proxy_calls.*api_rpm/,
    );
    const empty = await call(tierRoute.PATCH, {
      method: "PATCH",
      cookie: su.cookie,
      params: { id: tier },
      body: {},
    });
    expect(empty.status).toBe(422);
    const unknownTier = await call(tierRoute.PATCH, {
      method: "PATCH",
      cookie: su.cookie,
      params: { id: `nope-${crypto.randomBytes(3).toString("hex")}` },
      body: { name: "x" },
    });
    expect(unknownTier.status).toBe(404);
    const unknownTeam = await call(teamTierRoute.PATCH, {
      method: "PATCH",
      cookie: su.cookie,
      params: { id: "team_missing" },
      body: { tier_id: tier },
    });
    expect(unknownTeam.status).toBe(404);
    const noSuchTier = await call(teamTierRoute.PATCH, {
      method: "PATCH",
      cookie: su.cookie,
      params: { id: su.teamId },
      body: { tier_id: "platinum-nope" },
    });
    expect(noSuchTier.status).toBe(422);
    expect((await db.team.findUniqueOrThrow({ where: { id: su.teamId } })).tierId).toBe("free");
  });

  it("a member reads the usage of their own team only", async () => {
    const owner = await makeOwner();
    const member = await makeMember(owner.teamId, "member");
    const res = await call(usageRoute.GET, { cookie: member.cookie });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ tier: { id: "free" }, quotas: { api_rpm: { limit: 600 } } });
  });
});
