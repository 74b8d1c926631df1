import { describe, expect, it } from "vitest";
import * as connectionRoute from "@/app/api/v1/connections/[id]/route";
import { createConnection } from "@/lib/connections/create-connection";
import { changeStatus } from "@/lib/connections/repo";
import { db } from "@/lib/db";
import { makeMember, makeOwner } from "../factories";
import { call } from "../http";

async function sharedConnection(teamId: string) {
  const brandId = (await db.brand.findFirstOrThrow({ where: { teamId } })).id;
  return createConnection(
    {
      teamId,
      brandId,
      ownerKind: "shared",
      ownerUserId: null,
      providerSlug: "stripe",
      authMode: "api_key",
      label: "Team Stripe",
      credentials: { type: "api_key", api_key: "sk_test_sharedKey0123456789abcdef" },
      accountIdentity: {},
      params: {},
      metadata: {},
      context: {},
      scopes: [],
      tokenExpiresAt: null,
      refreshTokenExpiresAt: null,
    },
    "test",
  );
}

describe("shared connections", () => {
  it("members can see a shared connection but only admins change or disconnect it", async () => {
    const owner = await makeOwner();
    const member = await makeMember(owner.teamId, "member");
    const c = await sharedConnection(owner.teamId);
    expect((await call(connectionRoute.GET, { cookie: member.cookie, params: { id: c.id } })).status).toBe(
      200,
    );
    const patch = await call(connectionRoute.PATCH, {
      method: "PATCH",
      cookie: member.cookie,
      params: { id: c.id },
      body: { enabled: false },
    });
    expect(patch.status).toBe(403);
    expect(
      (await call(connectionRoute.DELETE, { method: "DELETE", cookie: member.cookie, params: { id: c.id } }))
        .status,
    ).toBe(403);
    expect((await db.connection.findUniqueOrThrow({ where: { id: c.id } })).status).toBe("connected");
    const admin = await makeMember(owner.teamId, "admin");
    const ok = await call(connectionRoute.PATCH, {
      method: "PATCH",
      cookie: admin.cookie,
      params: { id: c.id },
      body: { enabled: false },
    });
    expect(ok.json).toMatchObject({ status: "disabled" });
  });

  it("a refresh or health check finishing after a disable does not re-enable the connection", async () => {
    const owner = await makeOwner();
    const c = await sharedConnection(owner.teamId);
    await call(connectionRoute.PATCH, {
      method: "PATCH",
      cookie: owner.cookie,
      params: { id: c.id },
      body: { enabled: false },
    });
    await changeStatus(owner.teamId, c.id, "connected", "token refreshed", { lastRefreshedAt: new Date() });
    const row = await db.connection.findUniqueOrThrow({ where: { id: c.id } });
    expect(row.status).toBe("disabled");
    expect(row.lastRefreshedAt).not.toBeNull(); // the refresh's own fields are still written
    const enabled = await call(connectionRoute.PATCH, {
      method: "PATCH",
      cookie: owner.cookie,
      params: { id: c.id },
      body: { enabled: true },
    });
    expect(enabled.json).toMatchObject({ status: "connected" });
  });
});
