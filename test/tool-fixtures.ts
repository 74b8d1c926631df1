// Shared set-up for the tool tests: a team with an API key, a connection made the way every creation path makes
// them (with the OAuth scopes it was granted), and calls to runTool and to the tools routes with real Requests.
import * as listRoute from "@/app/api/v1/tools/route";
import * as runRoute from "@/app/api/v1/connections/[id]/tools/[name]/route";
import type { TApiScope } from "@/lib/api-keys/scopes";
import type { TCredentials } from "@/lib/connections/credentials";
import { createConnection } from "@/lib/connections/create-connection";
import { runTool, type TToolRunResult } from "@/lib/tools/run-tool";
import { defaultBrandId, makeApiKey, makeOwner, type TTestUser } from "./factories";

export type TToolTeam = { owner: TTestUser; key: string };

export async function toolTeam(scopes: TApiScope[] = ["tools:read", "tools:run"]): Promise<TToolTeam> {
  const owner = await makeOwner();
  return { owner, key: (await makeApiKey(owner, scopes)).key };
}

export async function makeToolConnection(
  team: TToolTeam,
  providerSlug: string,
  authMode: string,
  credentials: TCredentials,
  opts: { params?: Record<string, string>; scopes?: string[] } = {},
): Promise<string> {
  const row = await createConnection(
    {
      teamId: team.owner.teamId,
      brandId: await defaultBrandId(team.owner.teamId),
      ownerKind: "shared",
      ownerUserId: null,
      providerSlug,
      authMode,
      label: `${providerSlug} for the tool tests`,
      credentials,
      accountIdentity: {},
      params: opts.params ?? {},
      metadata: {},
      context: {},
      scopes: opts.scopes ?? [],
      tokenExpiresAt: null,
      refreshTokenExpiresAt: null,
    },
    "created by a tool test",
  );
  return row.id;
}

/** runTool as the team's owner (a dashboard session), with a fixed clock when given. */
export function run(
  team: TToolTeam,
  connectionId: string,
  name: string,
  input: unknown,
  now?: Date,
): Promise<TToolRunResult> {
  return runTool(team.owner.ctx, connectionId, name, input, {
    requestId: "req_tool_test",
    now: now ? () => now : undefined,
  });
}

/** The error runTool threw (fails the test when it did not throw). */
export async function runError(
  p: Promise<unknown>,
): Promise<{ code: string; status: number; message: string; details: Record<string, unknown> }> {
  try {
    await p;
  } catch (err) {
    const e = err as { code: string; status: number; message: string; details?: Record<string, unknown> };
    return { code: e.code, status: e.status, message: e.message, details: e.details ?? {} };
  }
  throw new Error("expected the tool to fail");
}

const ORIGIN = "http://localhost:3999";

/** POST /api/v1/connections/{id}/tools/{name} with the team's key. */
export function postTool(key: string, id: string, name: string, body: unknown): Promise<Response> {
  const req = new Request(`${ORIGIN}/api/v1/connections/${id}/tools/${name}`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return runRoute.POST(req, { params: Promise.resolve({ id, name }) });
}

/** GET /api/v1/tools?… with the team's key. */
export function getTools(key: string, query = ""): Promise<Response> {
  const req = new Request(`${ORIGIN}/api/v1/tools${query}`, { headers: { authorization: `Bearer ${key}` } });
  return listRoute.GET(req, { params: Promise.resolve({}) });
}
