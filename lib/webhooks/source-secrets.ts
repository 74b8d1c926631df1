// Webhook signing secrets of a source, sealed in the vault (AAD "InboundWebhookSource:<id>:secret:<secret id>"),
// several at once while one rolls. For providers that sign with the app's client secret (Shopify, HubSpot) the
// app's client secret is always a candidate too — the one of the same level (team or instance) as the source.
import crypto from "node:crypto";
import { appClientSecret } from "@/lib/providers/app-client-secret";
import type { TProvider } from "@/lib/providers/schemas";
import { aadFor, open, seal } from "@/lib/vault/vault";
import type { TSourceRow } from "./repo";

export type TStoredSecret = { id: string; sealed: string; createdAt: string };

export const newSourceId = () => `whs_${crypto.randomBytes(12).toString("base64url")}`;
export const newSecretId = () => `wss_${crypto.randomBytes(6).toString("base64url")}`;

export function storedSecrets(value: unknown): TStoredSecret[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (s): s is TStoredSecret =>
      !!s &&
      typeof s === "object" &&
      typeof (s as TStoredSecret).id === "string" &&
      typeof (s as TStoredSecret).sealed === "string" &&
      typeof (s as TStoredSecret).createdAt === "string",
  );
}

export const secretAad = (sourceId: string, secretId: string) =>
  aadFor("InboundWebhookSource", sourceId, `secret:${secretId}`);

export const pendingTokenAad = (sourceId: string) => aadFor("InboundWebhookSource", sourceId, "pendingToken");

export function sealSecret(sourceId: string, secret: string): TStoredSecret {
  const id = newSecretId();
  return { id, sealed: seal(secret, secretAad(sourceId, id)), createdAt: new Date().toISOString() };
}

export function openSourceSecrets(source: Pick<TSourceRow, "id" | "secrets">): string[] {
  return storedSecrets(source.secrets).map((s) => open(s.sealed, secretAad(source.id, s.id)));
}

/** Every secret a delivery to `source` may be signed with (empty: fail closed). */
export async function candidateSecrets(
  provider: TProvider,
  source: Pick<TSourceRow, "id" | "secrets" | "teamId" | "connectionId"> | null,
  level: { teamId: string | null },
): Promise<string[]> {
  const out = source ? openSourceSecrets(source) : [];
  if (provider.webhooks?.signature.secret === "client_secret" && !source?.connectionId) {
    // First: a challenge-response check (X's CRC) answers with the secret the provider signs with now.
    const clientSecret = await appClientSecret(level.teamId, provider.slug);
    if (clientSecret) out.unshift(clientSecret);
  }
  return out;
}

// A short per-process cache: an intake at 1,000 deliveries/s must not open the vault and read the source on
// every request. Edits through this process clear it at once; other instances see a change within the TTL.
const TTL_MS = 5_000;
export type TLoadedSource = { source: TSourceRow | null; secrets: string[]; missing: boolean };
type TCached = { at: number; value: Promise<TLoadedSource> };
const g = globalThis as { __patchbayWebhookSecretCache?: Map<string, TCached> };
const cache = (): Map<string, TCached> => (g.__patchbayWebhookSecretCache ??= new Map<string, TCached>());

export function cachedSource(key: string, load: () => Promise<TLoadedSource>): Promise<TLoadedSource> {
  const c: Map<string, TCached> = cache();
  const hit = c.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  const value = load();
  c.set(key, { at: Date.now(), value });
  value.catch(() => c.delete(key));
  if (c.size > 10_000) c.clear();
  return value;
}

// Routes by tenant key (shop domain, Stripe account …), the intake's other per-delivery read: cached 1 s, and
// only when some connection matched — a connection made a moment ago is never missed because of a cached "none".
// A cached route to a connection deleted meanwhile fails the delivery's insert (foreign key) and clears this.
const ROUTES_TTL_MS = 1_000;
type TRoute = { connectionId: string; teamId: string };
type TCachedRoutes = { at: number; routes: TRoute[] };
const gr = globalThis as { __patchbayWebhookRouteCache?: Map<string, TCachedRoutes> };
const routeCache = () => (gr.__patchbayWebhookRouteCache ??= new Map<string, TCachedRoutes>());

export async function cachedRoutes(key: string, load: () => Promise<TRoute[]>): Promise<TRoute[]> {
  const c = routeCache();
  const hit = c.get(key);
  if (hit && Date.now() - hit.at < ROUTES_TTL_MS) return hit.routes;
  const routes = await load();
  if (routes.length > 0) {
    if (c.size > 10_000) c.clear();
    c.set(key, { at: Date.now(), routes });
  } else c.delete(key);
  return routes;
}

/** Clears the sources and the routes cached in this process (after any edit of either). */
export function forgetCachedSources(): void {
  cache().clear();
  routeCache().clear();
}
