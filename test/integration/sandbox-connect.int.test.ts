// The whole connect flow against the Sandbox provider (a real oidc-provider), through our route handlers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as connectionRoute from "@/app/api/v1/connections/[id]/route";
import * as grantRoute from "@/app/api/v1/connect/grants/[grantId]/route";
import { db } from "@/lib/db";
import { openCredentials } from "@/lib/connections/credentials";
import { startSandbox, stopSandbox } from "@/lib/sandbox/sandbox-issuer";
import { consentAtProvider } from "../cookie-jar";
import { hitCallback, messageOf, openBindUrl, startFlow } from "../connect-flow";
import { makeApiKey, makeOwner } from "../factories";
import { call } from "../http";

const CALLBACK = "http://localhost:3999/oauth/callback";

beforeAll(() => startSandbox());
afterAll(() => stopSandbox());

describe("Sandbox connect flow", () => {
  it("popup: start → bind → consent → callback → connected, tokens sealed, status polled", async () => {
    const owner = await makeOwner();
    const grant = await startFlow({ cookie: owner.cookie }, "sandbox", {
      mode: "popup",
      label: "Test account",
      context: { collection_id: "c-1" },
    });
    expect(grant.authorization_url).toMatch(/^http:\/\/localhost:3999\/oauth\/authorize\/grant_/);

    const pending = await call(grantRoute.GET, { cookie: owner.cookie, params: { grantId: grant.grant_id } });
    expect(pending.json).toMatchObject({ status: "pending", connection_id: null, in_progress: false });

    const bound = await openBindUrl(grant.authorization_url, owner.cookie);
    expect(bound.status).toBe(302);
    // The browser is at the provider now: a poller must not take a closed-looking popup for a cancel.
    const atProvider = await call(grantRoute.GET, { cookie: owner.cookie, params: { grantId: grant.grant_id } });
    expect(atProvider.json).toMatchObject({ status: "pending", in_progress: true });
    const providerUrl = new URL(bound.location!);
    expect(providerUrl.searchParams.get("code_challenge_method")).toBe("S256");
    expect(providerUrl.searchParams.get("state")!.length).toBeGreaterThanOrEqual(43);

    const callback = await consentAtProvider(providerUrl.toString(), "alice@example.test", CALLBACK);
    expect(callback.searchParams.get("iss")).toBeTruthy();
    const page = await hitCallback(callback, bound.cookie);
    expect(page.status, JSON.stringify(messageOf(page.text))).toBe(200);
    const msg = messageOf(page.text)!;
    expect(msg).toMatchObject({ status: "connected", grant_id: grant.grant_id });

    const done = await call(grantRoute.GET, { cookie: owner.cookie, params: { grantId: grant.grant_id } });
    expect(done.json).toMatchObject({ status: "connected", connection_id: msg.connection_id, in_progress: false });

    const conn = await call(connectionRoute.GET, {
      cookie: owner.cookie,
      params: { id: msg.connection_id! },
    });
    expect(conn.json).toMatchObject({
      provider: "sandbox",
      status: "connected",
      label: "Test account",
      owner: { type: "user", user_id: owner.userId },
      context: { collection_id: "c-1" },
    });

    // ciphertext columns are never selected unless a query names them
    expect(await db.connection.findUniqueOrThrow({ where: { id: msg.connection_id! } })).not.toHaveProperty(
      "credentialsSealed",
    );
    const row = await db.connection.findUniqueOrThrow({
      where: { id: msg.connection_id! },
      omit: { credentialsSealed: false },
    });
    expect(row.credentialsSealed).toMatch(/^pbv1\./);
    const creds = openCredentials(row.id, row.credentialsSealed!);
    expect(creds).toMatchObject({
      type: "oauth2",
      access_token: expect.any(String) as string,
      refresh_token: expect.any(String) as string,
    });
    if (creds.type !== "oauth2") throw new Error("expected oauth2 credentials");
    expect(row.credentialsSealed).not.toContain(creds.access_token);
    for (const secret of [creds.access_token, creds.refresh_token!]) {
      expect(conn.text).not.toContain(secret);
      expect(page.text).not.toContain(secret);
    }
    // the id_token's claims (received straight from the token endpoint) name the account
    expect(conn.json.account).toMatchObject({ id: "alice@example.test" });
  });

  it("API mode with a key: shared connection, grant polled to connected", async () => {
    const owner = await makeOwner();
    const key = await makeApiKey(owner, ["connections:read", "connections:write"]);
    const grant = await startFlow({ bearer: key.key }, "sandbox", { context: { space_id: "s-9" } });
    const bound = await openBindUrl(grant.authorization_url); // a fresh browser, no Patchbay session
    expect(bound.status).toBe(302);
    const callback = await consentAtProvider(bound.location!, "bob@example.test", CALLBACK);
    const page = await hitCallback(callback, bound.cookie);
    expect(messageOf(page.text)?.status).toBe("connected");
    const status = await call(grantRoute.GET, { bearer: key.key, params: { grantId: grant.grant_id } });
    expect(status.json).toMatchObject({ status: "connected" });
    const conn = await call(connectionRoute.GET, {
      bearer: key.key,
      params: { id: status.json.connection_id as string },
    });
    expect(conn.json).toMatchObject({
      owner: { type: "shared", user_id: null },
      context: { space_id: "s-9" },
    });
  });
});
