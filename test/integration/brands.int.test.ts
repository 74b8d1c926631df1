import { describe, expect, it } from "vitest";
import * as brandsRoute from "@/app/api/v1/brands/route";
import * as brandRoute from "@/app/api/v1/brands/[id]/route";
import { defaultBrandId, makeApiKey, makeMember, makeOwner } from "../factories";
import { call } from "../http";

describe("brands", () => {
  it("sign-up gives a team one brand; admins create, rename and delete; the last one stays", async () => {
    const owner = await makeOwner();
    const first = await defaultBrandId(owner.teamId);
    const list = await call(brandsRoute.GET, { cookie: owner.cookie });
    expect(list.json.data).toEqual([expect.objectContaining({ id: first, name: "Default" })]);

    const created = await call(brandsRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      body: { name: "  Acme EU " },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ name: "Acme EU" });
    const id = created.json.id as string;

    const dup = await call(brandsRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      body: { name: "Acme EU" },
    });
    expect(dup.status).toBe(409);

    const renamed = await call(brandRoute.PATCH, {
      method: "PATCH",
      cookie: owner.cookie,
      params: { id },
      body: { name: "Acme Europe" },
    });
    expect(renamed.json).toMatchObject({ id, name: "Acme Europe" });

    expect(
      (await call(brandRoute.DELETE, { method: "DELETE", cookie: owner.cookie, params: { id } })).status,
    ).toBe(204);
    const last = await call(brandRoute.DELETE, {
      method: "DELETE",
      cookie: owner.cookie,
      params: { id: first },
    });
    expect(last.status).toBe(409);
    expect((await call(brandsRoute.GET, { cookie: owner.cookie })).json.data).toHaveLength(1);
  });

  it("members can read but not manage brands", async () => {
    const owner = await makeOwner();
    const member = await makeMember(owner.teamId, "member");
    const id = await defaultBrandId(owner.teamId);
    expect((await call(brandsRoute.GET, { cookie: member.cookie })).status).toBe(200);
    expect(
      (await call(brandsRoute.POST, { method: "POST", cookie: member.cookie, body: { name: "X" } })).status,
    ).toBe(403);
    expect(
      (
        await call(brandRoute.PATCH, {
          method: "PATCH",
          cookie: member.cookie,
          params: { id },
          body: { name: "X" },
        })
      ).status,
    ).toBe(403);
    expect(
      (await call(brandRoute.DELETE, { method: "DELETE", cookie: member.cookie, params: { id } })).status,
    ).toBe(403);
    const admin = await makeMember(owner.teamId, "admin");
    expect(
      (await call(brandsRoute.POST, { method: "POST", cookie: admin.cookie, body: { name: "By admin" } }))
        .status,
    ).toBe(201);
  });

  it("another team's brand is 404 for every verb, by session and by API key", async () => {
    const a = await makeOwner();
    const b = await makeOwner();
    const bBrand = await defaultBrandId(b.teamId);
    const aKey = await makeApiKey(a, ["brands:read", "brands:write"]);
    for (const auth of [{ cookie: a.cookie }, { bearer: aKey.key }]) {
      expect((await call(brandRoute.GET, { ...auth, params: { id: bBrand } })).status).toBe(404);
      expect(
        (
          await call(brandRoute.PATCH, {
            ...auth,
            method: "PATCH",
            params: { id: bBrand },
            body: { name: "pwned" },
          })
        ).status,
      ).toBe(404);
      expect(
        (await call(brandRoute.DELETE, { ...auth, method: "DELETE", params: { id: bBrand } })).status,
      ).toBe(404);
    }
    const bList = await call(brandsRoute.GET, { cookie: b.cookie });
    expect(bList.json.data).toEqual([expect.objectContaining({ id: bBrand, name: "Default" })]);
  });

  it("a session cookie cannot be used for a cross-origin write", async () => {
    const owner = await makeOwner();
    const res = await call(brandsRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      headers: { origin: "https://evil.example" },
      body: { name: "csrf" },
    });
    expect(res.status).toBe(403);
  });
});
