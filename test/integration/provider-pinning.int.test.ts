// Security finding 2: refresh tokens sent to a swapped endpoint. A connection is pinned to the custom provider
// definition it was made with (app id + hash of its endpoints); once the definition behind the slug is another
// one, nothing — refresh (the scheduler, unprompted), revocation, test — sends the stored tokens to the new
// URLs. Two fake standard OAuth servers count what reaches them: the original one and its replacement.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import * as appRoute from "@/app/api/v1/providers/[slug]/app/route";
import * as providersRoute from "@/app/api/v1/providers/route";
import * as connectionRoute from "@/app/api/v1/connections/[id]/route";
import * as testRoute from "@/app/api/v1/connections/[id]/test/route";
import { startFakeEvilOAuth, type FakeEvilHandle } from "@/e2e/fixtures/fake-providers/evil-oauth";
import { openCredentials } from "@/lib/connections/credentials";
import { db } from "@/lib/db";
import { refreshDueConnections } from "@/lib/jobs/refresh-scheduler";
import { setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { hitCallback, messageOf, openBindUrl, startFlow } from "../connect-flow";
import { makeMember, makeOwner, type TTestUser } from "../factories";
import { call } from "../http";

let original: FakeEvilHandle;
let replacement: FakeEvilHandle;
beforeAll(async () => {
  original = await startFakeEvilOAuth();
  replacement = await startFakeEvilOAuth();
});
afterAll(async () => {
  await original.close();
  await replacement.close();
});
afterEach(() => setOutboundPolicyForTests(undefined));

const definition = (slug: string, server: FakeEvilHandle) => ({
  slug,
  name: "Acme",
  authorization_url: `${server.url}/authorize`,
  token_url: `${server.url}/token`,
  revocation_url: `${server.url}/revoke`,
  api_base_url: server.url,
  scopes: ["read"],
  client_id: "acme-client",
  client_secret: "acme-secret-0123456789",
});

async function addProvider(owner: TTestUser, slug: string, server: FakeEvilHandle) {
  const res = await call(providersRoute.POST, {
    method: "POST",
    cookie: owner.cookie,
    body: definition(slug, server),
  });
  expect(res.status, res.text).toBe(201);
}

/** A member's private connection through the normal flow (start → bind → provider → callback). */
async function connect(user: TTestUser, slug: string): Promise<string> {
  const grant = await startFlow({ cookie: user.cookie }, slug, { mode: "popup" });
  const bound = await openBindUrl(grant.authorization_url, user.cookie);
  expect(bound.status, bound.text).toBe(303); // a custom provider: through the leaving-Patchbay page (POST → 303)
  const res = await fetch(bound.location!, { redirect: "manual" });
  const msg = messageOf((await hitCallback(res.headers.get("location")!, bound.cookie)).text);
  expect(msg, JSON.stringify(msg?.error)).toMatchObject({ status: "connected" });
  return msg!.connection_id!;
}

async function refreshTokenOf(id: string) {
  const row = await db.connection.findUniqueOrThrow({ where: { id }, omit: { credentialsSealed: false } });
  const creds = openCredentials(id, row.credentialsSealed!);
  if (creds.type !== "oauth2") throw new Error("not oauth2");
  return creds.refresh_token!;
}

/** Due for the scheduler before anything else it may find. */
const makeDue = (id: string) =>
  db.connection.update({ where: { id }, data: { tokenExpiresAt: new Date("2000-01-01T00:00:00Z") } });

describe("connections are pinned to their provider definition (finding 2)", () => {
  it("1. deleting a custom provider that still has connections is refused: 409 with the count", async () => {
    setOutboundPolicyForTests({ allowPrivate: true });
    const owner = await makeOwner();
    await addProvider(owner, "acme-del", original);
    const member = await makeMember(owner.teamId, "member");
    await connect(owner, "acme-del");
    await connect(member, "acme-del"); // a private one the admin cannot see

    const del = await call(appRoute.DELETE, {
      method: "DELETE",
      cookie: owner.cookie,
      params: { slug: "acme-del" },
    });
    expect(del.status, del.text).toBe(409);
    expect(del.json.error).toMatchObject({
      code: "conflict",
      message: expect.stringMatching(/2 connections/) as string,
      details: { connections: 2 },
    });
    expect(await db.oAuthApp.count({ where: { teamId: owner.teamId, providerSlug: "acme-del" } })).toBe(1);
  });

  it("2. delete + re-add the same slug with a new token URL: the scheduler's next refresh sends nothing to the new URL", async () => {
    setOutboundPolicyForTests({ allowPrivate: true });
    const owner = await makeOwner();
    const member = await makeMember(owner.teamId, "member");
    await addProvider(owner, "acme-swap", original);
    const id = await connect(member, "acme-swap");
    const stolenIfSent = await refreshTokenOf(id);
    const pinned = await db.connection.findUniqueOrThrow({ where: { id } });
    expect(pinned.providerDefinitionId).toMatch(/^app_/);
    expect(pinned.providerEndpointsHash).toMatch(/^[0-9a-f]{64}$/);

    // The definition goes away underneath (as a pre-pinning delete, or a database edit, would do) and the
    // same slug comes back pointing elsewhere.
    await db.oAuthApp.deleteMany({ where: { teamId: owner.teamId, providerSlug: "acme-swap" } });
    await addProvider(owner, "acme-swap", replacement);
    await makeDue(id);
    const before = replacement.requests.length;

    await refreshDueConnections(10 * 60_000, 200);

    expect(replacement.requests.length).toBe(before); // not a single request
    expect(replacement.tokenRequests.map((r) => r.refresh_token)).not.toContain(stolenIfSent);
    expect(await db.connection.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "needs_reauth",
      lastErrorCode: "provider_changed",
    });

    // Test and disconnect send nothing there either; the disconnect says why it did not revoke.
    const tested = await call(testRoute.POST, { method: "POST", cookie: member.cookie, params: { id } });
    expect(tested.json).toMatchObject({ ok: false, error: { code: "provider_changed" } });
    const gone = await call(connectionRoute.DELETE, {
      method: "DELETE",
      cookie: member.cookie,
      params: { id },
    });
    expect(gone.status, gone.text).toBe(200);
    expect(gone.json).toMatchObject({
      deleted: true,
      revocation: {
        attempted: false,
        ok: false,
        error: expect.stringMatching(/provider definition changed/) as string,
      },
    });
    expect(replacement.requests.length).toBe(before);
    expect(replacement.revocations).toEqual([]);
  });

  it("3. an endpoint changed in place (same app row) is refused the same way", async () => {
    setOutboundPolicyForTests({ allowPrivate: true });
    const owner = await makeOwner();
    await addProvider(owner, "acme-edit", original);
    const id = await connect(owner, "acme-edit");
    const app = await db.oAuthApp.findFirstOrThrow({
      where: { teamId: owner.teamId, providerSlug: "acme-edit" },
    });
    await db.oAuthApp.update({
      where: { id: app.id },
      data: { custom: { ...(app.custom as Record<string, unknown>), tokenUrl: `${replacement.url}/token` } },
    });
    await makeDue(id);
    const before = replacement.requests.length;
    await refreshDueConnections(10 * 60_000, 200);
    expect(replacement.requests.length).toBe(before);
    expect(await db.connection.findUniqueOrThrow({ where: { id } })).toMatchObject({
      status: "needs_reauth",
      lastErrorCode: "provider_changed",
    });
  });

  it("4. an unchanged definition keeps refreshing at its own token endpoint", async () => {
    setOutboundPolicyForTests({ allowPrivate: true });
    const owner = await makeOwner();
    await addProvider(owner, "acme-same", original);
    const id = await connect(owner, "acme-same");
    const rt = await refreshTokenOf(id);
    await makeDue(id);
    await refreshDueConnections(10 * 60_000, 200);
    expect(
      original.tokenRequests.some((r) => r.grant_type === "refresh_token" && r.refresh_token === rt),
    ).toBe(true);
    expect(await db.connection.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "connected" });
  });
});
