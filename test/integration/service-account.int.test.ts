// GA4 with a service account: RS256 JWT → RFC 7523 JWT bearer grant at Google's token URL (a local fake that
// verifies the signature with the key's public half), then the property read; and the re-mint on refresh.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as connectionsRoute from "@/app/api/v1/connections/route";
import { openCredentials } from "@/lib/connections/credentials";
import { refreshConnection } from "@/lib/connections/refresh-connection";
import { db } from "@/lib/db";
import { setOutboundHostMapForTests, setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { makeApiKey, makeOwner } from "../factories";
import { call } from "../http";

const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
const EMAIL = "ga-reader@acme-project.iam.gserviceaccount.com";
const keyFile = {
  type: "service_account",
  project_id: "acme-project",
  private_key_id: "kid-1",
  private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
  client_email: EMAIL,
  // A hostile key file cannot redirect us: the registry's token URL is used, never this.
  token_uri: "http://169.254.169.254/steal",
};
let server: http.Server;
const seen: { assertions: Record<string, unknown>[]; tokens: Set<string> } = {
  assertions: [],
  tokens: new Set(),
};

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(body));
      };
      const host = req.headers["x-patchbay-original-host"];
      if (host === "oauth2.googleapis.com" && req.url === "/token" && req.method === "POST") {
        const form = new URLSearchParams(Buffer.concat(chunks).toString());
        const [h, c, s] = (form.get("assertion") ?? "").split(".");
        const ok =
          form.get("grant_type") === "urn:ietf:params:oauth:grant-type:jwt-bearer" &&
          crypto.verify("RSA-SHA256", Buffer.from(`${h}.${c}`), publicKey, Buffer.from(s ?? "", "base64url"));
        if (!ok) return send(400, { error: "invalid_grant", error_description: "Invalid JWT Signature." });
        const claims = JSON.parse(Buffer.from(c!, "base64url").toString()) as Record<string, unknown>;
        seen.assertions.push(claims);
        const token = `ya29.${crypto.randomBytes(12).toString("hex")}`;
        seen.tokens.add(token);
        return send(200, { access_token: token, expires_in: 3599, token_type: "Bearer" });
      }
      if (host === "analyticsadmin.googleapis.com" && req.url?.startsWith("/v1beta/properties/")) {
        const token = (req.headers.authorization ?? "").replace("Bearer ", "");
        if (!seen.tokens.has(token)) return send(401, { error: { code: 401, status: "UNAUTHENTICATED" } });
        if (req.url !== "/v1beta/properties/123456789")
          return send(403, { error: { code: 403, status: "PERMISSION_DENIED" } });
        return send(200, { name: "properties/123456789", displayName: "Acme web" });
      }
      send(404, {});
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  setOutboundPolicyForTests({ allowPrivate: true });
  setOutboundHostMapForTests({ "oauth2.googleapis.com": url, "analyticsadmin.googleapis.com": url });
});
afterAll(async () => {
  setOutboundHostMapForTests(undefined);
  setOutboundPolicyForTests(undefined);
  await new Promise((r) => server.close(r));
});

describe("service account connections (GA4)", () => {
  it("signs a JWT for the registry's token URL, verifies the property, stores the key sealed, re-mints on refresh", async () => {
    const owner = await makeOwner();
    const key = await makeApiKey(owner, ["connections:read", "connections:write"]);
    const res = await call(connectionsRoute.POST, {
      method: "POST",
      bearer: key.key,
      body: {
        provider: "google-analytics",
        params: { property_id: "123456789" },
        service_account_key: keyFile,
      },
    });
    expect(res.status, res.text).toBe(201);
    expect(res.json).toMatchObject({
      auth_mode: "service_account",
      account: { email: EMAIL },
      status: "connected",
    });
    expect(res.text).not.toContain("PRIVATE KEY");
    expect(seen.assertions[0]).toMatchObject({
      iss: EMAIL,
      aud: "https://oauth2.googleapis.com/token",
      scope: "https://www.googleapis.com/auth/analytics.readonly",
    });

    const id = res.json.id as string;
    const row = await db.connection.findUniqueOrThrow({ where: { id }, omit: { credentialsSealed: false } });
    expect(row.credentialsSealed).not.toContain("PRIVATE KEY");
    const before = openCredentials(id, row.credentialsSealed!);
    const out = await refreshConnection(owner.teamId, id, { force: true });
    expect(out.refreshed).toBe(true);
    expect(out.credentials.type === "service_account" && out.credentials.access_token).not.toBe(
      before.type === "service_account" && before.access_token,
    );
    expect(seen.assertions).toHaveLength(2);
  });

  it("says why and stores nothing: unreadable key, wrong property access, forged key", async () => {
    const owner = await makeOwner();
    const key = await makeApiKey(owner, ["connections:write"]);
    const post = (body: Record<string, unknown>) =>
      call(connectionsRoute.POST, {
        method: "POST",
        bearer: key.key,
        body: { provider: "google-analytics", ...body },
      });

    const notJson = await post({ params: { property_id: "123456789" }, service_account_key: "{not json" });
    expect(notJson.status).toBe(422);
    const noAccess = await post({ params: { property_id: "999999999" }, service_account_key: keyFile });
    expect(noAccess.status).toBe(422);
    expect(noAccess.json.error?.message).toContain(EMAIL);
    const other = crypto
      .generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    const forged = await post({
      params: { property_id: "123456789" },
      service_account_key: { ...keyFile, private_key: other },
    });
    expect(forged.status).toBe(422);
    expect(forged.json.error?.message).toMatch(/refused the service account: Invalid JWT Signature/);
    expect(forged.text).not.toContain("PRIVATE KEY");
    expect(await db.connection.count({ where: { teamId: owner.teamId } })).toBe(0);
  });
});

describe("scheduled health checks", () => {
  it("checks connections not checked lately and records the result", async () => {
    const owner = await makeOwner();
    const key = await makeApiKey(owner, ["connections:write"]);
    const res = await call(connectionsRoute.POST, {
      method: "POST",
      bearer: key.key,
      body: {
        provider: "google-analytics",
        params: { property_id: "123456789" },
        service_account_key: keyFile,
      },
    });
    const id = res.json.id as string;
    await db.connection.update({
      where: { id },
      data: { lastCheckedAt: new Date(Date.now() - 48 * 3600_000) },
    });
    const { checkStaleConnections } = await import("@/lib/jobs/refresh-scheduler");
    let checked = 0;
    for (let i = 0; i < 20 && checked === 0; i++) {
      await checkStaleConnections(24 * 3600_000, 200);
      const row = await db.connection.findUniqueOrThrow({ where: { id } });
      if (row.lastCheckedAt && row.lastCheckedAt.getTime() > Date.now() - 60_000) checked = 1;
    }
    expect(checked).toBe(1);
    expect((await db.connection.findUniqueOrThrow({ where: { id } })).status).toBe("connected");
  });
});
