// Finding 10: members cannot create shared connections they cannot manage (assertCanManage: changing or
// disconnecting a shared connection takes an admin) — on the connect flow and on POST /api/v1/connections.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as connectionsRoute from "@/app/api/v1/connections/route";
import * as startRoute from "@/app/api/v1/connect/[provider]/route";
import { db } from "@/lib/db";
import { startSandbox, stopSandbox } from "@/lib/sandbox/sandbox-issuer";
import { makeMember, makeOwner } from "../factories";
import { call } from "../http";

beforeAll(() => startSandbox());
afterAll(() => stopSandbox());

const start = (cookie: string, body: Record<string, unknown>) =>
  call(startRoute.POST, { method: "POST", cookie, params: { provider: "sandbox" }, body });

describe("finding 10: members cannot create shared connections", () => {
  it("refuses a member's shared connect flow and API-key connection; allows their own and an admin's shared", async () => {
    const owner = await makeOwner();
    const member = await makeMember(owner.teamId, "member");
    const admin = await makeMember(owner.teamId, "admin");

    const refused = await start(member.cookie, { owner: "shared" });
    expect(refused.status, refused.text).toBe(403);
    expect(refused.json.error?.code).toBe("forbidden");

    const viaKey = await call(connectionsRoute.POST, {
      method: "POST",
      cookie: member.cookie,
      body: { provider: "klaviyo", api_key: "pk_0123456789abcdef0123456789abcdef01", owner: "shared" },
    });
    expect(viaKey.status, viaKey.text).toBe(403);
    expect(await db.oAuthGrant.count({ where: { teamId: owner.teamId } })).toBe(0);
    expect(await db.connection.count({ where: { teamId: owner.teamId } })).toBe(0);

    expect((await start(member.cookie, {})).status).toBe(201);
    expect((await start(admin.cookie, { owner: "shared" })).status).toBe(201);
    const grants = await db.oAuthGrant.findMany({
      where: { teamId: owner.teamId },
      select: { ownerKind: true },
    });
    expect(grants.map((g) => g.ownerKind).sort()).toEqual(["shared", "user"]);
  });
});
