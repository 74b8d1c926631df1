// Attacks on the connect flow, each against the real engine and the Sandbox provider (a real oidc-provider):
// every one must end in the precise refusal, leave the grant in the right state, and create no connection.
import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as startRoute from "@/app/api/v1/connect/[provider]/route";
import * as authorizeRoute from "@/app/api/v1/connect/[provider]/authorize/route";
import * as grantRoute from "@/app/api/v1/connect/grants/[grantId]/route";
import { db } from "@/lib/db";
import { startOAuthServer, type OAuthServer } from "@/e2e/fixtures/oauth-test-server";
import { startSandbox, stopSandbox } from "@/lib/sandbox/sandbox-issuer";
import { updateTeam } from "@/lib/tenancy/update-team";
import { aadFor, seal } from "@/lib/vault/vault";
import { consentAtProvider } from "../cookie-jar";
import { hitCallback, messageOf, openBindUrl, startFlow } from "../connect-flow";
import { makeApiKey, makeMember, makeOwner, sessionCookie, type TTestUser } from "../factories";
import { call } from "../http";

const CALLBACK = "http://localhost:3999/oauth/callback";

beforeAll(() => startSandbox(startOAuthServer));
afterAll(() => stopSandbox());

/** The running Sandbox server (startSandbox keeps it on globalThis), for its event log and outage switch. */
function sandbox(): OAuthServer {
  const server = (globalThis as { __patchbaySandbox?: OAuthServer }).__patchbaySandbox;
  if (!server) throw new Error("the sandbox is not running");
  return server;
}
const codeExchanges = () => sandbox().tokenCount("authorization_code");
const connectionCount = (teamId: string) => db.connection.count({ where: { teamId } });

const statusOf = async (user: { cookie: string }, grantId: string) =>
  (await call(grantRoute.GET, { cookie: user.cookie, params: { grantId } })).json;

/** Start (popup, from the dashboard) → bind in the owner's browser → consent; stops before our callback. */
async function reachCallback(owner: TTestUser, body: Record<string, unknown> = { mode: "popup" }) {
  const grant = await startFlow({ cookie: owner.cookie }, "sandbox", body);
  const bound = await openBindUrl(grant.authorization_url, owner.cookie);
  expect(bound.status).toBe(302);
  const callback = await consentAtProvider(bound.location!, "alice@example.test", CALLBACK);
  return { grant, bound, callback };
}

/** Start and bind only: the state the provider would echo back, without going there. */
async function bindOnly(owner: TTestUser, body: Record<string, unknown> = { mode: "popup" }) {
  const grant = await startFlow({ cookie: owner.cookie }, "sandbox", body);
  const bound = await openBindUrl(grant.authorization_url, owner.cookie);
  expect(bound.status).toBe(302);
  return { grant, bound, state: new URL(bound.location!).searchParams.get("state")! };
}

function failedWith(page: { status: number; text: string }, code: string) {
  expect(page.status, page.text.slice(0, 200)).toBe(400);
  const msg = messageOf(page.text);
  expect(msg).toMatchObject({ status: "failed", connection_id: null, error: { code } });
  return msg!;
}

describe("OAuth connect flow under attack", () => {
  it("1. a replayed callback (same state, same browser) is refused: state_already_used, one connection", async () => {
    const owner = await makeOwner();
    const { grant, bound, callback } = await reachCallback(owner);
    const first = messageOf((await hitCallback(callback, bound.cookie)).text);
    expect(first).toMatchObject({ status: "connected", grant_id: grant.grant_id });
    const exchanges = codeExchanges();

    const replay = await hitCallback(callback, bound.cookie);
    expect(failedWith(replay, "state_already_used").grant_id).toBe(grant.grant_id);

    expect(codeExchanges()).toBe(exchanges); // the code never went back to the provider
    expect(await connectionCount(owner.teamId)).toBe(1);
    expect(await statusOf(owner, grant.grant_id)).toMatchObject({
      status: "connected",
      connection_id: first!.connection_id,
      error: null,
    });
  });

  it("2a. a callback replayed in another browser is refused (session_mismatch) and does not consume the grant", async () => {
    const owner = await makeOwner();
    const attacker = await makeOwner();
    const { grant, bound, callback } = await reachCallback(owner);
    // The attacker's browser has a bound grant of its own, so it carries a pb_ob_ cookie, just not this one.
    const own = await bindOnly(attacker);
    const exchanges = codeExchanges();

    for (const browser of ["", `pb_ob_${grant.grant_id}=forged-browser-token`, own.bound.cookie]) {
      const page = await hitCallback(callback, browser);
      // Says nothing about the grant it matched.
      expect(failedWith(page, "session_mismatch").grant_id).toBeNull();
      expect(page.text).not.toContain(grant.grant_id);
    }
    expect(codeExchanges()).toBe(exchanges);
    expect(await connectionCount(owner.teamId)).toBe(0);
    expect(await connectionCount(attacker.teamId)).toBe(0);
    expect(await statusOf(owner, grant.grant_id)).toMatchObject({ status: "pending", connection_id: null });

    // Browser A can still finish its own flow.
    const page = await hitCallback(callback, bound.cookie);
    expect(messageOf(page.text)).toMatchObject({ status: "connected", grant_id: grant.grant_id });
    expect(await connectionCount(owner.teamId)).toBe(1);
    expect(await statusOf(owner, grant.grant_id)).toMatchObject({ status: "connected" });
  });

  it("2b. a dashboard grant's bind link works only in the session that started it, and only once", async () => {
    const owner = await makeOwner();
    const teammate = await makeMember(owner.teamId, "admin");
    const grant = await startFlow({ cookie: owner.cookie }, "sandbox", { mode: "popup" });

    const strangers = ["", teammate.cookie, await sessionCookie(owner.userId, owner.teamId)]; // last: same user, new session
    for (const browser of strangers) {
      const refused = await openBindUrl(grant.authorization_url, browser);
      expect(refused.status).toBe(403);
      expect(refused.location).toBeNull();
      expect(refused.cookie).not.toContain("pb_ob_");
      expect(messageOf(refused.text)).toMatchObject({ status: "failed", error: { code: "forbidden" } });
      expect(refused.text).toContain("started in another browser session");
    }

    const badToken = new URL(grant.authorization_url);
    badToken.searchParams.set("t", crypto.randomBytes(32).toString("base64url"));
    const unknown = await openBindUrl(badToken.toString(), owner.cookie);
    expect(unknown.status).toBe(404);
    expect(messageOf(unknown.text)?.error?.code).toBe("not_found");

    // The refusals did not use the link up; the starting session binds it, once.
    const bound = await openBindUrl(grant.authorization_url, owner.cookie);
    expect(bound.status).toBe(302);
    const again = await openBindUrl(grant.authorization_url, owner.cookie);
    expect(again.status).toBe(410);
    expect(again.location).toBeNull();
    expect(messageOf(again.text)?.error?.code).toBe("gone");

    // An API-started grant has no session to match, but its link is still single-use.
    const key = await makeApiKey(owner, ["connections:read", "connections:write"]);
    const apiGrant = await startFlow({ bearer: key.key }, "sandbox");
    expect((await openBindUrl(apiGrant.authorization_url)).status).toBe(302);
    expect((await openBindUrl(apiGrant.authorization_url, teammate.cookie)).status).toBe(410);

    expect(await connectionCount(owner.teamId)).toBe(0);
    expect(await statusOf(owner, grant.grant_id)).toMatchObject({ status: "pending" });
  });

  it("3. a callback after the grant expired is refused (expired_state) and the grant reads expired", async () => {
    const owner = await makeOwner();
    const { grant, bound, callback } = await reachCallback(owner);
    await db.oAuthGrant.update({
      where: { id: grant.grant_id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const exchanges = codeExchanges();

    const page = await hitCallback(callback, bound.cookie);
    expect(failedWith(page, "expired_state").grant_id).toBe(grant.grant_id);
    expect(codeExchanges()).toBe(exchanges);
    expect(await connectionCount(owner.teamId)).toBe(0);
    expect(await statusOf(owner, grant.grant_id)).toMatchObject({
      status: "expired",
      connection_id: null,
      error: { code: "expired" },
    });
    expect(await db.oAuthGrant.findUniqueOrThrow({ where: { id: grant.grant_id } })).toMatchObject({
      status: "expired",
    });

    // An expired link cannot be bound either.
    const late = await startFlow({ cookie: owner.cookie }, "sandbox", { mode: "popup" });
    await db.oAuthGrant.update({
      where: { id: late.grant_id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const gone = await openBindUrl(late.authorization_url, owner.cookie);
    expect(gone.status).toBe(410);
    expect(gone.location).toBeNull();
  });

  it("4. a tampered or missing state is refused (invalid_state) and the grant stays untouched", async () => {
    const owner = await makeOwner();
    const { grant, bound, callback } = await reachCallback(owner);
    const state = callback.searchParams.get("state")!;
    const exchanges = codeExchanges();

    const tampered = new URL(callback);
    tampered.searchParams.set("state", (state.startsWith("A") ? "B" : "A") + state.slice(1));
    const missing = new URL(callback);
    missing.searchParams.delete("state");
    const oversized = new URL(callback);
    oversized.searchParams.set("state", state.repeat(5));

    for (const url of [tampered, missing, oversized]) {
      const page = await hitCallback(url, bound.cookie);
      expect(failedWith(page, "invalid_state").grant_id).toBeNull();
    }
    expect(codeExchanges()).toBe(exchanges);
    expect(await connectionCount(owner.teamId)).toBe(0);
    expect(await statusOf(owner, grant.grant_id)).toMatchObject({ status: "pending", error: null });
  });

  it("5. a code exchanged with the wrong PKCE verifier is refused by the provider: invalid_grant", async () => {
    const owner = await makeOwner();
    const { grant, bound, callback } = await reachCallback(owner);
    // As if the code had been injected into a flow whose challenge it was not issued for.
    const otherVerifier = crypto.randomBytes(32).toString("base64url");
    await db.oAuthGrant.update({
      where: { id: grant.grant_id },
      data: { codeVerifierSealed: seal(otherVerifier, aadFor("OAuthGrant", grant.grant_id, "codeVerifier")) },
    });

    const page = await hitCallback(callback, bound.cookie);
    expect(failedWith(page, "invalid_grant").grant_id).toBe(grant.grant_id);
    expect(sandbox().events.at(-1)).toMatchObject({
      type: "token",
      grantType: "authorization_code",
      ok: false,
      error: "invalid_grant",
    });
    expect(await connectionCount(owner.teamId)).toBe(0);
    expect(await statusOf(owner, grant.grant_id)).toMatchObject({
      status: "failed",
      connection_id: null,
      error: { code: "invalid_grant" },
    });
  });

  it("6. a callback whose iss is altered or missing is refused (issuer_mismatch) before any exchange", async () => {
    const tampers: [string, (q: URLSearchParams) => void][] = [
      ["altered", (q) => q.set("iss", "https://evil.example")],
      ["lookalike", (q) => q.set("iss", `${q.get("iss")}/`)],
      ["missing", (q) => q.delete("iss")],
    ];
    for (const [name, tamper] of tampers) {
      const owner = await makeOwner();
      const { grant, bound, callback } = await reachCallback(owner);
      expect(callback.searchParams.get("iss")).toBe(sandbox().issuer);
      tamper(callback.searchParams);
      const exchanges = codeExchanges();

      const page = await hitCallback(callback, bound.cookie);
      expect(failedWith(page, "issuer_mismatch").grant_id, name).toBe(grant.grant_id);
      expect(codeExchanges(), name).toBe(exchanges);
      expect(await connectionCount(owner.teamId), name).toBe(0);
      expect(await statusOf(owner, grant.grant_id), name).toMatchObject({
        status: "failed",
        error: { code: "issuer_mismatch" },
      });
    }
  });

  it("7. return_to must be on an allowed origin; redirect mode then returns there with the outcome", async () => {
    const owner = await makeOwner();
    const evil = "https://evil.example/cb?keep=1";
    const start = (return_to: string) =>
      call(startRoute.POST, {
        method: "POST",
        cookie: owner.cookie,
        params: { provider: "sandbox" },
        body: { mode: "redirect", return_to },
      });
    // GET /connect/{provider}/authorize takes API keys only (oauth-mixup.int.test.ts, finding 6).
    const key = (await makeApiKey(owner, ["connections:write"])).key;
    const viaGet = (return_to: string) =>
      call(authorizeRoute.GET, {
        bearer: key,
        params: { provider: "sandbox" },
        path: `/api/v1/connect/sandbox/authorize?return_to=${encodeURIComponent(return_to)}`,
      });

    // Foreign origins, including ones that only look like Patchbay's own, and a script URL (origin "null").
    const foreign = [
      evil,
      "http://localhost:3999@evil.example/cb",
      "http://localhost.evil.example:3999/",
      "javascript:alert(1)//",
    ];
    for (const returnTo of foreign) {
      for (const [res, path] of [
        [await start(returnTo), "body.return_to"],
        [await viaGet(returnTo), expect.stringMatching(/\.return_to$/) as string],
      ] as const) {
        expect(res.status, returnTo).toBe(422);
        expect(res.headers.get("location")).toBeNull();
        expect(res.json.error).toMatchObject({
          code: "validation_failed",
          details: { issues: [expect.objectContaining({ path })] },
        });
      }
    }
    expect(await db.oAuthGrant.count({ where: { teamId: owner.teamId } })).toBe(0);

    await updateTeam(owner.ctx, { allowed_origins: ["https://evil.example"] });
    expect((await viaGet(evil)).status).toBe(302);
    expect((await start(evil)).status).toBe(201);

    // Success: back to return_to (its own query kept) with the connection.
    const ok = await reachCallback(owner, { mode: "redirect", return_to: evil });
    const done = await hitCallback(ok.callback, ok.bound.cookie);
    expect(done.status).toBe(302);
    const back = new URL(done.location!);
    expect(back.origin + back.pathname).toBe("https://evil.example/cb");
    const connection = await db.connection.findFirstOrThrow({ where: { teamId: owner.teamId } });
    expect(Object.fromEntries(back.searchParams)).toEqual({
      keep: "1",
      status: "success",
      grant_id: ok.grant.grant_id,
      provider: "sandbox",
      connection_id: connection.id,
    });

    // Failure: back to return_to with the error code, no connection.
    const denied = await bindOnly(owner, { mode: "redirect", return_to: evil });
    const url = new URL(CALLBACK);
    url.searchParams.set("error", "access_denied");
    url.searchParams.set("state", denied.state);
    url.searchParams.set("iss", sandbox().issuer);
    const failed = await hitCallback(url, denied.bound.cookie);
    expect(failed.status).toBe(302);
    const error = new URL(failed.location!);
    expect(error.origin + error.pathname).toBe("https://evil.example/cb");
    expect(error.searchParams.get("status")).toBe("error");
    expect(error.searchParams.get("error")).toBe("access_denied");
    expect(error.searchParams.get("connection_id")).toBeNull();

    expect(await connectionCount(owner.teamId)).toBe(1);
    expect(await statusOf(owner, denied.grant.grant_id)).toMatchObject({
      status: "failed",
      error: { code: "access_denied" },
    });
  });

  it("8. a provider error fails the grant and its description is shown escaped", async () => {
    const owner = await makeOwner();
    const { grant, bound, state } = await bindOnly(owner);
    const description = `User denied <script>alert("pwned")</script>`;
    const url = new URL(CALLBACK);
    url.searchParams.set("error", "access_denied");
    url.searchParams.set("error_description", description);
    url.searchParams.set("state", state);
    url.searchParams.set("iss", sandbox().issuer);
    const exchanges = codeExchanges();

    const page = await hitCallback(url, bound.cookie);
    expect(failedWith(page, "access_denied")).toMatchObject({
      grant_id: grant.grant_id,
      error: { description },
    });
    expect(page.text).toContain("User denied &#60;script&#62;alert(&#34;pwned&#34;)&#60;/script&#62;");
    expect(page.text).not.toContain("<script>alert");
    // Only the page's own script tag, in the body text and in the postMessage payload alike.
    expect(page.text.match(/<script/gi)).toHaveLength(1);
    expect(page.text.match(/<\/script/gi)).toHaveLength(1);

    expect(codeExchanges()).toBe(exchanges);
    expect(await connectionCount(owner.teamId)).toBe(0);
    expect(await statusOf(owner, grant.grant_id)).toMatchObject({
      status: "failed",
      connection_id: null,
      error: { code: "access_denied", description },
    });
  });

  it("9. an unknown provider is 404; an OAuth provider without an app is 409", async () => {
    const owner = await makeOwner();
    const start = (provider: string) =>
      call(startRoute.POST, { method: "POST", cookie: owner.cookie, params: { provider }, body: {} });

    const unknown = await start("no-such-provider");
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: { code: "not_found", message: expect.any(String) as string } });

    const unconfigured = await start("github");
    expect(unconfigured.status).toBe(409);
    expect(unconfigured.json.error).toMatchObject({
      code: "conflict",
      message: "GitHub is not configured: an admin must add its OAuth client id and secret first.",
    });

    expect(await db.oAuthGrant.count({ where: { teamId: owner.teamId } })).toBe(0);
    expect(await connectionCount(owner.teamId)).toBe(0);
  });

  it("10a. a token endpoint answering 500 fails the grant with server_error", async () => {
    const owner = await makeOwner();
    const { grant, bound, callback } = await reachCallback(owner);
    let page;
    sandbox().failTokenEndpoint("500");
    try {
      page = await hitCallback(callback, bound.cookie);
    } finally {
      sandbox().failTokenEndpoint("none");
    }
    expect(failedWith(page, "server_error")).toMatchObject({
      grant_id: grant.grant_id,
      error: { description: "simulated provider outage" },
    });
    expect(sandbox().events.at(-1)).toMatchObject({ type: "token", ok: false, error: "server_error" });
    expect(await connectionCount(owner.teamId)).toBe(0);
    expect(await statusOf(owner, grant.grant_id)).toMatchObject({
      status: "failed",
      error: { code: "server_error" },
    });
  });

  it("10b. a token endpoint that never answers fails the grant with timeout", async () => {
    const owner = await makeOwner();
    const { grant, bound, callback } = await reachCallback(owner);
    let page;
    process.env.PATCHBAY_TOKEN_TIMEOUT_MS = "500";
    sandbox().failTokenEndpoint("hang");
    try {
      page = await hitCallback(callback, bound.cookie);
    } finally {
      sandbox().failTokenEndpoint("none");
      delete process.env.PATCHBAY_TOKEN_TIMEOUT_MS;
    }
    expect(failedWith(page, "timeout")).toMatchObject({
      grant_id: grant.grant_id,
      error: { description: "Sandbox's token endpoint did not answer in time." },
    });
    expect(await connectionCount(owner.teamId)).toBe(0);
    expect(await statusOf(owner, grant.grant_id)).toMatchObject({
      status: "failed",
      error: { code: "timeout" },
    });
  });

  it("11. another team's grant, or another member's, is not found", async () => {
    const owner = await makeOwner();
    const alice = await makeMember(owner.teamId, "member");
    const bob = await makeMember(owner.teamId, "member");
    const outsider = await makeOwner();
    const outsiderKey = await makeApiKey(outsider, ["connections:read"]);
    const grant = await startFlow({ cookie: alice.cookie }, "sandbox", { mode: "popup" });

    const poll = (auth: { cookie?: string; bearer?: string }, grantId = grant.grant_id) =>
      call(grantRoute.GET, { ...auth, params: { grantId } });
    expect((await poll({ cookie: alice.cookie })).json).toMatchObject({ status: "pending" });
    expect((await poll({ cookie: owner.cookie })).json).toMatchObject({ status: "pending" });

    const nonexistent = await poll({ cookie: owner.cookie }, "grant_doesnotexist0000000");
    expect(nonexistent.status).toBe(404);
    for (const auth of [{ cookie: bob.cookie }, { cookie: outsider.cookie }, { bearer: outsiderKey.key }]) {
      const res = await poll(auth);
      expect(res.status).toBe(404);
      // Indistinguishable from a grant that does not exist.
      expect(res.json).toEqual(nonexistent.json);
    }
    expect(await connectionCount(owner.teamId)).toBe(0);
  });
});
