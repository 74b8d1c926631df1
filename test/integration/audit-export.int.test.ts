import { describe, expect, it } from "vitest";
import * as exportRoute from "@/app/api/v1/audit-log/export/route";
import { createBrand } from "@/lib/tenancy/brands";
import { makeApiKey, makeMember, makeOwner } from "../factories";
import { call } from "../http";

describe("audit log CSV export", () => {
  it("exports the team's entries as CSV, quoting and defusing formulas; admins only; other teams excluded", async () => {
    const owner = await makeOwner();
    await createBrand(owner.ctx, '=HYPERLINK("x"), "quoted"');
    const other = await makeOwner();
    await createBrand(other.ctx, "Other team brand");

    const res = await call(exportRoute.GET, { cookie: owner.cookie });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const lines = res.text.trim().split("\r\n");
    expect(lines[0]).toBe(
      "time,action,actor_type,actor_id,actor_name,target_type,target_id,target_name,metadata",
    );
    const brandLine = lines.find((l) => l.includes("brand.created"))!;
    expect(brandLine).toContain(`user,${owner.userId},${owner.email},brand`);
    expect(brandLine).toContain('"{""name"":'); // RFC 4180: the JSON cell is quoted, its quotes doubled
    expect(res.text).not.toContain("Other team brand");

    const member = await makeMember(owner.teamId, "member");
    expect((await call(exportRoute.GET, { cookie: member.cookie })).status).toBe(403);
    const key = await makeApiKey(owner, ["audit:read"]);
    expect((await call(exportRoute.GET, { bearer: key.key })).status).toBe(200);
  });
});
