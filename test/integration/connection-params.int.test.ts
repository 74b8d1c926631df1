// Finding 10: unknown `params` keys are refused on every connect path, before anything reaches a provider. The
// key used is a token-derived one (instance_url): accepted and stored, it would pick the host that later
// receives the access token.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as connectionsRoute from "@/app/api/v1/connections/route";
import * as startRoute from "@/app/api/v1/connect/[provider]/route";
import { db } from "@/lib/db";
import { startSandbox, stopSandbox } from "@/lib/sandbox/sandbox-issuer";
import { makeOwner } from "../factories";
import { call } from "../http";

beforeAll(() => startSandbox());
afterAll(() => stopSandbox());

const EVIL = { instance_url: "https://evil.example" };

function expectUnknownParam(res: Awaited<ReturnType<typeof call>>) {
  expect(res.status, res.text).toBe(422);
  expect(res.json.error?.code).toBe("validation_failed");
  expect(res.json.error?.details).toMatchObject({
    issues: [{ path: "body.params.instance_url", code: "unrecognized_keys" }],
  });
}

describe("finding 10: unknown params refused on every connect path", () => {
  it("connect start (POST /api/v1/connect/{provider})", async () => {
    const owner = await makeOwner();
    const res = await call(startRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      params: { provider: "sandbox" },
      body: { params: EVIL },
    });
    expectUnknownParam(res);
    expect(await db.oAuthGrant.count({ where: { teamId: owner.teamId } })).toBe(0);
  });

  it("programmatic OAuth material (POST /api/v1/connections with credentials)", async () => {
    const owner = await makeOwner();
    const res = await call(connectionsRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      body: {
        provider: "sandbox",
        params: EVIL,
        credentials: { type: "refresh_token", refresh_token: "rt-from-elsewhere" },
      },
    });
    expectUnknownParam(res);
    expect(await db.connection.count({ where: { teamId: owner.teamId } })).toBe(0);
  });

  it("credential connect (POST /api/v1/connections with an API key)", async () => {
    const owner = await makeOwner();
    const res = await call(connectionsRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      body: { provider: "klaviyo", api_key: "pk_0123456789abcdef0123456789abcdef01", params: EVIL },
    });
    expectUnknownParam(res);
    expect(await db.connection.count({ where: { teamId: owner.teamId } })).toBe(0);
  });
});
