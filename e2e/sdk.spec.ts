// The TypeScript SDK (@patchbay/sdk, its built dist/) against the real app: a key made by the API, the catalog, a
// Sandbox grant started by the SDK and consented in a real browser, waitForConnection, the connection listed and
// proxied, a real connection.created event delivered to a local receiver that verifies it with the SDK's
// webhooks.verify, typed errors (another team's id → 404 not_found with the request id), an aborted wait, and the
// disconnect. No part of Patchbay is mocked; the receiver is this spec's own HTTP server.
import { expect, test, type Page } from "@playwright/test";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  Patchbay,
  PatchbayError,
  WebhookVerificationError,
  collect,
  verifyWebhook,
  type WebhookEvent,
} from "@patchbay/sdk";
import { consentInSandbox, signUp, uniqueEmail } from "./helpers";

type TDelivery = { headers: http.IncomingHttpHeaders; body: string; verified: boolean };

let receiver: http.Server;
let receiverOrigin = "";
let receiverUrl = "";
let signingSecret = "";
const deliveries: TDelivery[] = [];

test.beforeAll(async () => {
  // A customer's webhook receiver: it answers 2xx only for a delivery that the SDK verifies.
  receiver = http.createServer((req, res) => {
    if (req.method === "GET") {
      // The partner's own page that a hosted connect session sends its end-user back to.
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<!doctype html><title>Partner app</title><h1>Back at the partner</h1>");
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      void verifyWebhook({ payload: body, headers: req.headers, secret: signingSecret }).then(
        () => {
          deliveries.push({ headers: req.headers, body, verified: true });
          res.writeHead(204).end();
        },
        () => {
          deliveries.push({ headers: req.headers, body, verified: false });
          res.writeHead(401).end();
        },
      );
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  receiverOrigin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  receiverUrl = `${receiverOrigin}/patchbay-events`;
});

test.afterAll(async () => {
  await new Promise((r) => receiver?.close(r));
});

/** A new team signed up in the browser, and an API key for it made through the API with the session. */
async function teamWithKey(page: Page, tag: string, scopes: string[]): Promise<string> {
  await signUp(page, { email: uniqueEmail(tag), team: `${tag} team` });
  const res = await page.request.post("/api/v1/api-keys", { data: { name: `${tag} key`, scopes } });
  expect(res.status(), await res.text()).toBe(201);
  return ((await res.json()) as { key: string }).key;
}

const ALL_SCOPES = [
  "connections:read",
  "connections:write",
  "connections:proxy",
  "providers:read",
  "webhooks:read",
  "webhooks:write",
];

test("SDK: catalog → connect Sandbox in the browser → wait → list → proxy → signed event verified → errors → disconnect", async ({
  page,
  browser,
  baseURL,
}) => {
  const apiKey = await teamWithKey(page, "sdk", ALL_SCOPES);
  const pb = new Patchbay({ apiKey, baseUrl: baseURL! });

  const me = await pb.me();
  expect(me.team.name).toBe("sdk team");
  expect(me.scopes).toEqual(expect.arrayContaining(ALL_SCOPES));

  // The catalog ("connectors"): the Sandbox is there and usable without an OAuth app of our own.
  const connectors = await pb.connectors.list();
  const sandbox = connectors.find((c) => c.slug === "sandbox");
  expect(sandbox).toMatchObject({ slug: "sandbox", configured: true });
  const detail = await pb.connectors.get("sandbox");
  expect(detail.slug).toBe("sandbox");

  // An endpoint for connection.created, before the connection exists; its secret is in this answer only.
  const endpoint = await pb.webhookEndpoints.create({
    url: receiverUrl,
    event_types: ["connection.created"],
  });
  signingSecret = endpoint.secret;
  expect(signingSecret).toMatch(/^whsec_/);

  // Connect: the SDK starts the grant, the user consents in a real browser, the SDK waits for the outcome.
  const grant = await pb.connect.start("sandbox", { label: "SDK sandbox" });
  expect(grant.authorization_url).toMatch(new RegExp(`^${baseURL}/oauth/authorize/`));
  const waiting = pb.connect.waitForConnection(grant.grant_id, {
    intervalMs: 250,
    signal: AbortSignal.timeout(45_000),
  });
  await page.goto(grant.authorization_url);
  await consentInSandbox(page, "sdk-user@example.test");
  const connected = await waiting;
  expect(connected).toMatchObject({ grant_id: grant.grant_id, provider: "sandbox", status: "connected" });
  const connectionId = connected.connection_id;
  expect(connectionId).toMatch(/^conn_/);

  // Listed (one page, and the iterator over every page) and read back.
  const page1 = await pb.connections.list({ provider: "sandbox", limit: 1 });
  expect(page1.data.map((c) => c.id)).toEqual([connectionId]);
  expect(page1.next_cursor).toBeNull();
  const all = await collect(pb.connections.iterate({ limit: 1 }));
  expect(all.map((c) => c.id)).toContain(connectionId);
  const conn = await pb.connections.get(connectionId);
  expect(conn).toMatchObject({
    id: connectionId,
    provider: "sandbox",
    status: "connected",
    label: "SDK sandbox",
  });
  expect(JSON.stringify(conn)).not.toMatch(/"(access_token|refresh_token)"/);

  // The proxy: the Sandbox's protected GET /me with the connection's token, the answer as the provider sent it.
  const res = await pb.proxy(connectionId).get("/me");
  expect(res.status).toBe(200);
  expect(res.requestId).toBeTruthy();
  const body = await res.json<{ sub: string; email: string }>();
  expect(body.sub).toBeTruthy();
  expect(body.email).toContain("@");
  // A path the Sandbox does not have: the provider's own 404 comes back as an answer, not an exception.
  const missing = await pb.proxy(connectionId).get("/no-such-path");
  expect(missing.status).toBe(404);
  expect(missing.headers.get("patchbay-error")).toBeNull();

  const tested = await pb.connections.test(connectionId);
  expect(tested).toBeTruthy();

  // A real connection.created delivery arrived at the receiver, which verified it with the SDK.
  await expect.poll(() => deliveries.length, { timeout: 20_000 }).toBeGreaterThan(0);
  const delivery = deliveries[0]!;
  expect(delivery.verified).toBe(true);
  const event: WebhookEvent<{ connection: { id: string; provider: string } }> = await pb.webhooks.verify({
    payload: delivery.body,
    headers: delivery.headers,
    secret: signingSecret,
  });
  expect(event).toMatchObject({ type: "connection.created", data: { connection: { id: connectionId } } });
  expect(event.id).toBe(delivery.headers["webhook-id"]);
  // Tampered, or checked with another secret: refused.
  await expect(
    pb.webhooks.verify({
      payload: delivery.body.replace(connectionId, "conn_x"),
      headers: delivery.headers,
      secret: signingSecret,
    }),
  ).rejects.toBeInstanceOf(WebhookVerificationError);
  await expect(
    verifyWebhook({
      payload: delivery.body,
      headers: delivery.headers,
      secret: "whsec_" + btoa("another secret!!"),
    }),
  ).rejects.toMatchObject({ reason: "no_matching_signature" });
  // ...and the event log has it.
  const events = await pb.events.list({ type: "connection.created" });
  expect(events.data.map((e) => e.id)).toContain(event.id);

  // Typed errors. Another team's key sees our connection as not found — the same as an id that never existed.
  const otherContext = await browser.newContext();
  const otherKey = await teamWithKey(await otherContext.newPage(), "sdk-other", [
    "connections:read",
    "connections:proxy",
  ]);
  const other = new Patchbay({ apiKey: otherKey, baseUrl: baseURL! });
  const notFound = await other.connections.get(connectionId).catch((e: unknown) => e);
  expect(notFound).toBeInstanceOf(PatchbayError);
  expect(notFound).toMatchObject({ code: "not_found", status: 404 });
  expect((notFound as PatchbayError).requestId).toMatch(/\S{8,}/);
  const neverExisted = (await pb.connections
    .get("conn_doesnotexist")
    .catch((e: unknown) => e)) as PatchbayError;
  expect({ code: neverExisted.code, status: neverExisted.status, message: neverExisted.message }).toEqual({
    code: (notFound as PatchbayError).code,
    status: 404,
    message: (notFound as PatchbayError).message,
  });
  const proxied = (await other
    .proxy(connectionId)
    .get("/me")
    .catch((e: unknown) => e)) as PatchbayError;
  expect(proxied).toBeInstanceOf(PatchbayError);
  expect(proxied).toMatchObject({ status: 404, proxyError: "not_found" });
  // A key without a scope: 403 forbidden with the missing scope in details.
  const forbidden = (await other.connect.start("sandbox").catch((e: unknown) => e)) as PatchbayError;
  expect(forbidden).toMatchObject({
    code: "forbidden",
    status: 403,
    details: { missing_scopes: ["connections:write"] },
  });
  // Input the API refuses: 422 with the field.
  const invalid = (await pb.connect
    .start("sandbox", { mode: "telepathy" } as unknown as Parameters<typeof pb.connect.start>[1])
    .catch((e: unknown) => e)) as PatchbayError;
  expect(invalid).toMatchObject({ code: "validation_failed", status: 422 });
  await otherContext.close();

  // A wait that nobody completes ends when its signal aborts, with the signal's reason.
  const pending = await pb.connect.start("sandbox", { label: "never finished" });
  const controller = new AbortController();
  const abandoned = pb.connect.waitForConnection(pending.grant_id, {
    intervalMs: 200,
    signal: controller.signal,
  });
  expect((await pb.connect.getGrant(pending.grant_id)).status).toBe("pending");
  controller.abort();
  await expect(abandoned).rejects.toMatchObject({ name: "AbortError" });

  // Disconnect; afterwards the connection is gone for the SDK too.
  await pb.connections.delete(connectionId);
  await expect(pb.connections.get(connectionId)).rejects.toMatchObject({ code: "not_found", status: 404 });
  expect((await pb.connections.list({ provider: "sandbox" })).data).toEqual([]);
});

test("SDK, partner platform: accounts, a hosted connect session, waitForCompletion, X-Account-Id proxy, delete", async ({
  page,
  browser,
  baseURL,
}) => {
  const apiKey = await teamWithKey(page, "sdk-partner", [
    "connections:read",
    "connections:write",
    "connections:proxy",
    "accounts:read",
    "accounts:write",
  ]);
  // Partner mode is switched on by the team (PUT /api/v1/partner; not an SDK method).
  const profile = await page.request.put("/api/v1/partner", {
    data: {
      display_name: "SDK Apps",
      allowed_redirect_origins: [receiverOrigin],
      default_providers: ["sandbox"],
    },
  });
  expect(profile.status(), await profile.text()).toBe(200);
  const pb = new Patchbay({ apiKey, baseUrl: baseURL! });

  const externalId = `sdk-user-${Date.now()}`;
  const account = await pb.accounts.create({
    external_id: externalId,
    display_name: "Ada",
    metadata: { plan: "pro" },
  });
  expect(account).toMatchObject({ external_id: externalId, status: "active", connection_count: 0 });
  expect((await pb.accounts.list({ external_id: externalId })).data.map((a) => a.id)).toEqual([account.id]);
  expect((await collect(pb.accounts.iterate({ limit: 1 }))).map((a) => a.id)).toContain(account.id);
  const renamed = await pb.accounts.update(account.id, { display_name: "Ada L." });
  expect(renamed.display_name).toBe("Ada L.");
  // The same external id twice: 409 conflict.
  await expect(pb.accounts.create({ external_id: externalId })).rejects.toMatchObject({
    code: "conflict",
    status: 409,
  });

  // A hosted connect session by external id; the end-user's own browser (no Patchbay session) connects.
  const session = await pb.connectSessions.create({
    external_id: externalId,
    redirect_url: `${receiverOrigin}/connected`,
    providers: ["sandbox"],
    label: "Ada's sandbox",
  });
  expect(session.connect_url).toContain("/connect/cs1_");
  expect((await pb.connectSessions.get(session.session_id)).status).toBe("pending");
  const completion = pb.connectSessions.waitForCompletion(session.session_id, {
    intervalMs: 250,
    signal: AbortSignal.timeout(45_000),
  });
  const endUser = await browser.newContext();
  const user = await endUser.newPage();
  await user.goto(session.connect_url);
  await user.getByRole("button", { name: "Connect Sandbox" }).click();
  await consentInSandbox(user, "ada@example.test");
  await expect(user.getByRole("heading", { name: "Back at the partner" })).toBeVisible();
  expect(new URL(user.url()).searchParams.get("status")).toBe("success");
  await endUser.close();
  const done = await completion;
  expect(done).toMatchObject({ status: "connected", provider: "sandbox", account_id: account.id });
  const connectionId = done.connection_id!;

  // Acting for the account: its connections only, and the proxy by provider picks its Sandbox connection.
  const ada = pb.withAccount(externalId);
  expect((await ada.connections.list()).data.map((c) => c.id)).toEqual([connectionId]);
  const me = await ada.proxy({ provider: "sandbox" }).get("/me");
  expect(me.status).toBe(200);
  expect((await me.json<{ email: string }>()).email).toContain("ada");
  expect((await pb.proxy({ provider: "sandbox", connectionId }).get("/me")).status).toBe(200);
  // Another external id sees none of it.
  expect((await pb.withAccount("nobody-here").connections.list()).data).toEqual([]);
  await expect(pb.withAccount("nobody-here").connections.get(connectionId)).rejects.toMatchObject({
    status: 404,
  });

  // Deleting the account: 202, then its connections are revoked by a job and it goes (404).
  const deleting = await pb.accounts.delete(account.id);
  expect(deleting.status).toBe("deleting");
  await expect
    .poll(
      () =>
        pb.accounts.get(account.id).then(
          () => 200,
          (e: PatchbayError) => e.status,
        ),
      { timeout: 30_000 },
    )
    .toBe(404);
  await expect(pb.connections.get(connectionId)).rejects.toMatchObject({ code: "not_found" });
});
