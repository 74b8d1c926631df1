// Durability of outbound events across processes (kill -9), as the issue asks: "kill -9 of the app between the
// change and the delivery loses no event (the outbox), and a second instance delivers it".
//   1 — process A commits a change (connection disabled) and is killed with SIGKILL before delivering anything;
//       process B, started afterwards, delivers the event: the receiver gets it once, correctly signed.
//   3 — a process that emits its first event before its job sender started (emitEvent's deferred path) does not
//       deadlock the embedded database, and the event is delivered.
//   2 — process B is killed with SIGKILL in the middle of an attempt (the receiver holds the request open);
//       process C takes the delivery over once B's lease has expired and delivers it. The receiver saw the id
//       twice (at-least-once) and processed it once (it dedupes by webhook-id).
// No workers run in this test's own process.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createConnection } from "@/lib/connections/create-connection";
import { db } from "@/lib/db";
import { createEndpoint } from "@/lib/events/endpoints";
import { setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { startWebhookReceiver, type TReceiver } from "@/e2e/fixtures/webhook-receiver";
import { defaultBrandId, makeOwner, type TTestUser } from "../factories";

const children: ChildProcess[] = [];
const receivers: TReceiver[] = [];

beforeAll(() => setOutboundPolicyForTests({ allowPrivate: true }));
afterAll(async () => {
  setOutboundPolicyForTests(undefined);
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  await Promise.all(receivers.map((r) => r.close()));
});

function spawnWorker(args: string[]) {
  const child = spawn(process.execPath, ["--import", "tsx", "test/integration/events-worker.ts", ...args], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      DATABASE_URL: inject("databaseUrl"),
      PATCHBAY_EVENTS_TIMEOUT_MS: "1500",
      PATCHBAY_EVENTS_RETRY_SCALE: "0.0001",
    },
    stdio: ["pipe", "pipe", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<string>((r) => child.once("exit", (code, signal) => r(signal ?? String(code))));
  const lines = createInterface({ input: child.stdout });
  const line = (want: string) =>
    new Promise<void>((resolve, reject) => {
      lines.on("line", (l) => l === want && resolve());
      void exited.then((how) => reject(new Error(`worker ended (${how}) before ${want}: ${stderr}`)));
    });
  return { child, line, exited, kill: () => child.kill("SIGKILL") };
}

async function until<T>(what: string, f: () => T | Promise<T>, ms = 60_000): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function setup(): Promise<{ owner: TTestUser; r: TReceiver; connectionId: string }> {
  const owner = await makeOwner();
  const r = await startWebhookReceiver();
  receivers.push(r);
  const made = await createEndpoint(owner.ctx, { url: r.url, event_types: ["connection.disabled"] });
  r.setSecrets([made.secret]);
  const conn = await createConnection(
    {
      teamId: owner.teamId,
      brandId: await defaultBrandId(owner.teamId),
      ownerKind: "shared",
      ownerUserId: null,
      providerSlug: "posthog",
      authMode: "api_key",
      label: null,
      accountIdentity: {},
      params: {},
      metadata: {},
      context: {},
      scopes: [],
      credentials: { type: "api_key", api_key: "phx_outbox_test" },
      tokenExpiresAt: null,
      refreshTokenExpiresAt: null,
    },
    "test",
  );
  return { owner, r, connectionId: conn.id };
}

const eventOf = (connectionId: string) =>
  db.event.findFirst({ where: { connectionId, type: "connection.disabled" }, include: { deliveries: true } });

describe("the outbox survives kill -9", () => {
  it("1 — killed right after the commit: nothing lost, a second process delivers it once", async () => {
    const { owner, r, connectionId } = await setup();
    const a = spawnWorker(["change", owner.teamId, owner.userId, connectionId]);
    await a.line("COMMITTED");
    a.kill();
    expect(await a.exited).toBe("SIGKILL");
    const event = await eventOf(connectionId);
    expect(event?.deliveries).toHaveLength(1);
    expect(event!.deliveries[0]!.status).toBe("pending");
    expect(r.arrivals).toHaveLength(0); // A delivered nothing

    const b = spawnWorker(["work"]);
    await b.line("READY");
    await until(
      "delivered",
      async () => (await eventOf(connectionId))?.deliveries[0]?.status === "delivered",
    );
    expect(r.arrivals.map((x) => [x.id, x.signatureValid, x.answered])).toEqual([[event!.id, true, 200]]);
    expect(r.processed()).toEqual([event!.id]);
    b.child.stdin.end();
    await b.exited;
  }, 90_000);

  it("2 — killed mid-attempt: the lease expires, another process takes over; processed once", async () => {
    const { owner, r, connectionId } = await setup();
    r.script([{ kind: "hang", ms: 60_000 }]); // the first request is never answered
    const b = spawnWorker(["work"]);
    await b.line("READY");
    const a = spawnWorker(["change", owner.teamId, owner.userId, connectionId]);
    await a.line("COMMITTED");
    a.kill();
    await until("B's attempt to arrive", () => r.arrivals.length === 1);
    b.kill(); // in the middle of the attempt: nothing recorded, its lease and its pg-boss job left behind
    expect(await b.exited).toBe("SIGKILL");
    const event = await eventOf(connectionId);
    expect(event!.deliveries[0]).toMatchObject({ status: "pending", attempts: 0 });
    expect(event!.deliveries[0]!.leaseUntil).not.toBeNull();

    const c = spawnWorker(["work", "500"]);
    await c.line("READY");
    await until(
      "delivered by C",
      async () => (await eventOf(connectionId))?.deliveries[0]?.status === "delivered",
    );
    const ids = r.arrivals.map((x) => x.id);
    expect(ids).toEqual([event!.id, event!.id]);
    expect(r.arrivals.map((x) => x.answered)).toEqual(["hung", 200]);
    expect(r.processed()).toEqual([event!.id]);
    const attempts = await db.deliveryAttempt.findMany({ where: { deliveryId: event!.deliveries[0]!.id } });
    expect(attempts.map((x) => x.outcome)).toEqual(["delivered"]); // B's attempt died with B, unrecorded
    c.child.stdin.end();
    await c.exited;
  }, 120_000);

  it("3 — a process that emits before its job sender started neither deadlocks nor loses the event", async () => {
    const { owner, r, connectionId } = await setup();
    const b = spawnWorker(["work"]);
    await b.line("READY");
    const a = spawnWorker(["change-cold", owner.teamId, owner.userId, connectionId]);
    await a.line("COMMITTED");
    await until(
      "delivered",
      async () => (await eventOf(connectionId))?.deliveries[0]?.status === "delivered",
    );
    const event = await eventOf(connectionId);
    expect(r.arrivals.map((x) => [x.id, x.signatureValid, x.answered])).toEqual([[event!.id, true, 200]]);
    a.kill();
    b.child.stdin.end();
    await b.exited;
  }, 90_000);
});
