// The rest of the catalog's signing providers, end to end through the route handlers. Each fake sender
// (e2e/fixtures/fake-providers/webhook-senders.ts) signs with the provider's documented algorithm, independently
// of lib/webhooks/verify-signature.ts. For each: a valid delivery is accepted and routed to the right connection;
// a forged signature, a body changed after signing, a stale timestamp (where one is signed) and a missing secret
// are rejected with the reason; a duplicate is stored once; the provider's handshake is answered — and an
// unsigned or wrongly keyed handshake is not.
import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import * as appRoute from "@/app/api/v1/webhooks/[provider]/route";
import * as sourceRoute from "@/app/api/v1/webhooks/[provider]/[source]/route";
import * as pendingTokenRoute from "@/app/api/v1/providers/[slug]/webhooks/pending-token/route";
import * as providerWebhooksRoute from "@/app/api/v1/providers/[slug]/webhooks/route";
import {
  discordDelivery,
  discordKeyPair,
  jiraDelivery,
  linkedinChallengeResponse,
  linkedinDelivery,
  metaDelivery,
  notionDelivery,
  notionVerification,
  sanityDelivery,
  vercelDelivery,
  webflowDelivery,
  xCrcResponse,
  xDelivery,
  type TDelivery,
} from "@/e2e/fixtures/fake-providers/webhook-senders";
import { createConnection } from "@/lib/connections/create-connection";
import { db } from "@/lib/db";
import { configureOAuthApp } from "@/lib/providers/configure-app";
import { addInboundSecret, getInboundConfig } from "@/lib/webhooks/inbound-config";
import { forgetCachedSources } from "@/lib/webhooks/source-secrets";
import { syncConnectionWebhooks } from "@/lib/webhooks/sync-connection";
import { defaultBrandId, makeApiKey, makeOwner, type TTestUser } from "../factories";
import { call } from "../http";

const rand = () => crypto.randomBytes(6).toString("hex");

async function connect(
  owner: TTestUser,
  providerSlug: string,
  f: { authMode?: string; account?: object; metadata?: object } = {},
) {
  const authMode = f.authMode ?? "oauth2";
  const row = await createConnection(
    {
      teamId: owner.teamId,
      brandId: await defaultBrandId(owner.teamId),
      ownerKind: "shared",
      ownerUserId: null,
      providerSlug,
      authMode,
      label: null,
      accountIdentity: f.account ?? {},
      params: {},
      metadata: f.metadata ?? {},
      context: {},
      scopes: [],
      tokenExpiresAt: null,
      refreshTokenExpiresAt: null,
      credentials:
        authMode === "api_key"
          ? { type: "api_key", api_key: `key_${rand()}` }
          : { type: "oauth2", access_token: `at_${rand()}`, extra: {} },
    },
    "test",
  );
  await syncConnectionWebhooks(owner.teamId, row.id).catch(() => undefined);
  return row.id;
}

const sourcePath = (provider: string, source: string) => `/api/v1/webhooks/${provider}/${source}`;

function post(provider: string, source: string, d: TDelivery) {
  return call(sourceRoute.POST, {
    method: "POST",
    path: sourcePath(provider, source),
    params: { provider, source },
    rawBody: d.body,
    headers: d.headers,
  });
}

function get(provider: string, source: string, query: Record<string, string>) {
  return call(sourceRoute.GET, {
    method: "GET",
    path: `${sourcePath(provider, source)}?${new URLSearchParams(query).toString()}`,
    params: { provider, source },
  });
}

async function teamEndpoint(owner: TTestUser, provider: string, secret?: string) {
  const cfg = secret
    ? await addInboundSecret(owner.ctx, provider, { level: "team", secret })
    : await getInboundConfig(owner.ctx, provider);
  return new URL(cfg.url!).pathname.split("/").pop()!;
}

async function clientSecretApp(owner: TTestUser, provider: string) {
  const secret = `cs_${rand()}`;
  await configureOAuthApp(owner.ctx, provider, {
    level: "team",
    client_id: "cid",
    client_secret: secret,
    settings: {},
  });
  // The intake caches an endpoint's secrets for 5 s (source-secrets.ts); a new app secret is seen after that.
  forgetCachedSources();
  return secret;
}

const eventsOf = (connectionId: string) => db.inboundWebhookEvent.findMany({ where: { connectionId } });
const reasonOf = (r: { json: { error?: { details?: unknown } } }) =>
  (r.json.error?.details as { reason?: string } | undefined)?.reason;
/** Prefixes the first string value with "X": the same shape, other bytes. */
const alter = (d: TDelivery): TDelivery => {
  const body = d.body.replace(/"(\w+)":"/, '"$1":"X');
  expect(body).not.toBe(d.body);
  return { ...d, body };
};

type TCase = {
  provider: string;
  authMode?: string;
  /** The app's client secret signs (configured as the team's OAuth app), else a stored webhook secret. */
  clientSecret?: boolean;
  make: (secret: string, at?: number) => TDelivery;
  staleMs?: number;
  eventType: string;
};

const CASES: TCase[] = [
  {
    provider: "webflow",
    clientSecret: true,
    make: (s, at) => webflowDelivery({ secret: s, at }),
    staleMs: 301_000,
    eventType: "form_submission",
  },
  {
    provider: "sanity",
    authMode: "api_key",
    make: (s, at) => sanityDelivery({ secret: s, at }),
    staleMs: 301_000,
    eventType: "post",
  },
  {
    provider: "vercel",
    authMode: "api_key",
    make: (s) => vercelDelivery({ secret: s }),
    eventType: "deployment.succeeded",
  },
  { provider: "meta-ads", clientSecret: true, make: (s) => metaDelivery({ secret: s }), eventType: "page" },
  { provider: "jira", make: (s) => jiraDelivery({ secret: s }), eventType: "jira:issue_created" },
  {
    provider: "linkedin",
    clientSecret: true,
    make: (s) => linkedinDelivery({ secret: s }),
    eventType: "ORGANIZATION_SOCIAL_ACTION_NOTIFICATIONS",
  },
];

describe("signing providers: valid routed, forged / altered / stale / unconfigured rejected, duplicates dropped", () => {
  for (const c of CASES) {
    it(`${c.provider}`, async () => {
      const owner = await makeOwner();
      let secret: string;
      let source: string;
      if (c.clientSecret) {
        // Before the app exists there is no secret at all: fail closed, and the answer says why.
        source = await teamEndpoint(owner, c.provider);
        const bare = await post(c.provider, source, c.make("anything"));
        expect(bare.status).toBe(401);
        expect(reasonOf(bare)).toBe("no_secret");
        secret = await clientSecretApp(owner, c.provider);
      } else {
        source = await teamEndpoint(owner, c.provider);
        const bare = await post(c.provider, source, c.make("anything"));
        expect(bare.status).toBe(401);
        expect(reasonOf(bare)).toBe("no_secret");
        secret = `whsec_${rand()}`;
        await addInboundSecret(owner.ctx, c.provider, { level: "team", secret });
      }
      const conn = await connect(owner, c.provider, { authMode: c.authMode });
      const other = await makeOwner();
      const otherConn = await connect(other, c.provider, { authMode: c.authMode });

      const d = c.make(secret);
      const ok = await post(c.provider, source, d);
      expect(ok.status, ok.text).toBe(200);
      expect(ok.json).toMatchObject({ status: "accepted", stored: 1 });
      const rows = await eventsOf(conn);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({
        providerSlug: c.provider,
        eventType: c.eventType,
        teamId: owner.teamId,
      });
      expect(await eventsOf(otherConn)).toHaveLength(0); // another team's connection is never reached

      expect((await post(c.provider, source, d)).json).toMatchObject({ status: "duplicate" });

      const forged = await post(c.provider, source, c.make(`not-${secret}`));
      expect(forged.status).toBe(401);
      expect(reasonOf(forged)).toBe("bad_signature");

      const altered = await post(c.provider, source, alter(d));
      expect(altered.status).toBe(401);
      expect(reasonOf(altered)).toBe("bad_signature");

      if (c.staleMs) {
        const stale = await post(c.provider, source, c.make(secret, Date.now() - c.staleMs));
        expect(reasonOf(stale)).toBe("stale_timestamp");
      }
      const withoutSig = { ...d, headers: { "content-type": "application/json" } };
      expect(reasonOf(await post(c.provider, source, withoutSig))).toBe("missing_signature");
      expect(await eventsOf(conn)).toHaveLength(1);
    });
  }
});

describe("Notion: the unsigned verification token is parked, revealed once, then signs", () => {
  it("parks the token sealed, trusts it only when an admin reveals it, then routes by workspace", async () => {
    const owner = await makeOwner();
    const source = await teamEndpoint(owner, "notion");
    const workspace = crypto.randomUUID();
    const conn = await connect(owner, "notion", { metadata: { workspace_id: workspace } });
    const otherWorkspace = await connect(owner, "notion", {
      metadata: { workspace_id: crypto.randomUUID() },
    });
    const token = `secret_${crypto.randomBytes(20).toString("base64url")}`;

    const parked = await post("notion", source, notionVerification(token));
    expect(parked.status, parked.text).toBe(200);
    expect(parked.json).toMatchObject({ status: "token_parked" });
    expect(parked.text).not.toContain(token);
    const row = await db.inboundWebhookSource.findUniqueOrThrow({
      where: { id: source },
      omit: { pendingTokenSealed: false },
    });
    expect(row.pendingTokenSealed).toMatch(/^pbv1\./); // sealed, never the plaintext
    expect(row.pendingTokenSealed).not.toContain(token);

    // Parked is not trusted: a delivery signed with it still fails closed.
    const early = await post("notion", source, notionDelivery({ secret: token, workspace }));
    expect(early.status).toBe(401);
    expect(reasonOf(early)).toBe("no_secret");

    const admin = await makeApiKey(owner, ["providers:write"]);
    const cfg = await call(providerWebhooksRoute.GET, { bearer: admin.key, params: { slug: "notion" } });
    expect(cfg.json).toMatchObject({
      pending_token_at: expect.any(String) as unknown,
      handshakes: ["capture_token"],
    });
    expect(cfg.text).not.toContain(token);

    const revealed = await call(pendingTokenRoute.POST, {
      method: "POST",
      bearer: admin.key,
      params: { slug: "notion" },
      body: { level: "team" },
    });
    expect(revealed.status, revealed.text).toBe(200);
    expect(revealed.json.verification_token).toBe(token);
    const again = await call(pendingTokenRoute.POST, {
      method: "POST",
      bearer: admin.key,
      params: { slug: "notion" },
      body: { level: "team" },
    });
    expect(again.status).toBe(404); // shown once

    const d = notionDelivery({ secret: token, workspace });
    const ok = await post("notion", source, d);
    expect(ok.json).toMatchObject({ status: "accepted", stored: 1 });
    expect(await eventsOf(conn)).toHaveLength(1);
    expect(await eventsOf(otherWorkspace)).toHaveLength(0);
    expect((await post("notion", source, d)).json).toMatchObject({ status: "duplicate" });
    expect(
      reasonOf(await post("notion", source, notionDelivery({ secret: "forged-token", workspace }))),
    ).toBe("bad_signature");
    expect(reasonOf(await post("notion", source, alter(d)))).toBe("bad_signature");
    const unknown = await post(
      "notion",
      source,
      notionDelivery({ secret: token, workspace: crypto.randomUUID() }),
    );
    expect(unknown.status).toBe(404);
    expect(reasonOf(unknown)).toBe("unknown_tenant");

    // A later unsigned "token" (anyone can send one) replaces nothing that signs: it is only parked again.
    expect(
      (await post("notion", source, notionVerification(`secret_${rand()}${rand()}`))).json,
    ).toMatchObject({
      status: "token_parked",
    });
    expect((await post("notion", source, notionDelivery({ secret: token, workspace }))).status).toBe(200);
  });
});

describe("Meta: hub.challenge GET verification with the stored verify token", () => {
  it("echoes the challenge for the right token only, as text/plain", async () => {
    const owner = await makeOwner();
    const verifyToken = `vt_${rand()}${rand()}`;
    const source = await teamEndpoint(owner, "meta-ads", verifyToken);
    const q = { "hub.mode": "subscribe", "hub.verify_token": verifyToken, "hub.challenge": "1158201444" };
    const ok = await get("meta-ads", source, q);
    expect(ok.status).toBe(200);
    expect(ok.text).toBe("1158201444");
    expect(ok.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(ok.headers.get("x-content-type-options")).toBe("nosniff");
    const bad = await get("meta-ads", source, { ...q, "hub.verify_token": "guess" });
    expect(bad.status).toBe(401);
    expect(reasonOf(bad)).toBe("bad_verify_token");
    expect(bad.text).not.toContain(verifyToken);
    const noSecret = await get("meta-ads", await teamEndpoint(await makeOwner(), "meta-ads"), q);
    expect(reasonOf(noSecret)).toBe("no_secret");
    expect((await get("meta-ads", source, {})).status).toBe(405);
  });
});

describe("X: CRC GET and Account Activity routed by for_user_id", () => {
  it("answers the CRC with the consumer secret and routes events to the subscribed user's connection", async () => {
    const owner = await makeOwner();
    const secret = `cons_${rand()}${rand()}`;
    const source = await teamEndpoint(owner, "x", secret);
    const user = String(Date.now());
    const conn = await connect(owner, "x", { account: { id: user } });
    const otherUser = await connect(owner, "x", { account: { id: `${user}9` } });

    const crc = await get("x", source, { crc_token: "9b4507b3-9040-4669-9ca3-6b94edb50553" });
    expect(crc.status).toBe(200);
    expect(crc.json).toEqual({
      response_token: xCrcResponse(secret, "9b4507b3-9040-4669-9ca3-6b94edb50553"),
    });
    const unkeyed = await get("x", await teamEndpoint(await makeOwner(), "x"), { crc_token: "abc" });
    expect(reasonOf(unkeyed)).toBe("no_secret");

    const d = xDelivery({ secret, forUser: user });
    expect((await post("x", source, d)).json).toMatchObject({ status: "accepted", stored: 1 });
    expect(await eventsOf(conn)).toHaveLength(1);
    expect(await eventsOf(otherUser)).toHaveLength(0);
    expect((await post("x", source, d)).json).toMatchObject({ status: "duplicate" });
    expect(reasonOf(await post("x", source, xDelivery({ secret: "nope", forUser: user })))).toBe(
      "bad_signature",
    );
    expect(reasonOf(await post("x", source, alter(d)))).toBe("bad_signature");
    const unknown = await post("x", source, xDelivery({ secret, forUser: "1" }));
    expect(unknown.json).toMatchObject({ status: "ignored", reason: "unknown_tenant" });
  });
});

describe("LinkedIn: challengeCode GET validation", () => {
  it("answers with the code and its HMAC under the client secret", async () => {
    const owner = await makeOwner();
    const source = await teamEndpoint(owner, "linkedin");
    const code = "890e4665-4dfe-4ab1-b689-ed553bceeed0";
    expect(reasonOf(await get("linkedin", source, { challengeCode: code }))).toBe("no_secret");
    const secret = await clientSecretApp(owner, "linkedin");
    const res = await get("linkedin", source, { challengeCode: code });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      challengeCode: code,
      challengeResponse: linkedinChallengeResponse(secret, code),
    });
  });
});

describe("Discord: Ed25519 over timestamp + body with the app's public key; PING answered 204", () => {
  let owner: TTestUser;
  let source: string;
  let conn: string;
  const app = discordKeyPair();
  const intruder = discordKeyPair();

  beforeAll(async () => {
    owner = await makeOwner();
    source = await teamEndpoint(owner, "discord");
    conn = await connect(owner, "discord");
  });

  it("fails closed without a public key, then answers only a verified PING", async () => {
    const ping = discordDelivery({
      privateKey: app.privateKey,
      payload: { version: 1, application_id: "1", type: 0 },
    });
    expect(reasonOf(await post("discord", source, ping))).toBe("no_secret");
    await addInboundSecret(owner.ctx, "discord", { level: "team", secret: app.publicKeyHex });
    const pong = await post("discord", source, ping);
    expect(pong.status, pong.text).toBe(204);
    expect(pong.text).toBe("");
    // Discord itself sends PINGs with bad signatures and expects a 401.
    const badPing = discordDelivery({
      privateKey: intruder.privateKey,
      payload: { version: 1, application_id: "1", type: 0 },
    });
    expect((await post("discord", source, badPing)).status).toBe(401);
    expect(await eventsOf(conn)).toHaveLength(0);
  });

  it("accepts a signed event once; a forged, altered, re-timed or stale one is rejected", async () => {
    const d = discordDelivery({ privateKey: app.privateKey });
    const ok = await post("discord", source, d);
    expect(ok.json).toMatchObject({ status: "accepted", stored: 1 });
    expect((await eventsOf(conn))[0]).toMatchObject({ eventType: "APPLICATION_AUTHORIZED" });
    expect((await post("discord", source, d)).json).toMatchObject({ status: "duplicate" });
    expect(
      reasonOf(await post("discord", source, discordDelivery({ privateKey: intruder.privateKey }))),
    ).toBe("bad_signature");
    expect(reasonOf(await post("discord", source, alter(d)))).toBe("bad_signature");
    // the timestamp is inside what is signed: moving it breaks the signature
    const retimed = {
      ...d,
      // one second before the signed one (not "now − 1 s": a second later that IS the signed timestamp)
      headers: { ...d.headers, "x-signature-timestamp": String(Number(d.headers["x-signature-timestamp"]) - 1) },
    };
    expect(reasonOf(await post("discord", source, retimed))).toBe("bad_signature");
    const stale = discordDelivery({ privateKey: app.privateKey, at: Date.now() - 301_000 });
    expect(reasonOf(await post("discord", source, stale))).toBe("stale_timestamp");
    const garbage = { ...d, headers: { ...d.headers, "x-signature-ed25519": "zz" } };
    expect(reasonOf(await post("discord", source, garbage))).toBe("bad_signature");
    expect(await eventsOf(conn)).toHaveLength(1);
  });
});

describe("the instance endpoint", () => {
  it("answers no GET for a provider without a GET handshake, and a Notion token there is parked too", async () => {
    const res = await call(appRoute.GET, {
      method: "GET",
      path: "/api/v1/webhooks/stripe?x=1",
      params: { provider: "stripe" },
    });
    expect(res.status).toBe(405);
    const parked = await call(appRoute.POST, {
      method: "POST",
      path: "/api/v1/webhooks/notion",
      params: { provider: "notion" },
      rawBody: notionVerification(`secret_${rand()}${rand()}`).body,
      headers: { "content-type": "application/json" },
    });
    expect(parked.json).toMatchObject({ status: "token_parked" });
  });
});
