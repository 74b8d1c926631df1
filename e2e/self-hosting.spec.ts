// Self-hosting, proved without containers: two Patchbay processes on ONE database behind a round-robin
// balancer with nothing sticky (e2e/fixtures/cluster.ts) — the docker-compose topology. Against the test
// database (TEST_DATABASE_URL: a fresh PostgreSQL database; unset: PGlite served over its socket by this test
// process, since an embedded data directory belongs to one process), with the build `npm run test:e2e` made.
//  1. a connect flow started on one instance and finished on the other;
//  2. an expired token refreshed once across both (single-flight through the database lease);
//  3. jobs (webhook deliveries) each run once, whichever instance works them;
//  4. a revoked API key refused by every instance within 2 s;
//  5. a dashboard page served by one instance shows a change made through the other (React Query polling);
//  6. a rolling restart under proxy load: every request an instance accepted completes (SIGTERM drains);
//  7. traces: spans route → proxy → refresh → token endpoint, and proxy → upstream, exported over OTLP/HTTP;
//  8. an older build refuses a database migrated by a newer one;
//  9. embedded backups: `npm run db:backup` while the server writes, `db:restore` into a fresh data directory.
import { execFile } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { expect, test } from "@playwright/test";
import { API_SCOPES } from "@/lib/api-keys/scopes";
import { db, disconnectDb } from "@/lib/db";
import { setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { configureOAuthApp } from "@/lib/providers/configure-app";
import { createConnection } from "@/lib/connections/create-connection";
import { createTestDatabase, type TTestDatabase } from "../test/database";
import { consentAtProvider } from "../test/cookie-jar";
import { defaultBrandId, makeApiKey, makeOwner, type TTestUser } from "../test/factories";
import {
  patchbayInstance,
  runToExit,
  startBalancer,
  type TBalancer,
  type TInstance,
} from "./fixtures/cluster";
import { startOAuthServer, type OAuthServer } from "./fixtures/oauth-test-server";
import { PASSWORD, uniqueEmail } from "./helpers";

const run = promisify(execFile);
const BASE = Number(process.env.E2E_EXTRA_PORT ?? Number(process.env.E2E_PORT ?? 3210) + 30);
const PORTS = { a: BASE, b: BASE + 2, lb: BASE + 4, c: BASE + 6, d: BASE + 8 };
const LB = `http://localhost:${PORTS.lb}`;
const CLIENT = { id: "selfhost-client", secret: "selfhost-client-secret-0123456789" };
const SECRETS = {
  NEXTAUTH_SECRET: "selfhost-nextauth-secret-0123456789abcdef0123",
  PATCHBAY_API_KEY_SECRET: "selfhost-api-key-secret-0123456789abcdef0123",
  PATCHBAY_VAULT_KEYS: `k1:${crypto.randomBytes(32).toString("base64")}`,
};

test.describe.configure({ mode: "serial" });
test.setTimeout(180_000);

let database: TTestDatabase;
let oauth: OAuthServer;
let upstream: http.Server & { hits: number };
let receiver: http.Server & { ids: string[] };
let otlp: http.Server & { spans: TSpan[] };
let lb: TBalancer;
let a: TInstance;
let b: TInstance;
let owner: TTestUser;
let adminKey: string;
let stripeConnection: string;
let oauthConnection: string;
const tmpDirs: string[] = [];

type TSpan = { traceId: string; spanId: string; parentSpanId?: string; name: string };

function listen<T extends http.Server>(server: T): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () =>
      resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`),
    ),
  );
}

function instanceEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "patchbay-selfhost-"));
  tmpDirs.push(dataDir);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...SECRETS,
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: database.url,
    APP_URL: LB,
    PATCHBAY_DATA_DIR: dataDir,
    PATCHBAY_SANDBOX: "true", // the built-in provider; this team configures its own app (issuer) for it
    PATCHBAY_OUTBOUND_ALLOW_PRIVATE: "true",
    PATCHBAY_OUTBOUND_HOST_MAP: JSON.stringify({ "api.stripe.com": upstreamUrl }),
    PATCHBAY_SHUTDOWN_GRACE_MS: "15000",
    LOG_LEVEL: "info",
    ...extra,
  };
  delete env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (extra.OTEL_EXPORTER_OTLP_ENDPOINT) env.OTEL_EXPORTER_OTLP_ENDPOINT = extra.OTEL_EXPORTER_OTLP_ENDPOINT;
  return env;
}
let upstreamUrl = "";

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

test.beforeAll(async () => {
  database = await createTestDatabase();
  // This process writes the test data with the app's own functions: same database, same secrets.
  Object.assign(process.env, SECRETS, { DATABASE_URL: database.url, APP_URL: LB });
  setOutboundPolicyForTests({ allowPrivate: true });

  // A provider API (Stripe's host is mapped here): answers after a short while, so requests are in flight.
  upstream = Object.assign(
    http.createServer((req, res) => {
      upstream.hits++;
      setTimeout(() => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ object: "balance", path: req.url }));
      }, 100);
    }),
    { hits: 0 },
  );
  upstreamUrl = await listen(upstream);
  // A webhook receiver: records each delivery's id.
  receiver = Object.assign(
    http.createServer((req, res) => {
      req.resume();
      req.on("end", () => {
        receiver.ids.push(String(req.headers["webhook-id"]));
        res.writeHead(200).end("ok");
      });
    }),
    { ids: [] as string[] },
  );
  await listen(receiver);
  // An OTLP/HTTP receiver (JSON, as @opentelemetry/exporter-trace-otlp-http sends it).
  otlp = Object.assign(
    http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as {
          resourceSpans?: { scopeSpans?: { spans?: TSpan[] }[] }[];
        };
        for (const rs of body.resourceSpans ?? [])
          for (const ss of rs.scopeSpans ?? []) otlp.spans.push(...(ss.spans ?? []));
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    }),
    { spans: [] as TSpan[] },
  );
  await listen(otlp);
  oauth = await startOAuthServer({
    clients: [{ clientId: CLIENT.id, clientSecret: CLIENT.secret, redirectUris: [`${LB}/oauth/callback`] }],
    accessTokenTtlSeconds: 3600,
    rotateRefreshToken: true,
  });

  owner = await makeOwner();
  adminKey = (await makeApiKey(owner, [...API_SCOPES])).key;
  await configureOAuthApp(owner.ctx, "sandbox", {
    level: "team",
    client_id: CLIENT.id,
    client_secret: CLIENT.secret,
    settings: { issuer: oauth.issuer },
  });
  const stripe = await createConnection(
    {
      teamId: owner.teamId,
      brandId: await defaultBrandId(owner.teamId),
      ownerKind: "shared",
      ownerUserId: null,
      providerSlug: "stripe",
      authMode: "api_key",
      label: "Stripe under load",
      credentials: { type: "api_key", api_key: "sk_test_selfhost0123456789abcdef" },
      accountIdentity: {},
      params: {},
      metadata: {},
      context: {},
      scopes: [],
      tokenExpiresAt: null,
      refreshTokenExpiresAt: null,
    },
    "created by the self-hosting test",
  );
  stripeConnection = stripe.id;

  a = patchbayInstance("a", PORTS.a, instanceEnv());
  b = patchbayInstance("b", PORTS.b, instanceEnv());
  await Promise.all([a.start(), b.start()]);
  lb = await startBalancer([a, b], PORTS.lb);
});

test.afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await lb?.close();
  for (const s of [upstream, receiver, otlp]) s?.close();
  await oauth?.close();
  await disconnectDb();
  await database?.drop();
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

const on = (inst: TInstance, url: string) => url.replace(LB, inst.url);
const messageOf = (html: string) => {
  const m = /id="patchbay-oauth-message" hidden data-message="([^"]*)"/.exec(html);
  const raw = m?.[1]?.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));
  return raw
    ? (JSON.parse(raw) as { message: { status: string; connection_id: string | null } }).message
    : null;
};

test("1. a connect flow started on one instance is finished on the other", async () => {
  const start = await fetch(`${a.url}/api/v1/connect/sandbox`, {
    method: "POST",
    headers: { cookie: owner.cookie, "content-type": "application/json" },
    body: JSON.stringify({ owner: "shared", label: "Sandbox across instances" }),
  });
  const startText = await start.text();
  expect(start.status, startText).toBe(201);
  const grant = JSON.parse(startText) as { authorization_url: string };
  expect(grant.authorization_url.startsWith(LB)).toBe(true); // built from APP_URL: the balancer's origin

  const bind = await fetch(on(b, grant.authorization_url), {
    headers: { cookie: owner.cookie },
    redirect: "manual",
  });
  expect(bind.status, await bind.clone().text()).toBe(302);
  const bound = (bind.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const callback = await consentAtProvider(bind.headers.get("location")!, "alice", `${LB}/oauth/callback`);
  const done = await fetch(on(a, callback.href), { headers: { cookie: [owner.cookie, bound].join("; ") } });
  const msg = messageOf(await done.text());
  expect(msg?.status).toBe("connected");
  oauthConnection = msg!.connection_id!;
});

test("2. an expired token is refreshed once across both instances", async () => {
  expect(oauthConnection).toBeTruthy();
  await db.connection.update({
    where: { id: oauthConnection },
    data: { tokenExpiresAt: new Date(Date.now() - 1000) },
  });
  const before = oauth.tokenCount("refresh_token");
  const calls = [a, b, a, b, a, b].map((inst) =>
    fetch(`${inst.url}/api/v1/connections/${oauthConnection}/proxy/me`, { headers: bearer(adminKey) }),
  );
  const statuses = await Promise.all(calls.map(async (p) => (await p).status));
  expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
  expect(oauth.tokenCount("refresh_token") - before).toBe(1);
});

test("3. jobs run once: test deliveries sent through both instances arrive once each", async () => {
  const made = await fetch(`${a.url}/api/v1/webhook-endpoints`, {
    method: "POST",
    headers: { ...bearer(adminKey), "content-type": "application/json" },
    body: JSON.stringify({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook` }),
  });
  expect(made.status, await made.clone().text()).toBe(201);
  const { endpoint } = (await made.json()) as { endpoint: { id: string } };
  for (const inst of [a, b, a, b, a, b]) {
    const r = await fetch(`${inst.url}/api/v1/webhook-endpoints/${endpoint.id}/test`, {
      method: "POST",
      headers: bearer(adminKey),
    });
    expect(r.status, await r.clone().text()).toBeLessThan(300);
  }
  await expect.poll(() => new Set(receiver.ids).size, { timeout: 30_000 }).toBe(6);
  const deliveries = await db.delivery.findMany({ where: { endpointId: endpoint.id } });
  expect(deliveries).toHaveLength(6);
  expect(deliveries.every((d) => d.status === "delivered" && d.attempts === 1)).toBe(true);
  expect(receiver.ids).toHaveLength(6);
});

test("4. a revoked key is refused by every instance within 2 s", async () => {
  const made = await makeApiKey(owner, ["connections:read"]);
  for (const inst of [a, b]) {
    const r = await fetch(`${inst.url}/api/v1/connections`, { headers: bearer(made.key) });
    expect(r.status).toBe(200); // cached as valid on both
  }
  const revoked = await fetch(`${b.url}/api/v1/api-keys/${made.api_key.id}`, {
    method: "DELETE",
    headers: bearer(adminKey),
  });
  expect(revoked.status).toBe(200);
  const t0 = Date.now();
  await expect
    .poll(
      async () => {
        const rs = await Promise.all(
          [a, b].map((inst) => fetch(`${inst.url}/api/v1/connections`, { headers: bearer(made.key) })),
        );
        return rs.map((r) => r.status);
      },
      { timeout: 2_000, intervals: [50] },
    )
    .toEqual([401, 401]);
  expect(Date.now() - t0).toBeLessThan(2_000);
});

test("5. a page served by one instance shows a change made through the other", async ({ page }) => {
  const token = /next-auth\.session-token=([^;]+)/.exec(owner.cookie)![1]!;
  await page.context().addCookies([
    { name: "next-auth.session-token", value: token, url: a.url },
    { name: "pb_team", value: owner.teamId, url: a.url },
  ]);
  await page.goto(`${a.url}/connections/${stripeConnection}`);
  await expect(page.getByText("Stripe under load").first()).toBeVisible();
  const renamed = await fetch(`${b.url}/api/v1/connections/${stripeConnection}`, {
    method: "PATCH",
    headers: { ...bearer(adminKey), "content-type": "application/json" },
    body: JSON.stringify({ label: "Renamed on the other instance" }),
  });
  expect(renamed.status, await renamed.clone().text()).toBe(200);
  await expect(page.getByText("Renamed on the other instance").first()).toBeVisible({ timeout: 15_000 });
  await page.screenshot({ path: "test-results/screenshots/selfhost-live-update.png" });
});

test("6. a rolling restart under proxy load loses no accepted request", async () => {
  let stop = false;
  const results: { status: number; body: string }[] = [];
  const worker = async () => {
    while (!stop) {
      try {
        const r = await fetch(`${lb.url}/api/v1/connections/${stripeConnection}/proxy/v1/balance`, {
          headers: bearer(adminKey),
        });
        results.push({ status: r.status, body: r.status === 200 ? "" : await r.text() });
      } catch (err) {
        results.push({ status: 0, body: String(err) });
      }
    }
  };
  const load = Promise.all(Array.from({ length: 6 }, worker));
  const until = async (n: number) => {
    const target = results.length + n;
    await expect.poll(() => results.length, { timeout: 60_000 }).toBeGreaterThanOrEqual(target);
  };
  await until(20);
  for (const inst of [a, b]) {
    const code = await inst.stop();
    expect(code).toBe(143); // exited by its own shutdown, not killed
    expect(inst.log.some((l) => l.includes('"msg":"drained"') && l.includes('"cutOff":0'))).toBe(true);
    await until(20); // the other instance carries the load alone
    await inst.start();
    await until(20);
  }
  stop = true;
  await load;
  const failed = results.filter((r) => r.status !== 200);
  expect(failed, JSON.stringify(failed.slice(0, 5))).toEqual([]);
  expect(results.length).toBeGreaterThan(100);
  console.log(
    `rolling restart: ${results.length} proxied requests, ${lb.retriedRefused} refused and ${lb.retriedReset} reset-before-answer connections retried`,
  );
});

test("7. traces: route → proxy → refresh → token endpoint, and proxy → upstream, over OTLP/HTTP", async () => {
  const c = patchbayInstance(
    "c",
    PORTS.c,
    instanceEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${(otlp.address() as AddressInfo).port}` }),
  );
  await c.start();
  try {
    await db.connection.update({
      where: { id: oauthConnection },
      data: { tokenExpiresAt: new Date(Date.now() - 1000) },
    });
    const r = await fetch(`${c.url}/api/v1/connections/${oauthConnection}/proxy/me`, {
      headers: bearer(adminKey),
    });
    expect(r.status).toBe(200);
    const byName = (n: string) => otlp.spans.find((s) => s.name === n);
    await expect
      .poll(() => Boolean(byName("patchbay.oauth.token_request") && byName("patchbay.proxy.upstream")), {
        timeout: 20_000,
      })
      .toBe(true);
    const route = otlp.spans.find(
      (s) =>
        s.name === "patchbay.route GET" &&
        otlp.spans.some((p) => p.name === "patchbay.proxy" && p.parentSpanId === s.spanId),
    )!;
    const proxy = otlp.spans.find((s) => s.name === "patchbay.proxy" && s.parentSpanId === route.spanId)!;
    const refresh = byName("patchbay.refresh")!;
    const token = byName("patchbay.oauth.token_request")!;
    const up = byName("patchbay.proxy.upstream")!;
    expect(refresh.parentSpanId).toBe(proxy.spanId);
    expect(token.parentSpanId).toBe(refresh.spanId);
    expect(up.parentSpanId).toBe(proxy.spanId);
    expect(new Set([route, proxy, refresh, token, up].map((s) => s.traceId)).size).toBe(1);
    // Next.js's own request span is the root the route span hangs from.
    expect(route.parentSpanId).toBeTruthy();
    // The request id of the response is in the instance's log lines for that request.
    const id = r.headers.get("x-request-id")!;
    expect(c.log.some((l) => l.includes(`"requestId":"${id}"`) && l.includes('"msg":"request"'))).toBe(true);
  } finally {
    await c.stop();
  }
});

test("8. an older build refuses to start on a database migrated by a newer one", async () => {
  const future = "29991231235959_from_a_newer_build";
  await db.$executeRawUnsafe(
    `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, applied_steps_count) VALUES ($1, 'x', now(), $2, 1)`,
    crypto.randomUUID(),
    future,
  );
  try {
    const { code, output } = await runToExit(PORTS.c, instanceEnv());
    expect(code).toBe(1);
    expect(output).toContain("migrated by a newer Patchbay build");
    expect(output).toContain(future);
    const migrate = await run("npx", ["tsx", "scripts/migrate.ts"], {
      env: { ...process.env, DATABASE_URL: database.url },
    }).catch((err: { code: number; stderr: string }) => err);
    expect("code" in migrate ? migrate.code : 0).not.toBe(0);
  } finally {
    await db.$executeRawUnsafe(`DELETE FROM "_prisma_migrations" WHERE migration_name = $1`, future);
  }
});

test("9. embedded backup while the server writes, restored into a fresh data directory", async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pb-bk-"));
  const fresh = fs.mkdtempSync(path.join(os.tmpdir(), "pb-rs-"));
  tmpDirs.push(dir, fresh);
  const url = `http://localhost:${PORTS.d}`;
  const embeddedEnv = (dataDir: string) => {
    const env = instanceEnv({ PATCHBAY_DATA_DIR: dataDir, APP_URL: url });
    for (const k of ["DATABASE_URL", ...Object.keys(SECRETS)]) delete env[k];
    return env;
  };
  const d = patchbayInstance("d", PORTS.d, embeddedEnv(dir));
  await d.start();
  let keyBefore = "";
  try {
    const email = uniqueEmail("backup");
    await page.goto(`${url}/signup`);
    await page.getByLabel("E-mail").fill(email);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByLabel("Team name").fill("Backed up");
    await page.getByRole("button", { name: "Create account" }).click();
    await expect(page.getByRole("heading", { name: "Overview" })).toBeVisible();
    const mk = async (name: string) => {
      const r = await page.request.post(`${url}/api/v1/api-keys`, {
        data: { name, scopes: ["api_keys:read"] },
      });
      expect(r.status()).toBe(201);
      return ((await r.json()) as { key: string }).key;
    };
    keyBefore = await mk("before the backup");
    // Writes keep coming while the backup is taken.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await mk(`during ${written}`);
        written++;
      }
    })();
    const out = path.join(dir, "..", `${path.basename(dir)}.pbk`);
    tmpDirs.push(out);
    const backup = await run("npx", ["tsx", "scripts/db-backup.ts", "--out", out], {
      env: { ...embeddedEnv(dir), NODE_ENV: "production" },
    });
    writing = false;
    await writer;
    expect(backup.stdout).toContain("from the running server");
    expect(written).toBeGreaterThan(0);
  } finally {
    await d.stop();
  }
  const out = path.join(dir, "..", `${path.basename(dir)}.pbk`);
  const restore = await run("npx", ["tsx", "scripts/db-restore.ts", out], {
    env: { ...embeddedEnv(fresh), NODE_ENV: "production" },
  });
  expect(restore.stdout).toContain("Restored the backup");
  const e = patchbayInstance("e", PORTS.d, embeddedEnv(fresh));
  await e.start();
  try {
    // The key made before the backup works on the restored copy: its rows and the secrets came back.
    const r = await fetch(`${url}/api/v1/api-keys`, { headers: bearer(keyBefore) });
    expect(r.status).toBe(200);
    const { data } = (await r.json()) as { data: { name: string }[] };
    expect(data.map((k) => k.name)).toContain("before the backup");
  } finally {
    await e.stop();
  }
});
