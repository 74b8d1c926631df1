// The partner's <ConnectButton> (@patchbay/react) on the server side: a hosted page opened in the partner's popup
// and the public status endpoint the button polls when the popup's opener is cut (COOP). What must hold:
//  1. GET /api/v1/connect-sessions/status answers by the token in X-Connect-Session-Token: pending, then connected
//     with the connection id; only the outcome (no account, external id, redirect URL); readable cross-origin by
//     the session's redirect origin only (Access-Control-Allow-Origin is that origin, never *);
//  2. no token → 400; a malformed or unknown token → the same 404 (and no CORS header); the preflight allows the
//     one header and GET only;
//  3. a hosted grant started in popup mode ends on the callback page, whose message goes to the session's redirect
//     origin (allow-listed by the partner) — never "*", and not Patchbay's own origin; redirect mode still
//     redirects.
import { afterEach, describe, expect, it } from "vitest";
import * as accountConnectRoute from "@/app/api/v1/accounts/[id]/connect/route";
import * as statusRoute from "@/app/api/v1/connect-sessions/status/route";
import type { OAuthServer } from "@/e2e/fixtures/oauth-test-server";
import { startHostedOAuth } from "@/lib/connect-sessions/hosted";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { consentAtProvider } from "../cookie-jar";
import { hitCallback, messageOf, openBindUrl } from "../connect-flow";
import { makeApiKey, type TTestUser } from "../factories";
import { call } from "../http";
import { TEAM_OAUTH_CALLBACK, teamWithOwnOAuthServer } from "../oauth-team";

const RECEIVER = "https://partner.example/connected";
const BROWSER = "browser-secret-value-0123456789";

let servers: OAuthServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function partner(owner: TTestUser) {
  await db.partnerProfile.create({
    data: {
      teamId: owner.teamId,
      displayName: "Acme Apps",
      allowedRedirectOrigins: ["https://partner.example"],
      defaultProviders: ["sandbox"],
      enabled: true,
    },
  });
  const account = await db.connectedAccount.create({
    data: { id: `acct_${Math.random().toString(36).slice(2, 14)}`, teamId: owner.teamId, externalId: "u-1" },
  });
  const { key } = await makeApiKey(owner, ["connections:read", "connections:write"]);
  return { key, accountId: account.id };
}

async function oauthSession() {
  const { owner } = await teamWithOwnOAuthServer({
    client: { id: "patchbay-cs-popup", secret: "connect-session-popup-secret-0123" },
    ttlSeconds: 3600,
    track: (s) => servers.push(s),
  });
  const p = await partner(owner);
  const res = await call(accountConnectRoute.POST, {
    method: "POST",
    bearer: p.key,
    params: { id: p.accountId },
    body: { redirect_url: RECEIVER, providers: ["sandbox"] },
  });
  expect(res.status, res.text).toBe(201);
  const connectUrl = (res.json as { connect_url: string }).connect_url;
  return { token: new URL(connectUrl).pathname.split("/").pop()!, accountId: p.accountId };
}

const status = (token?: string) =>
  call(statusRoute.GET, {
    path: "/api/v1/connect-sessions/status",
    headers:
      token === undefined ? {} : { "x-connect-session-token": token, origin: "https://partner.example" },
  });

async function hosted(token: string, popup: boolean) {
  const grant = await startHostedOAuth(token, "sandbox", BROWSER, popup);
  const bound = await openBindUrl(grant.authorization_url, `pb_cb=${BROWSER}`);
  expect(bound.status, bound.text).toBe(302);
  const cb = await consentAtProvider(bound.location!, "alice", TEAM_OAUTH_CALLBACK);
  return hitCallback(cb, bound.cookie);
}

/** The origin the callback page's script posts to (the data attribute the static script reads). */
const targetOriginOf = (html: string) => {
  const m = /data-message="([^"]*)"/.exec(html);
  const data = JSON.parse(m![1]!.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))) as {
    origin: string;
  };
  return data.origin;
};

describe("connect session status and popup mode", () => {
  it("1+3. popup mode: pending → callback page posting to the partner's origin → status says connected", async () => {
    const s = await oauthSession();
    const before = await status(s.token);
    expect(before.status).toBe(200);
    expect(before.json).toMatchObject({
      status: "pending",
      connection_id: null,
      provider: null,
      error: null,
      in_progress: false,
    });
    expect(before.headers.get("access-control-allow-origin")).toBe("https://partner.example");

    const done = await hosted(s.token, true);
    expect(done.status).toBe(200); // the callback page, not a redirect
    expect(targetOriginOf(done.text)).toBe("https://partner.example");
    const msg = messageOf(done.text)!;
    expect(msg).toMatchObject({ status: "connected" });
    expect(msg.connection_id).toMatch(/^conn_/);

    const after = await status(s.token);
    expect(after.json).toMatchObject({
      status: "connected",
      provider: "sandbox",
      connection_id: msg.connection_id,
    });
    expect(Object.keys(after.json).sort()).toEqual([
      "connection_id",
      "error",
      "expires_at",
      "in_progress",
      "provider",
      "status",
    ]);
    expect(after.json).toMatchObject({ in_progress: false });
    expect(after.text).not.toContain(s.accountId);
    expect(after.text).not.toContain("partner.example");
    const conn = await db.connection.findUniqueOrThrow({ where: { id: msg.connection_id! } });
    expect(conn).toMatchObject({ ownerKind: "account", accountId: s.accountId });
  });

  it("3b. redirect mode (no popup) still sends the browser to the redirect URL", async () => {
    const s = await oauthSession();
    const done = await hosted(s.token, false);
    expect(done.status).toBe(302);
    expect(new URL(done.location!).origin).toBe("https://partner.example");
    expect((await status(s.token)).json).toMatchObject({ status: "connected" });
  });

  it("2. no token → 400; malformed and unknown tokens → the same 404, without CORS; the preflight", async () => {
    const none = await status();
    expect(none.status).toBe(400);
    expect(none.json.error?.code).toBe("bad_request");
    const malformed = await status("nonsense");
    const unknown = await status(`cs1_${"A".repeat(43)}`);
    for (const r of [malformed, unknown]) {
      expect(r.status).toBe(404);
      expect(r.json).toEqual({ error: { code: "not_found", message: "This connect link is not valid." } });
      expect(r.headers.get("access-control-allow-origin")).toBeNull();
    }
    const pre = await statusRoute.OPTIONS(
      new Request("http://localhost:3999/api/v1/connect-sessions/status", { method: "OPTIONS" }),
    );
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-methods")).toBe("GET");
    expect(pre.headers.get("access-control-allow-headers")).toBe("x-connect-session-token");
    expect(env().appOrigin).not.toBe("https://partner.example");
  });
});
