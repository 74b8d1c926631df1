// Every endpoint answers bad input with a 4xx in the one error shape, and writes nothing.
import { describe, expect, it } from "vitest";
import * as keysRoute from "@/app/api/v1/api-keys/route";
import * as brandsRoute from "@/app/api/v1/brands/route";
import * as brandRoute from "@/app/api/v1/brands/[id]/route";
import * as auditRoute from "@/app/api/v1/audit-log/route";
import { db } from "@/lib/db";
import { defaultBrandId, makeOwner } from "../factories";
import { call, type TCall } from "../http";

function expectErrorShape(res: Awaited<ReturnType<typeof call>>, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.json.error?.code).toBe(code);
  expect(typeof res.json.error?.message).toBe("string");
  expect(Object.keys(res.json)).toEqual(["error"]);
  expect(res.headers.get("x-request-id")).toMatch(/^req_/);
}

describe("malformed input", () => {
  it("rejects bad bodies on every writing endpoint and writes nothing", async () => {
    const owner = await makeOwner();
    const brandId = await defaultBrandId(owner.teamId);
    const endpoints: {
      name: string;
      handler: Parameters<typeof call>[0];
      base: TCall;
      valid: Record<string, unknown>;
    }[] = [
      { name: "POST brands", handler: brandsRoute.POST, base: { method: "POST" }, valid: { name: "B" } },
      {
        name: "PATCH brand",
        handler: brandRoute.PATCH,
        base: { method: "PATCH", params: { id: brandId } },
        valid: { name: "B" },
      },
      {
        name: "POST api-keys",
        handler: keysRoute.POST,
        base: { method: "POST" },
        valid: { name: "K", scopes: ["brands:read"] },
      },
    ];
    const before = {
      brands: await db.brand.count({ where: { teamId: owner.teamId } }),
      keys: await db.apiKey.count({ where: { teamId: owner.teamId } }),
    };

    for (const e of endpoints) {
      const base = { ...e.base, cookie: owner.cookie };
      const json = { "content-type": "application/json" };
      expectErrorShape(
        await call(e.handler, { ...base, rawBody: "{not json", headers: json }),
        400,
        "invalid_json",
      );
      expectErrorShape(
        await call(e.handler, { ...base, rawBody: "[1,2", headers: json }),
        400,
        "invalid_json",
      );

      const extra = await call(e.handler, { ...base, body: { ...e.valid, admin: true } });
      expectErrorShape(extra, 422, "validation_failed");
      expect(JSON.stringify(extra.json.error?.details)).toContain("body");

      const wrongType = await call(e.handler, {
        ...base,
        body: Object.fromEntries(Object.keys(e.valid).map((k) => [k, 42])),
      });
      expectErrorShape(wrongType, 422, "validation_failed");
      const paths = (wrongType.json.error?.details as { issues: { path: string }[] }).issues.map(
        (i) => i.path,
      );
      expect(paths).toContain(`body.${Object.keys(e.valid)[0]}`);

      expectErrorShape(await call(e.handler, { ...base, body: {} }), 422, "validation_failed");
      expectErrorShape(await call(e.handler, { ...base, body: [e.valid] }), 422, "validation_failed");
      expectErrorShape(await call(e.handler, { ...base, body: "just a string" }), 422, "validation_failed");

      const big = JSON.stringify({ name: "x".repeat(1024 * 1024 + 10) });
      expectErrorShape(
        await call(e.handler, { ...base, rawBody: big, headers: json }),
        413,
        "payload_too_large",
      );
      // a lying Content-Length is caught while streaming
      const chunked = new TextEncoder().encode(big);
      expectErrorShape(
        await call(e.handler, { ...base, rawBody: chunked, headers: { ...json } }),
        413,
        "payload_too_large",
      );

      expectErrorShape(
        await call(e.handler, {
          ...base,
          rawBody: "name=B",
          headers: { "content-type": "application/x-www-form-urlencoded" },
        }),
        415,
        "unsupported_media_type",
      );
    }
    expect(await db.brand.count({ where: { teamId: owner.teamId } })).toBe(before.brands);
    expect(await db.apiKey.count({ where: { teamId: owner.teamId } })).toBe(before.keys);
  });

  it("rejects bad query strings and path ids", async () => {
    const owner = await makeOwner();
    expectErrorShape(
      await call(auditRoute.GET, { cookie: owner.cookie, path: "/api/v1/audit-log?limit=abc" }),
      422,
      "validation_failed",
    );
    expectErrorShape(
      await call(auditRoute.GET, { cookie: owner.cookie, path: "/api/v1/audit-log?limit=5000" }),
      422,
      "validation_failed",
    );
    expectErrorShape(
      await call(auditRoute.GET, { cookie: owner.cookie, path: "/api/v1/audit-log?bogus=1" }),
      422,
      "validation_failed",
    );
    expectErrorShape(
      await call(brandRoute.GET, { cookie: owner.cookie, params: { id: "x".repeat(500) } }),
      422,
      "validation_failed",
    );
    expectErrorShape(
      await call(brandRoute.GET, { cookie: owner.cookie, params: { id: "does-not-exist" } }),
      404,
      "not_found",
    );
  });

  it("rejects expiry dates in the past and unknown scopes with field paths", async () => {
    const owner = await makeOwner();
    const res = await call(keysRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      body: { name: "k", scopes: ["root"], expires_at: "2001-01-01T00:00:00Z" },
    });
    expectErrorShape(res, 422, "validation_failed");
    const paths = (res.json.error?.details as { issues: { path: string }[] }).issues
      .map((i) => i.path)
      .sort();
    expect(paths).toEqual(["body.expires_at", "body.scopes.0"]);
  });
});
