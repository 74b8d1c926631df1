// /api/v1/webhook-endpoints and /api/v1/events through the real route handlers:
//   1 — the signing secret appears once (the create / rotate response), never in a read, and is stored sealed;
//   2 — malformed input is a 4xx in the one error shape and writes nothing; a URL the outbound guard refuses is
//       a 422 naming the field;
//   3 — scopes and roles: a key without webhooks:* is 403, a member is 403;
//   4 — another team's endpoint or event id is 404 on every verb;
//   5 — event filters and replay through the API.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as endpointsRoute from "@/app/api/v1/webhook-endpoints/route";
import * as endpointRoute from "@/app/api/v1/webhook-endpoints/[id]/route";
import * as rotateRoute from "@/app/api/v1/webhook-endpoints/[id]/rotate-secret/route";
import * as testRoute from "@/app/api/v1/webhook-endpoints/[id]/test/route";
import * as eventsRoute from "@/app/api/v1/events/route";
import * as eventRoute from "@/app/api/v1/events/[id]/route";
import * as replayRoute from "@/app/api/v1/events/replay/route";
import { db } from "@/lib/db";
import { setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { makeApiKey, makeMember, makeOwner } from "../factories";
import { call } from "../http";

beforeAll(() => setOutboundPolicyForTests({ allowPrivate: true }));
afterAll(() => setOutboundPolicyForTests(undefined));

function expectError(res: Awaited<ReturnType<typeof call>>, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.json.error?.code).toBe(code);
  expect(Object.keys(res.json)).toEqual(["error"]);
}

describe("1 — the secret is shown once", () => {
  it("create returns it; reads never do; the column is sealed; rotate returns a new one", async () => {
    const owner = await makeOwner();
    const key = await makeApiKey(owner, ["webhooks:read", "webhooks:write"]);
    const made = await call(endpointsRoute.POST, {
      method: "POST",
      bearer: key.key,
      body: { url: "http://127.0.0.1:9/hooks", event_types: ["connection.needs_reauth"] },
    });
    expect(made.status).toBe(201);
    const secret = (made.json as { secret: string }).secret;
    const id = (made.json as { endpoint: { id: string } }).endpoint.id;
    expect(secret).toMatch(/^whsec_/);
    const list = await call(endpointsRoute.GET, { bearer: key.key });
    const one = await call(endpointRoute.GET, { bearer: key.key, params: { id } });
    for (const r of [list, one]) {
      expect(r.status).toBe(200);
      expect(r.text).not.toContain(secret);
      expect(r.text).not.toContain(secret.slice(6, 20));
      expect(r.text).not.toMatch(/whsec_|secretSealed|pbv1/);
    }
    const row = await db.webhookEndpoint.findUniqueOrThrow({ where: { id }, select: { secretSealed: true } });
    expect(row.secretSealed).toMatch(/^pbv1\./);
    expect(row.secretSealed).not.toContain(secret.slice(6));
    const rotated = await call(rotateRoute.POST, {
      method: "POST",
      bearer: key.key,
      params: { id },
      body: {},
    });
    expect(rotated.status).toBe(200);
    expect((rotated.json as { secret: string }).secret).not.toBe(secret);
    expect(
      (rotated.json as { endpoint: { previous_secret_expires_at: string | null } }).endpoint
        .previous_secret_expires_at,
    ).not.toBeNull();
  });
});

describe("2 — malformed input", () => {
  it("answers 4xx in the one shape and writes nothing", async () => {
    const owner = await makeOwner();
    const cases: unknown[] = [
      {},
      { url: "" },
      { url: "not a url" },
      { url: "ftp://example.com/x" },
      { url: "http://user:pw@127.0.0.1/x" },
      { url: "http://169.254.169.254/latest/meta-data" },
      { url: "http://127.0.0.1/x", event_types: ["nope"] },
      { url: "http://127.0.0.1/x", brand_ids: ["brand_of_nobody"] },
      { url: "http://127.0.0.1/x", extra: 1 },
      [],
      "x",
    ];
    for (const body of cases) {
      const res = await call(endpointsRoute.POST, { method: "POST", cookie: owner.cookie, body });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(Object.keys(res.json)).toEqual(["error"]);
    }
    const raw = await call(endpointsRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      rawBody: "{",
      headers: { "content-type": "application/json" },
    });
    expect(raw.status).toBe(400);
    expect(await db.webhookEndpoint.count({ where: { teamId: owner.teamId } })).toBe(0);
    expectError(
      await call(eventsRoute.GET, { cookie: owner.cookie, path: "/api/v1/events?limit=0" }),
      422,
      "validation_failed",
    );
    expectError(
      await call(eventsRoute.GET, { cookie: owner.cookie, path: "/api/v1/events?type=bogus" }),
      422,
      "validation_failed",
    );
    expectError(
      await call(replayRoute.POST, { method: "POST", cookie: owner.cookie, body: {} }),
      422,
      "validation_failed",
    );
  });

  it("a private address is refused when the deployment does not allow private targets", async () => {
    const owner = await makeOwner();
    setOutboundPolicyForTests({ allowPrivate: false });
    try {
      const res = await call(endpointsRoute.POST, {
        method: "POST",
        cookie: owner.cookie,
        body: { url: "http://127.0.0.1:8080/x" },
      });
      expectError(res, 422, "validation_failed");
      expect(res.json.error?.message).toMatch(/private network/);
    } finally {
      setOutboundPolicyForTests({ allowPrivate: true });
    }
  });
});

describe("3 — scopes and roles", () => {
  it("a key without webhooks scopes and a member are refused", async () => {
    const owner = await makeOwner();
    const key = await makeApiKey(owner, ["connections:read"]);
    expectError(await call(endpointsRoute.GET, { bearer: key.key }), 403, "forbidden");
    expectError(await call(eventsRoute.GET, { bearer: key.key }), 403, "forbidden");
    const reader = await makeApiKey(owner, ["webhooks:read"]);
    expect((await call(endpointsRoute.GET, { bearer: reader.key })).status).toBe(200);
    expectError(
      await call(endpointsRoute.POST, {
        method: "POST",
        bearer: reader.key,
        body: { url: "http://127.0.0.1/x" },
      }),
      403,
      "forbidden",
    );
    const member = await makeMember(owner.teamId, "member");
    expectError(await call(endpointsRoute.GET, { cookie: member.cookie }), 403, "forbidden");
  });
});

describe("4 — tenancy", () => {
  it("another team's endpoint and event are 404 on every verb", async () => {
    const a = await makeOwner();
    const b = await makeOwner();
    const made = await call(endpointsRoute.POST, {
      method: "POST",
      cookie: a.cookie,
      body: { url: "http://127.0.0.1:9/x" },
    });
    const id = (made.json as { endpoint: { id: string } }).endpoint.id;
    const sent = await call(testRoute.POST, { method: "POST", cookie: a.cookie, params: { id } });
    expect(sent.status).toBe(202);
    const eventId = (sent.json as { event_id: string }).event_id;
    const p = { params: { id }, cookie: b.cookie };
    expectError(await call(endpointRoute.GET, p), 404, "not_found");
    expectError(
      await call(endpointRoute.PATCH, { ...p, method: "PATCH", body: { enabled: false } }),
      404,
      "not_found",
    );
    expectError(await call(endpointRoute.DELETE, { ...p, method: "DELETE" }), 404, "not_found");
    expectError(await call(rotateRoute.POST, { ...p, method: "POST", body: {} }), 404, "not_found");
    expectError(await call(testRoute.POST, { ...p, method: "POST" }), 404, "not_found");
    expectError(await call(eventRoute.GET, { params: { id: eventId }, cookie: b.cookie }), 404, "not_found");
    expectError(
      await call(replayRoute.POST, { method: "POST", cookie: b.cookie, body: { event_ids: [eventId] } }),
      404,
      "not_found",
    );
    expectError(
      await call(replayRoute.POST, {
        method: "POST",
        cookie: b.cookie,
        body: { event_ids: [eventId], endpoint_id: id },
      }),
      404,
      "not_found",
    );
    const still = await db.webhookEndpoint.findUniqueOrThrow({ where: { id } });
    expect(still.status).toBe("active");
    expect(await db.delivery.count({ where: { endpointId: id } })).toBe(1);
  });
});

describe("5 — the event log", () => {
  it("filters by type and endpoint; replay makes a new delivery of the same event", async () => {
    const owner = await makeOwner();
    const made = await call(endpointsRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      body: { url: "http://127.0.0.1:9/x" },
    });
    const id = (made.json as { endpoint: { id: string } }).endpoint.id;
    const sent = await call(testRoute.POST, { method: "POST", cookie: owner.cookie, params: { id } });
    const eventId = (sent.json as { event_id: string }).event_id;
    const byType = await call(eventsRoute.GET, {
      cookie: owner.cookie,
      path: "/api/v1/events?type=endpoint.test",
    });
    expect((byType.json as { data: { id: string }[] }).data.map((e) => e.id)).toEqual([eventId]);
    const none = await call(eventsRoute.GET, {
      cookie: owner.cookie,
      path: "/api/v1/events?type=connection.created",
    });
    expect((none.json as { data: unknown[] }).data).toHaveLength(0);
    const r = await call(replayRoute.POST, {
      method: "POST",
      cookie: owner.cookie,
      body: { event_ids: [eventId] },
    });
    expect(r.status).toBe(202);
    const one = await call(eventRoute.GET, { params: { id: eventId }, cookie: owner.cookie });
    const deliveries = (one.json as { deliveries: { origin: string | null; endpoint_id: string }[] })
      .deliveries;
    expect(deliveries.map((d) => [d.origin, d.endpoint_id])).toEqual([
      ["test", id],
      ["replay", id],
    ]);
  });
});
