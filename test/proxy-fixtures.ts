// Shared set-up for the proxy tests: a team, an API key, connections made the way every creation path makes them,
// and calls to the proxy route handlers with real Request objects (streaming bodies included).
import * as pathRoute from "@/app/api/v1/connections/[id]/proxy/[[...path]]/route";
import * as providerRoute from "@/app/api/v1/proxy/[provider]/[[...path]]/route";
import * as jsonRoute from "@/app/api/v1/connections/[id]/request/route";
import type { TApiScope } from "@/lib/api-keys/scopes";
import type { TCredentials } from "@/lib/connections/credentials";
import { afterEach, beforeEach } from "vitest";
import { createConnection } from "@/lib/connections/create-connection";
import { setOutboundHostMapForTests, setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { closeProxyAgentsForTests } from "@/lib/proxy/agent";
import { resetThrottleForTests } from "@/lib/proxy/throttle";
import { defaultBrandId, makeApiKey, makeOwner, type TTestUser } from "./factories";

export type TProxyTeam = { owner: TTestUser; key: string };

/**
 * The hooks of a test file that proxies to local fakes: private upstreams allowed (the fakes are on loopback) and
 * a clean throttle for each test; after it, the policy and the host map restored, the proxy's keep-alive pools
 * closed, then `cleanup` (the file's own: closing its fakes).
 */
export function proxyTestHooks(cleanup?: () => Promise<void> | void): void {
  beforeEach(() => {
    setOutboundPolicyForTests({ allowPrivate: true });
    resetThrottleForTests();
  });
  afterEach(async () => {
    setOutboundPolicyForTests(undefined);
    setOutboundHostMapForTests(undefined);
    await closeProxyAgentsForTests();
    await cleanup?.();
  });
}

export async function proxyTeam(scopes: TApiScope[] = ["connections:proxy"]): Promise<TProxyTeam> {
  const owner = await makeOwner();
  const made = await makeApiKey(owner, scopes);
  return { owner, key: made.key };
}

export async function makeProxyConnection(
  team: TProxyTeam,
  providerSlug: string,
  authMode: string,
  credentials: TCredentials,
  params: Record<string, string> = {},
  tokenExpiresAt: Date | null = null,
  brandId?: string,
): Promise<string> {
  const row = await createConnection(
    {
      teamId: team.owner.teamId,
      brandId: brandId ?? (await defaultBrandId(team.owner.teamId)),
      ownerKind: "shared",
      ownerUserId: null,
      providerSlug,
      authMode,
      label: `${providerSlug} for the proxy tests`,
      credentials,
      accountIdentity: {},
      params,
      metadata: {},
      context: {},
      scopes: [],
      tokenExpiresAt,
      refreshTokenExpiresAt: null,
    },
    "created by a proxy test",
  );
  return row.id;
}

type TProxyCall = {
  method?: string;
  headers?: Record<string, string>;
  body?: BodyInit | null;
  key: string;
};

const ORIGIN = "http://localhost:3999";

function request(url: string, opts: TProxyCall): Request {
  const headers = new Headers(opts.headers);
  headers.set("authorization", `Bearer ${opts.key}`);
  const init: RequestInit & { duplex?: "half" } = { method: opts.method ?? "GET", headers };
  if (opts.body !== undefined && opts.body !== null) {
    init.body = opts.body;
    init.duplex = "half";
  }
  return new Request(`${ORIGIN}${url}`, init);
}

/** /api/v1/connections/{id}/proxy{path} — the raw Response (body not read). */
export function viaPath(id: string, path: string, opts: TProxyCall): Promise<Response> {
  const req = request(`/api/v1/connections/${id}/proxy${path}`, opts);
  const handler = pathRoute[(opts.method ?? "GET") as "GET"];
  return handler(req, { params: Promise.resolve({ id, path: path.split("/").filter(Boolean) }) });
}

export function viaProvider(provider: string, path: string, opts: TProxyCall): Promise<Response> {
  const req = request(`/api/v1/proxy/${provider}${path}`, opts);
  const handler = providerRoute[(opts.method ?? "GET") as "GET"];
  return handler(req, { params: Promise.resolve({ provider, path: path.split("/").filter(Boolean) }) });
}

export function viaJson(
  id: string,
  body: unknown,
  opts: Omit<TProxyCall, "body" | "method">,
): Promise<Response> {
  const req = request(`/api/v1/connections/${id}/request`, {
    ...opts,
    method: "POST",
    headers: { "content-type": "application/json", ...opts.headers },
    body: JSON.stringify(body),
  });
  return jsonRoute.POST(req, { params: Promise.resolve({ id }) });
}

export async function readJson(res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new Error(`not JSON (${String(res.status)}): ${text.slice(0, 200)}`);
  }
}
