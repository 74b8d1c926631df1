// Which connection a proxied request uses. The path form names it (`/connections/{id}/proxy/…`); the provider
// form (`/proxy/{provider}/…`) names the provider and lets a header pick the connection. Header resolvers are a
// registry so other ways of naming a connection plug in without touching the proxy: the partners feature adds
// `X-Account-Id` (a partner's end-customer account → that account's connection of this provider) by calling
// registerConnectionResolver. Every resolver answers under the caller's tenancy; the connection it names is then
// opened with the caller's visibility and must belong to the provider in the path (else 404).
import type { TAuthContext } from "@/lib/actor";
import { AppError } from "@/lib/errors";
import type { THeaderReader } from "@/lib/header-reader";

export type TProxyTarget = { connectionId: string } | { provider: string; headers: THeaderReader };

export type TConnectionResolver = {
  /** lower-case header name this resolver reads, e.g. "connection-id" */
  header: string;
  /** the connection id, or null when nothing matches (the caller sees 404) */
  resolve: (
    ctx: TAuthContext,
    provider: string,
    value: string,
    headers: THeaderReader,
  ) => Promise<string | null>;
  /** other resolvers' headers this one reads as a refinement (X-Account-Id + Connection-Id picks one of the
   * account's connections): sent together with this header, they are not a second way of naming a connection */
  refinedBy?: string[];
};

const KEY = Symbol.for("patchbay.proxy.resolvers");
type TGlobal = typeof globalThis & { [KEY]?: TConnectionResolver[] };

const connectionIdHeader: TConnectionResolver = {
  header: "connection-id",
  resolve: async (_ctx, _provider, value) => (/^[A-Za-z0-9_-]{1,64}$/.test(value) ? value : null),
};

function resolvers(): TConnectionResolver[] {
  const g = globalThis as TGlobal;
  return (g[KEY] ??= [connectionIdHeader]);
}

/** Adds a resolver (replacing one for the same header). */
export function registerConnectionResolver(resolver: TConnectionResolver): void {
  const list = resolvers();
  const i = list.findIndex((r) => r.header === resolver.header);
  if (i >= 0) list[i] = resolver;
  else list.push(resolver);
}

export function resolverHeaders(): string[] {
  return resolvers().map((r) => r.header);
}

/** { connectionId, provider? } for the target, or an AppError (400 when no header names a connection). */
export async function resolveConnectionId(
  ctx: TAuthContext,
  target: TProxyTarget,
): Promise<{ connectionId: string | null; provider?: string }> {
  if ("connectionId" in target) return { connectionId: target.connectionId };
  const sent = resolvers().filter((r) => target.headers.has(r.header));
  const refinements = new Set(sent.flatMap((r) => r.refinedBy ?? []));
  const present = sent.filter((r) => !refinements.has(r.header));
  if (present.length === 0) {
    throw new AppError("bad_request", {
      message: `Name the connection with one of these headers: ${resolverHeaders().join(", ")}.`,
    });
  }
  if (present.length > 1) {
    throw new AppError("bad_request", { message: "Name the connection with one header only." });
  }
  const r = present[0]!;
  const connectionId = await r.resolve(
    ctx,
    target.provider,
    target.headers.get(r.header)!.trim(),
    target.headers,
  );
  return { connectionId, provider: target.provider };
}
