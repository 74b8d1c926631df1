// The API key on the proxy's hot path (issue 8 §4): cached in process so a request in steady state spends no
// database round trip on it, and still refused within 2 s of its revocation on EVERY instance. The second
// instance is a real second process (api-key-worker.ts) on the same database. On PostgreSQL it learns of the
// revocation by LISTEN/NOTIFY (its listener proves itself healthy, so its entries would otherwise live 30 s); on
// embedded PGlite notifications do not cross connections (docs: STACK.md), the listener says so, and the 1 s TTL
// keeps the promise.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import pg from "pg";
import { afterEach, describe, expect, inject, it, vi } from "vitest";
import * as keyRoute from "@/app/api/v1/api-keys/[id]/route";
import * as meRoute from "@/app/api/v1/me/route";
import { authenticateApiKey } from "@/lib/api-keys/authenticate-api-key";
import { db } from "@/lib/db";
import { makeApiKey, makeOwner } from "../factories";
import { call } from "../http";

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let children: ChildProcess[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const c of children) if (c.exitCode === null) c.kill();
  children = [];
});

function spawnInstance() {
  const child = spawn(process.execPath, ["--import", "tsx", "test/integration/api-key-worker.ts"], {
    cwd: process.cwd(),
    env: { ...process.env, DATABASE_URL: inject("databaseUrl") },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  const lines = createInterface({ input: child.stdout });
  const next = (prefix: string) =>
    new Promise<string>((resolve, reject) => {
      const onLine = (l: string) => {
        if (!l.startsWith(prefix)) return;
        lines.off("line", onLine);
        resolve(l.slice(prefix.length));
      };
      lines.on("line", onLine);
      void exited.then((code) => reject(new Error(`instance B exited (${String(code)}): ${stderr}`)));
    });
  return {
    ready: next("READY ").then((s) => JSON.parse(s) as { healthy: boolean }),
    async auth(key: string) {
      const result = next("AUTH ");
      child.stdin.write(`auth ${key}\n`);
      return JSON.parse(await result) as { ok: boolean; received: number };
    },
  };
}

describe("API key cache", () => {
  it("in steady state authenticates a key without any database round trip; lastUsedAt is written once", async () => {
    const owner = await makeOwner();
    const { key, api_key } = await makeApiKey(owner, ["brands:read"]);
    await authenticateApiKey(key); // first use: loads the key and records lastUsedAt
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: api_key.id } })).lastUsedAt).not.toBeNull();

    const queries = vi.spyOn(pg.Client.prototype, "query");
    for (let i = 0; i < 25; i++) {
      const ctx = await authenticateApiKey(key);
      expect(ctx.teamId).toBe(owner.teamId);
    }
    expect(queries).not.toHaveBeenCalled();
    await db.apiKey.count({ where: { id: api_key.id } }); // the spy does see the app's queries
    expect(queries).toHaveBeenCalled();
  });

  it("a key revoked on this instance is refused at once here", async () => {
    const owner = await makeOwner();
    const { key, api_key } = await makeApiKey(owner, ["brands:read"]);
    expect((await call(meRoute.GET, { bearer: key })).status).toBe(200); // now cached
    const revoked = await call(keyRoute.DELETE, {
      method: "DELETE",
      cookie: owner.cookie,
      params: { id: api_key.id },
    });
    expect(revoked.status).toBe(200);
    expect((await call(meRoute.GET, { bearer: key })).status).toBe(401);
  });

  it("an expired key is refused even while cached", async () => {
    const owner = await makeOwner();
    const { key, api_key } = await makeApiKey(owner, ["brands:read"], new Date(Date.now() + 1_500));
    expect((await call(meRoute.GET, { bearer: key })).status).toBe(200);
    const expiresAt = (await db.apiKey.findUniqueOrThrow({ where: { id: api_key.id } })).expiresAt!;
    while (Date.now() <= expiresAt.getTime()) await sleep(100);
    expect((await call(meRoute.GET, { bearer: key })).status).toBe(401);
  });

  it(`a key revoked on instance A is refused on instance B within 2 s (${onPostgres ? "LISTEN/NOTIFY" : "TTL on PGlite"})`, async () => {
    const owner = await makeOwner();
    const { key, api_key } = await makeApiKey(owner, ["brands:read"]);
    const b = spawnInstance();
    const { healthy } = await b.ready;
    // The listener's self-test: on PostgreSQL notifications reach it; on PGlite they do not, and it knows.
    expect(healthy).toBe(onPostgres);

    expect((await b.auth(key)).ok).toBe(true); // B caches the key
    expect((await b.auth(key)).ok).toBe(true);

    const revoked = await call(keyRoute.DELETE, {
      method: "DELETE",
      cookie: owner.cookie,
      params: { id: api_key.id },
    });
    expect(revoked.status).toBe(200);
    const deadline = Date.now() + 2_000;
    let last = { ok: true, received: 0 };
    // Poll B, staggered; the requirement is "refused within 2 s", so that is the bound and nothing tighter.
    while (Date.now() < deadline) {
      last = await b.auth(key);
      if (!last.ok) break;
      await sleep(50);
    }
    expect(last.ok).toBe(false);
    // On PostgreSQL the refusal came from the NOTIFY: B's healthy listener would have kept the entry 30 s.
    if (onPostgres) expect(last.received).toBeGreaterThanOrEqual(1);
  });
});
