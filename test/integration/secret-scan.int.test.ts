// Drives the flows that handle secrets, then looks for their plaintext in every response, every log line and
// every row of every table. The only allowed sightings are the response that shows a new API key once and, for a
// connection's access token, the one response of GET /connections/{id}/credentials; for webhooks, the responses
// that show an endpoint's signing secret once (create, rotate) and a parked verification token once (reveal).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as keysRoute from "@/app/api/v1/api-keys/route";
import * as keyRoute from "@/app/api/v1/api-keys/[id]/route";
import * as brandsRoute from "@/app/api/v1/brands/route";
import * as meRoute from "@/app/api/v1/me/route";
import { verifyCredentials } from "@/lib/auth/auth-options";
import { log, setLogSink } from "@/lib/log";
import { createInvite } from "@/lib/tenancy/create-invite";
import { signUp } from "@/lib/auth/sign-up";
import { sessionCookie, uniqueEmail } from "../factories";
import { call } from "../http";
import { dumpDatabase } from "../db-dump";
import * as credentialsRoute from "@/app/api/v1/connections/[id]/credentials/route";
import { sendJson, startFake } from "@/e2e/fixtures/fake-providers";
import { setOutboundHostMapForTests, setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { closeProxyAgentsForTests } from "@/lib/proxy/agent";
import { makeApiKey, makeOwner } from "../factories";
import { makeProxyConnection, viaJson, viaPath } from "../proxy-fixtures";
import * as endpointsRoute from "@/app/api/v1/webhook-endpoints/route";
import * as endpointRoute from "@/app/api/v1/webhook-endpoints/[id]/route";
import * as rotateRoute from "@/app/api/v1/webhook-endpoints/[id]/rotate-secret/route";
import * as endpointTestRoute from "@/app/api/v1/webhook-endpoints/[id]/test/route";
import * as providerWebhooksRoute from "@/app/api/v1/providers/[slug]/webhooks/route";
import * as pendingTokenRoute from "@/app/api/v1/providers/[slug]/webhooks/pending-token/route";
import * as inboundRoute from "@/app/api/v1/webhooks/[provider]/[source]/route";
import { notionDelivery, stripeDelivery } from "@/e2e/fixtures/fake-providers/webhook-senders";
import { deliverEvent } from "@/lib/events/deliver-event";

const logs: string[] = [];
beforeAll(() => setLogSink((line) => logs.push(line)));
afterAll(() => setLogSink(undefined));

describe("secrets never leak", () => {
  it("passwords, API keys and invite tokens appear in no response (but the one), log line or table", async () => {
    process.env.LOG_LEVEL = "debug";
    const password = `pw-${crypto.randomUUID()}`;
    const email = uniqueEmail("scan");
    const { userId, teamId } = await signUp({ email, password });
    const cookie = await sessionCookie(userId, teamId);
    const responses: string[] = [];

    expect(await verifyCredentials(email, password, "203.0.113.9")).not.toBeNull();
    expect(await verifyCredentials(email, `${password}-wrong`, "203.0.113.9")).toBeNull();

    const created = await call(keysRoute.POST, {
      method: "POST",
      cookie,
      body: { name: "scan", scopes: ["brands:read", "brands:write", "api_keys:read", "api_keys:write"] },
    });
    const key = created.json.key as string;
    const keyId = (created.json.api_key as { id: string }).id;
    expect(created.text).toContain(key); // the once-shown response, deliberately excluded below

    responses.push((await call(meRoute.GET, { bearer: key })).text);
    responses.push((await call(keysRoute.GET, { bearer: key })).text);
    responses.push(
      (await call(brandsRoute.POST, { method: "POST", bearer: key, body: { name: 42, api_key: key } })).text,
    ); // 422: names the fields, never echoes values
    responses.push(
      (
        await call(brandsRoute.POST, {
          method: "POST",
          bearer: key,
          rawBody: `{"name": "${key}"`,
          headers: { "content-type": "application/json" },
        })
      ).text,
    );
    responses.push(
      (await call(keyRoute.DELETE, { method: "DELETE", bearer: key, params: { id: keyId } })).text,
    );
    responses.push((await call(meRoute.GET, { bearer: key })).text); // revoked → 401
    responses.push((await call(meRoute.GET, { bearer: `${key}x` })).text);

    const invite = await createInvite(
      { actor: { kind: "user", userId, sessionId: "s", isSuperuser: false }, teamId, role: "owner" },
      { role: "member" },
    );
    const inviteToken = invite.url.split("/invite/")[1]!;

    // a careless caller logging request headers still leaks nothing
    log.error("debugging a failed call", {
      headers: { authorization: `Bearer ${key}` },
      note: `key was ${key}`,
    });

    // A connection's token through the proxy: the provider's answers, our errors, and the credentials endpoint.
    const fake = await startFake((req, res) => {
      if (req.path === "/fail") sendJson(res, 401, { message: "Bad credentials" });
      else sendJson(res, 200, { login: "octocat" });
    });
    setOutboundPolicyForTests({ allowPrivate: true });
    setOutboundHostMapForTests({ "api.github.com": fake.url });
    const proxyOwner = await makeOwner();
    const proxyKey = (await makeApiKey(proxyOwner, ["connections:proxy"])).key;
    const credsKey = (await makeApiKey(proxyOwner, ["connections:credentials"])).key;
    const connToken = `gho_${crypto.randomUUID().replaceAll("-", "")}`;
    const team = { owner: proxyOwner, key: proxyKey };
    const connId = await makeProxyConnection(team, "github", "oauth2", {
      type: "oauth2",
      access_token: connToken,
      extra: {},
    });
    try {
      const text = async (res: Promise<Response>) => (await res).text();
      responses.push(await text(viaPath(connId, "/user", { key: proxyKey })));
      responses.push(await text(viaPath(connId, "/fail", { key: proxyKey })));
      responses.push(await text(viaPath(connId, "//evil.example/x", { key: proxyKey })));
      responses.push(
        await text(viaJson(connId, { url: "/user", headers: { "X-Echo": "1" } }, { key: proxyKey })),
      );
      responses.push((await call(credentialsRoute.GET, { bearer: proxyKey, params: { id: connId } })).text);
      const shown = await call(credentialsRoute.GET, { bearer: credsKey, params: { id: connId } });
      expect(shown.text).toContain(connToken); // the credentials endpoint, deliberately excluded below
    } finally {
      setOutboundHostMapForTests(undefined);
      setOutboundPolicyForTests(undefined);
      await closeProxyAgentsForTests();
      await fake.close();
    }

    const haystacks = {
      responses: responses.join("\n"),
      logs: logs.join("\n"),
      database: await dumpDatabase(),
    };
    expect(haystacks.logs.length).toBeGreaterThan(0);
    expect(haystacks.database).toContain(email); // the scan does see real rows
    for (const [where, text] of Object.entries(haystacks)) {
      for (const [what, secret] of Object.entries({
        password,
        key,
        keyBody: key.slice(4, 30),
        inviteToken,
        connToken,
      })) {
        expect(text.includes(secret), `${what} found in ${where}`).toBe(false);
      }
    }
  });

  it("webhook signing secrets (outbound endpoints, inbound sources, a parked token) leak nowhere but their reveal", async () => {
    process.env.LOG_LEVEL = "debug";
    logs.length = 0;
    const owner = await makeOwner();
    const key = (await makeApiKey(owner, ["webhooks:read", "webhooks:write", "providers:write"])).key;
    const responses: string[] = [];
    const receiver = await startFake((_req, res) => sendJson(res, 200, { ok: true }));
    setOutboundPolicyForTests({ allowPrivate: true });
    try {
      // Outbound: created (shown once), rotated with an overlap (shown once), then every other view and a delivery.
      const created = await call(endpointsRoute.POST, {
        method: "POST",
        bearer: key,
        body: { url: `${receiver.url}/hooks` },
      });
      expect(created.status, created.text).toBe(201);
      const endpointSecret = created.json.secret as string;
      const endpointId = (created.json.endpoint as { id: string }).id;
      expect(created.text).toContain(endpointSecret); // the reveal-once response, deliberately excluded
      const rotated = await call(rotateRoute.POST, {
        method: "POST",
        bearer: key,
        params: { id: endpointId },
        body: { overlap_seconds: 3600 },
      });
      const rotatedSecret = rotated.json.secret as string;
      expect(rotated.text).toContain(rotatedSecret); // reveal-once, excluded
      responses.push((await call(endpointsRoute.GET, { bearer: key })).text);
      responses.push((await call(endpointRoute.GET, { bearer: key, params: { id: endpointId } })).text);
      responses.push(
        (
          await call(endpointRoute.PATCH, {
            method: "PATCH",
            bearer: key,
            params: { id: endpointId },
            body: { description: "scan" },
          })
        ).text,
      );
      const test = await call(endpointTestRoute.POST, {
        method: "POST",
        bearer: key,
        params: { id: endpointId },
      });
      responses.push(test.text);
      await deliverEvent((test.json as { delivery_id: string }).delivery_id);
      expect(receiver.requestsTo("/hooks")).toHaveLength(1);
      responses.push(JSON.stringify(receiver.requestsTo("/hooks")[0]!.headers)); // what a receiver sees

      // Inbound: a source secret typed in, the config read back, a valid and a forged delivery.
      const inboundSecret = `whsec_in_${crypto.randomUUID()}`;
      const added = await call(providerWebhooksRoute.POST, {
        method: "POST",
        bearer: key,
        params: { slug: "stripe" },
        body: { level: "team", secret: inboundSecret },
      });
      expect(added.status, added.text).toBe(201);
      responses.push(added.text);
      responses.push(
        (await call(providerWebhooksRoute.GET, { bearer: key, params: { slug: "stripe" } })).text,
      );
      const source = new URL((added.json as { url: string }).url).pathname.split("/").pop()!;
      for (const secrets of [[inboundSecret], ["forged"]]) {
        const d = stripeDelivery({ secrets, account: "acct_scan" });
        responses.push(
          (
            await call(inboundRoute.POST, {
              method: "POST",
              path: `/api/v1/webhooks/stripe/${source}`,
              params: { provider: "stripe", source },
              rawBody: d.body,
              headers: d.headers,
            })
          ).text,
        );
      }

      // A verification token parked unsigned, then revealed once (excluded), then used to sign.
      const token = `secret_${crypto.randomUUID().replaceAll("-", "")}`;
      const notionCfg = await call(providerWebhooksRoute.GET, { bearer: key, params: { slug: "notion" } });
      const notionSource = new URL((notionCfg.json as { url: string }).url).pathname.split("/").pop()!;
      const notionPost = (body: string, headers: Record<string, string>) =>
        call(inboundRoute.POST, {
          method: "POST",
          path: `/api/v1/webhooks/notion/${notionSource}`,
          params: { provider: "notion", source: notionSource },
          rawBody: body,
          headers,
        });
      responses.push(
        (
          await notionPost(JSON.stringify({ verification_token: token }), {
            "content-type": "application/json",
          })
        ).text,
      );
      responses.push(
        (await call(providerWebhooksRoute.GET, { bearer: key, params: { slug: "notion" } })).text,
      );
      const revealed = await call(pendingTokenRoute.POST, {
        method: "POST",
        bearer: key,
        params: { slug: "notion" },
        body: { level: "team" },
      });
      expect(revealed.text).toContain(token); // reveal-once, excluded
      const signed = notionDelivery({ secret: token, workspace: crypto.randomUUID() });
      responses.push((await notionPost(signed.body, signed.headers)).text);

      const haystacks = {
        responses: responses.join("\n"),
        logs: logs.join("\n"),
        database: await dumpDatabase(),
      };
      expect(haystacks.logs.length).toBeGreaterThan(0);
      expect(haystacks.database).toContain(endpointId);
      expect(haystacks.database).toContain(source);
      const secrets = {
        endpointSecret,
        endpointSecretBody: endpointSecret.slice(6, 30),
        rotatedSecret,
        inboundSecret,
        token,
      };
      for (const [where, text] of Object.entries(haystacks)) {
        for (const [what, secret] of Object.entries(secrets)) {
          expect(text.includes(secret), `${what} found in ${where}`).toBe(false);
        }
      }
    } finally {
      setOutboundPolicyForTests(undefined);
      await receiver.close();
    }
  });
});
