// Invalidation of in-process caches (API keys, team proxy limits) on every instance.
//
// Two paths, so a change is seen everywhere within 2 s:
//   1. In-process: publishInvalidation() calls this process's handlers at once (the instance that made the change
//      never serves a stale entry).
//   2. Other instances: the same call sends `pg_notify('patchbay_cache', '<topic>:<id>')`; every instance keeps one
//      dedicated LISTEN connection (startInvalidationListener, from boot) and calls its handlers on arrival.
//
// LISTEN/NOTIFY does not work across socket connections on embedded PGlite (a notification goes back to the
// connection that sent it). So the listener proves itself: after LISTEN it sends a probe through the ordinary pool
// and counts as *healthy* only if the probe arrives on the listening connection, and it re-probes every
// PROBE_EVERY_MS. Caches read `crossInstanceInvalidation()` to pick their TTL: long while the listener is healthy,
// short (≤ 1 s) otherwise — embedded mode (one process anyway, the data-dir lock), a lost listener, a database
// that drops notifications. Losing the listener also clears every cache ("*" handlers).
//
// State lives on globalThis: Next.js bundles instrumentation.ts (which starts the listener) and each route
// separately, so module-level state would be one copy per bundle.
import crypto from "node:crypto";
import pg from "pg";
import { db, databaseUrl } from "@/lib/db";
import { log } from "@/lib/log";

export const CACHE_CHANNEL = "patchbay_cache";
const PROBE_TIMEOUT_MS = 1_000;
const PROBE_EVERY_MS = 15_000;
const RECONNECT_MS = 1_000;

type THandler = (id: string) => void;
type TListener = {
  client: pg.Client | null;
  healthy: boolean;
  stopping: boolean;
  probes: Map<string, () => void>;
  timer: NodeJS.Timeout | null;
};
type TBus = { handlers: Map<string, Set<THandler>>; listener: TListener | null; received: number };

const g = globalThis as { __patchbayCacheBus?: TBus };
const bus = (): TBus => (g.__patchbayCacheBus ??= { handlers: new Map(), listener: null, received: 0 });

/** Subscribes to one topic ("api_key", "team_limits"); the topic "*" means "drop everything" (listener lost). */
export function onInvalidate(topic: string, handler: THandler): () => void {
  const b = bus();
  let set = b.handlers.get(topic);
  if (!set) b.handlers.set(topic, (set = new Set()));
  set.add(handler);
  return () => set.delete(handler);
}

function dispatch(topic: string, id: string) {
  for (const h of bus().handlers.get(topic) ?? []) {
    try {
      h(id);
    } catch (err) {
      log.warn("cache invalidation handler failed", { topic, error: (err as Error).message });
    }
  }
}

/**
 * Drops `topic:id` in this process only. For caches whose TTL alone keeps the cross-instance promise (the
 * connection rows of the proxy: 1 s), so that hot writes such as token refreshes cost no NOTIFY.
 */
export function invalidateHere(topic: string, id: string): void {
  dispatch(topic, id);
}

/** True while this instance's LISTEN connection is proven to receive other connections' notifications. */
export function crossInstanceInvalidation(): boolean {
  return bus().listener?.healthy === true;
}

/** Notifications received from the database (tests read it to tell NOTIFY from TTL expiry). */
export function invalidationsReceived(): number {
  return bus().received;
}

/**
 * Drops `topic:id` here at once, then tells the other instances. A failed NOTIFY is logged, not thrown: the
 * change itself is already committed and the other instances' short TTL still applies (see header).
 */
export async function publishInvalidation(topic: string, id: string): Promise<void> {
  dispatch(topic, id);
  try {
    await db.$executeRaw`SELECT pg_notify(${CACHE_CHANNEL}, ${`${topic}:${id}`})`;
  } catch (err) {
    log.warn("cache invalidation NOTIFY failed; other instances rely on their TTL", {
      topic,
      error: (err as Error).message,
    });
  }
}

function onNotification(l: TListener, payload: string | undefined) {
  if (!payload) return;
  const probe = l.probes.get(payload);
  if (probe) return probe();
  const at = payload.indexOf(":");
  if (at <= 0) return;
  bus().received++;
  dispatch(payload.slice(0, at), payload.slice(at + 1));
}

async function probe(l: TListener): Promise<boolean> {
  const token = `probe:${crypto.randomBytes(8).toString("hex")}`;
  const arrived = new Promise<boolean>((resolve) => {
    const t = setTimeout(() => resolve(false), PROBE_TIMEOUT_MS);
    l.probes.set(token, () => {
      clearTimeout(t);
      resolve(true);
    });
  });
  try {
    // Through the pool, i.e. another connection: what matters is whether *other* connections reach us.
    await db.$executeRaw`SELECT pg_notify(${CACHE_CHANNEL}, ${token})`;
    return await arrived;
  } catch {
    return false;
  } finally {
    l.probes.delete(token);
  }
}

function setHealthy(l: TListener, healthy: boolean) {
  if (l.healthy && !healthy) dispatch("*", ""); // entries cached under the long TTL are no longer safe
  l.healthy = healthy;
}

async function connect(l: TListener, url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, keepAlive: true });
  const lost = () => {
    if (l.client !== client) return;
    l.client = null;
    setHealthy(l, false);
    client.end().catch(() => undefined);
    if (!l.stopping) setTimeout(() => void connect(l, url).catch(() => undefined), RECONNECT_MS).unref();
  };
  client.on("error", lost);
  client.on("end", lost);
  client.on("notification", (m) => onNotification(l, m.payload));
  try {
    await client.connect();
    await client.query(`LISTEN ${CACHE_CHANNEL}`);
  } catch (err) {
    log.warn("cache invalidation listener could not connect; caches use their short TTL", {
      error: (err as Error).message,
    });
    l.client = client;
    lost();
    return;
  }
  l.client = client;
  const ok = await probe(l);
  setHealthy(l, ok);
  if (!ok) {
    // PGlite (or a database that drops notifications): stay on short TTLs and stop asking.
    log.info("LISTEN/NOTIFY does not reach this connection; caches use their short TTL");
    l.client = null;
    await client.end().catch(() => undefined);
  }
}

/** Starts this instance's LISTEN connection (boot; the two-process tests' workers). Idempotent. */
export async function startInvalidationListener(url: string = databaseUrl()): Promise<void> {
  const b = bus();
  if (b.listener && !b.listener.stopping) return;
  const l: TListener = { client: null, healthy: false, stopping: false, probes: new Map(), timer: null };
  b.listener = l;
  await connect(l, url);
  l.timer = setInterval(() => {
    if (l.client) void probe(l).then((ok) => setHealthy(l, ok));
  }, PROBE_EVERY_MS);
  l.timer.unref();
}

export async function stopInvalidationListener(): Promise<void> {
  const l = bus().listener;
  if (!l) return;
  l.stopping = true;
  if (l.timer) clearInterval(l.timer);
  setHealthy(l, false);
  const c = l.client;
  l.client = null;
  bus().listener = null;
  await c?.end().catch(() => undefined);
}
