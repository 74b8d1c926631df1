// Vercel, Railway and Figma tools against their fakes (vercel-api.ts, railway-api.ts, figma-api.ts) over HTTP,
// through the real proxy core: Vercel's time cursor (`pagination.next` → `until`), Railway's Relay pages in GraphQL
// variables and its HTTP-200 `errors`, Figma's unpaged lists; each provider's error and a 429 retried. These are
// API-key connections: they carry no OAuth grant, so there is no scope to refuse (the provider decides per request).
import { describe, expect, it } from "vitest";
import {
  FIGMA_DATA,
  RAILWAY_DATA,
  VERCEL_DATA,
  startFakeFigmaApi,
  startFakeRailwayApi,
  startFakeVercelApi,
  type FakeHandle,
} from "@/e2e/fixtures/fake-providers";
import { setOutboundHostMapForTests } from "@/lib/outbound/guarded-fetch";
import { makeToolConnection, run, runError, toolTeam, type TToolTeam } from "../tool-fixtures";
import { proxyTestHooks } from "../proxy-fixtures";

const VERCEL = "vercelToken0123456789abcdefXYZ";
const RAILWAY = "railway-token-0123456789-abcdef";
const FIGMA = "figd_figmaToken0123456789abcdefXYZ";

let fakes: FakeHandle[] = [];
proxyTestHooks(async () => {
  await Promise.all(fakes.map((f) => f.close()));
  fakes = [];
});

async function connect(team: TToolTeam, provider: string, host: string, fake: FakeHandle, key: string) {
  fakes.push(fake);
  setOutboundHostMapForTests({ [host]: fake.url });
  return makeToolConnection(team, provider, "api_key", { type: "api_key", api_key: key });
}

describe("vercel.list_deployments", () => {
  it("reads older pages with `until` = the previous page's pagination.next (a ms timestamp), newest first", async () => {
    const team = await toolTeam();
    const fake = await startFakeVercelApi({ tokens: [VERCEL], data: VERCEL_DATA, pageCap: 2 });
    const id = await connect(team, "vercel", "api.vercel.com", fake, VERCEL);
    const data = (await run(team, id, "vercel.list_deployments", { project: "prj_web" })).data as {
      deployments: { id: string; state: string; target: string; branch: string | null; url: string | null }[];
      by_state: Record<string, number>;
      partial: boolean;
      pages: number;
    };
    expect(data.deployments.map((d) => d.state)).toEqual(["BUILDING", "CANCELED", "READY", "ERROR", "READY"]);
    expect(data.by_state).toEqual({ BUILDING: 1, CANCELED: 1, READY: 2, ERROR: 1 });
    expect(data).toMatchObject({ partial: false, pages: 3 });
    expect(data.deployments[1]).toMatchObject({
      target: "preview",
      branch: "main",
      url: "https://prj_web-4.vercel.app",
    });
    const calls = fake.requestsTo("/v6/deployments");
    expect(calls[0]!.query).toMatchObject({ projectId: "prj_web", limit: "100" });
    expect(calls[0]!.query.until).toBeUndefined();
    expect(calls[1]!.query.until).toBe(String(Date.parse("2026-11-04T12:00:00Z")));
    expect(calls[2]!.query.until).toBe(String(Date.parse("2026-11-02T12:00:00Z")));
    expect(calls[0]!.headers.authorization).toBe(`Bearer ${VERCEL}`);

    const prod = (
      await run(team, id, "vercel.list_deployments", {
        project: "prj_web",
        target: "production",
        state: "READY",
      })
    ).data as { deployments: { id: string }[] };
    expect(prod.deployments.map((d) => d.id)).toEqual(["dpl_0003prj_web", "dpl_0001prj_web"]);
  });

  it("an unknown project is a tool error with Vercel's message; a 429 is retried", async () => {
    const team = await toolTeam();
    const fake = await startFakeVercelApi({ tokens: [VERCEL], data: VERCEL_DATA, pageCap: 2 });
    const id = await connect(team, "vercel", "api.vercel.com", fake, VERCEL);
    const err = await runError(run(team, id, "vercel.list_deployments", { project: "prj_nope" }));
    expect(err).toMatchObject({ code: "bad_gateway", status: 502 });
    expect(err.message).toBe("vercel answered 404: Project not found");
    fake.setMode("429", 1);
    const data = (await run(team, id, "vercel.list_deployments", { project: "prj_docs" })).data as {
      count: number;
    };
    expect(data.count).toBe(1);
  });
});

describe("railway", () => {
  it("list_deployments: Relay pages (first / after in the variables) newest first, with counts by status", async () => {
    const team = await toolTeam();
    const fake = await startFakeRailwayApi({ tokens: [RAILWAY], data: RAILWAY_DATA, pageCap: 2 });
    const id = await connect(team, "railway", "backboard.railway.com", fake, RAILWAY);
    const data = (await run(team, id, "railway.list_deployments", { project_id: "proj-0001" })).data as {
      deployments: { id: string; status: string; service: string | null; url: string | null }[];
      by_status: Record<string, number>;
      pages: number;
    };
    expect(data.deployments.map((d) => [d.id, d.status, d.service])).toEqual([
      ["dep-5", "BUILDING", "api"],
      ["dep-4", "CRASHED", "api"],
      ["dep-3", "SUCCESS", "worker"],
      ["dep-2", "FAILED", "api"],
      ["dep-1", "SUCCESS", "api"],
    ]);
    expect(data.by_status).toEqual({ BUILDING: 1, CRASHED: 1, SUCCESS: 2, FAILED: 1 });
    expect(data.pages).toBe(3);
    const bodies = fake
      .requestsTo("/graphql/v2", "POST")
      .map((r) => JSON.parse(r.body) as { variables: Record<string, unknown> });
    expect(bodies[0]!.variables).toEqual({ first: 50, input: { projectId: "proj-0001" } });
    expect(bodies[1]!.variables.after).toEqual(expect.any(String));

    const api = (
      await run(team, id, "railway.list_deployments", { project_id: "proj-0001", service_id: "svc-worker" })
    ).data as {
      deployments: { id: string }[];
    };
    expect(api.deployments.map((d) => d.id)).toEqual(["dep-3"]);
  });

  it("get_project: services and environments", async () => {
    const team = await toolTeam();
    const fake = await startFakeRailwayApi({ tokens: [RAILWAY], data: RAILWAY_DATA });
    const id = await connect(team, "railway", "backboard.railway.com", fake, RAILWAY);
    const data = (await run(team, id, "railway.get_project", { project_id: "proj-0001" })).data;
    expect(data).toEqual({
      id: "proj-0001",
      name: "acme-backend",
      services: [
        { id: "svc-api", name: "api" },
        { id: "svc-worker", name: "worker" },
      ],
      environments: [{ id: "env-prod", name: "production" }],
    });
  });

  it("GraphQL `errors` in an HTTP 200 answer are a tool error with Railway's messages", async () => {
    const team = await toolTeam();
    const fake = await startFakeRailwayApi({ tokens: [RAILWAY], data: RAILWAY_DATA });
    const id = await connect(team, "railway", "backboard.railway.com", fake, RAILWAY);
    const err = await runError(run(team, id, "railway.list_deployments", { project_id: "proj-nope" }));
    expect(err).toMatchObject({ code: "bad_gateway", status: 502 });
    expect(err.message).toBe("railway answered with GraphQL errors: Project not found");
    expect(err.details).toMatchObject({
      kind: "provider_error",
      graphql_errors: [{ message: "Project not found", path: "deployments", code: "NOT_FOUND" }],
    });
  });

  it("a bad token's `Not Authorized` is a tool error too; a 429 is retried", async () => {
    const team = await toolTeam();
    const fake = await startFakeRailwayApi({ tokens: [RAILWAY], data: RAILWAY_DATA, pageCap: 2 });
    const bad = await connect(
      team,
      "railway",
      "backboard.railway.com",
      fake,
      "railway-token-wrong-000000000",
    );
    const err = await runError(run(team, bad, "railway.get_project", { project_id: "proj-0001" }));
    expect(err.message).toContain("Not Authorized");
    const id = await makeToolConnection(team, "railway", "api_key", { type: "api_key", api_key: RAILWAY });
    fake.setMode("429", 1);
    const data = (await run(team, id, "railway.list_deployments", { project_id: "proj-0001" })).data as {
      count: number;
    };
    expect(data.count).toBe(5);
  });
});

describe("figma", () => {
  it("list_project_files and list_file_components (Figma does not page them)", async () => {
    const team = await toolTeam();
    const fake = await startFakeFigmaApi({ tokens: [FIGMA], data: FIGMA_DATA });
    const id = await connect(team, "figma", "api.figma.com", fake, FIGMA);
    const files = (await run(team, id, "figma.list_project_files", { project_id: "4242" })).data as {
      project: string;
      files: { key: string; name: string }[];
    };
    expect(files.project).toBe("Design system");
    expect(files.files.map((f) => f.name)).toEqual(["Components", "Marketing site", "Icons"]);
    const comps = (await run(team, id, "figma.list_file_components", { file_key: "FILEKEYaaaa1" })).data as {
      components: { name: string; page: string | null }[];
      count: number;
    };
    expect(comps.components.map((c) => c.name)).toEqual(["Button", "Input", "Modal"]);
    expect(comps.components[0]!.page).toBe("Library");
    const empty = (await run(team, id, "figma.list_file_components", { file_key: "FILEKEYcccc3" })).data as {
      count: number;
    };
    expect(empty.count).toBe(0);
    expect(fake.requests[0]!.headers["x-figma-token"]).toBe(FIGMA);
  });

  it("an unknown file is a tool error with Figma's status; a 429 is retried", async () => {
    const team = await toolTeam();
    const fake = await startFakeFigmaApi({ tokens: [FIGMA], data: FIGMA_DATA });
    const id = await connect(team, "figma", "api.figma.com", fake, FIGMA);
    const err = await runError(run(team, id, "figma.list_file_components", { file_key: "NOSUCHFILE00" }));
    expect(err).toMatchObject({ code: "bad_gateway", status: 502 });
    expect(err.message).toBe("figma answered 404: Not found");
    fake.setMode("429", 1);
    const data = (await run(team, id, "figma.list_project_files", { project_id: "4242" })).data as {
      count: number;
    };
    expect(data.count).toBe(3);
    expect(fake.requestsTo("/v1/projects/4242/files")).toHaveLength(2);
  });
});
