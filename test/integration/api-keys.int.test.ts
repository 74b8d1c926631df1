import { describe, expect, it } from "vitest";
import * as keysRoute from "@/app/api/v1/api-keys/route";
import * as keyRoute from "@/app/api/v1/api-keys/[id]/route";
import * as meRoute from "@/app/api/v1/me/route";
import { generateApiKey } from "@/lib/api-keys/format";
import { db } from "@/lib/db";
import { makeApiKey, makeMember, makeOwner } from "../factories";
import { call } from "../http";

describe("API keys", () => {
  it("are shown once, authenticate /api/v1/me, and stop working when revoked", async () => {
    const owner = await makeOwner();
    const expires = new Date(Date.now() + 86_400_000).toISOString();
    const created = await call(keysRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      body: { name: "ci", scopes: ["brands:read", "api_keys:read"], expires_at: expires },
    });
    expect(created.status).toBe(201);
    const key = created.json.key as string;
    expect(key).toMatch(/^pbk_[0-9A-Za-z]{38}$/);
    const view = created.json.api_key as { id: string; prefix: string; last4: string };
    expect(key.startsWith(view.prefix)).toBe(true);
    expect(key.endsWith(view.last4)).toBe(true);

    const me = await call(meRoute.GET, { bearer: key });
    expect(me.status).toBe(200);
    expect(me.json).toMatchObject({
      team: { id: owner.teamId },
      actor: "api_key",
      scopes: ["brands:read", "api_keys:read"],
      api_key: { id: view.id, expires_at: new Date(expires).toISOString() },
    });
    expect(me.text).not.toContain(key);

    const list = await call(keysRoute.GET, { bearer: key });
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(key);
    const row = (list.json.data as { id: string; last_used_at: string | null }[]).find(
      (k) => k.id === view.id,
    );
    expect(row?.last_used_at).not.toBeNull();

    // only the HMAC is stored
    const stored = await db.apiKey.findUniqueOrThrow({ where: { id: view.id } });
    expect(stored.keyHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain(key.slice(8, 30));

    const revoked = await call(keyRoute.DELETE, {
      method: "DELETE",
      cookie: owner.cookie,
      params: { id: view.id },
    });
    expect(revoked.status).toBe(200);
    expect((revoked.json as { revoked_at: string | null }).revoked_at).not.toBeNull();
    const after = await call(meRoute.GET, { bearer: key });
    expect(after.status).toBe(401);
  });

  it("answers revoked, expired, unknown, mistyped and malformed keys with the same 401", async () => {
    const owner = await makeOwner();
    const live = await makeApiKey(owner, ["brands:read"]);
    const expired = await makeApiKey(owner, ["brands:read"], new Date(Date.now() - 1000));
    const revoked = await makeApiKey(owner, ["brands:read"]);
    await call(keyRoute.DELETE, {
      method: "DELETE",
      cookie: owner.cookie,
      params: { id: revoked.api_key.id },
    });
    const flipped = live.key.slice(0, 10) + (live.key[10] === "a" ? "b" : "a") + live.key.slice(11); // checksum breaks

    const bodies = new Set<string>();
    for (const bad of [expired.key, revoked.key, generateApiKey(), flipped, "pbk_short", "not-a-key", ""]) {
      const res = await call(meRoute.GET, { headers: { authorization: `Bearer ${bad}` } });
      expect(res.status, bad).toBe(401);
      expect(res.json.error?.code).toBe("unauthorized");
      bodies.add(res.json.error!.message);
    }
    const basic = await call(meRoute.GET, { headers: { authorization: "Basic dXNlcjpwYXNz" } });
    expect(basic.status).toBe(401);
    bodies.add(basic.json.error!.message);
    expect(bodies.size).toBe(1);
    expect((await call(meRoute.GET, { bearer: live.key })).status).toBe(200);
  });

  it("cannot be managed by members, and another team's key is 404", async () => {
    const owner = await makeOwner();
    const member = await makeMember(owner.teamId, "member");
    const k = await makeApiKey(owner, ["brands:read"]);
    expect((await call(keysRoute.GET, { cookie: member.cookie })).status).toBe(403);
    expect(
      (
        await call(keysRoute.POST, {
          method: "POST",
          cookie: member.cookie,
          body: { name: "x", scopes: ["brands:read"] },
        })
      ).status,
    ).toBe(403);
    expect(
      (await call(keyRoute.DELETE, { method: "DELETE", cookie: member.cookie, params: { id: k.api_key.id } }))
        .status,
    ).toBe(403);

    const other = await makeOwner();
    const res = await call(keyRoute.DELETE, {
      method: "DELETE",
      cookie: other.cookie,
      params: { id: k.api_key.id },
    });
    expect(res.status).toBe(404);
    expect(res.json.error?.code).toBe("not_found");
    const stillLive = await call(meRoute.GET, { bearer: k.key });
    expect(stillLive.status).toBe(200);
  });

  it("needs the right scope, and a key cannot mint a key with more scopes than it has", async () => {
    const owner = await makeOwner();
    const readOnly = await makeApiKey(owner, ["brands:read"]);
    const denied = await call(keysRoute.GET, { bearer: readOnly.key });
    expect(denied.status).toBe(403);
    expect(denied.json.error?.details).toEqual({ missing_scopes: ["api_keys:read"] });

    const writer = await makeApiKey(owner, ["api_keys:write", "brands:read"]);
    const escalate = await call(keysRoute.POST, {
      method: "POST",
      bearer: writer.key,
      body: { name: "x", scopes: ["brands:write"] },
    });
    expect(escalate.status).toBe(403);
    const fine = await call(keysRoute.POST, {
      method: "POST",
      bearer: writer.key,
      body: { name: "x", scopes: ["brands:read"] },
    });
    expect(fine.status).toBe(201);
  });
});
