// GitHub tools against the fake GitHub REST API (e2e/fixtures/fake-providers/github-api.ts) over HTTP, through the
// real proxy core: Link-header pages (per_page capped at 2 by the fake), the provider's 404, the secondary rate
// limit (429 + Retry-After) retried, the primary-limit 403 surfaced with its reset, and a missing OAuth scope
// refused before any request.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GITHUB_DATA, startFakeGithubApi, type FakeGithubApiHandle } from "@/e2e/fixtures/fake-providers";
import { setOutboundHostMapForTests, setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { closeProxyAgentsForTests } from "@/lib/proxy/agent";
import { resetThrottleForTests } from "@/lib/proxy/throttle";
import { makeToolConnection, run, runError, toolTeam, type TToolTeam } from "../tool-fixtures";

const TOKEN = "gho_opsToolsToken0123456789abcdefABCD";
let fake: FakeGithubApiHandle;

beforeEach(async () => {
  setOutboundPolicyForTests({ allowPrivate: true });
  resetThrottleForTests();
  fake = await startFakeGithubApi({ tokens: [TOKEN], data: GITHUB_DATA, pageCap: 2 });
  setOutboundHostMapForTests({ "api.github.com": fake.url });
});
afterEach(async () => {
  setOutboundPolicyForTests(undefined);
  setOutboundHostMapForTests(undefined);
  await closeProxyAgentsForTests();
  await fake.close();
});

const github = (team: TToolTeam, scopes = ["repo", "read:org", "read:user"]) =>
  makeToolConnection(
    team,
    "github",
    "oauth2",
    { type: "oauth2", access_token: TOKEN, extra: {} },
    { scopes },
  );

describe("github", () => {
  it("list_repos: three Link-header pages of 2, most recently updated first, the next URL followed as given", async () => {
    const team = await toolTeam();
    const id = await github(team);
    const res = await run(team, id, "github.list_repos", {});
    const data = res.data as {
      repos: { full_name: string; private: boolean }[];
      count: number;
      partial: boolean;
      pages: number;
    };
    expect(data.repos.map((r) => r.full_name)).toEqual([
      "acme/api",
      "acme/web",
      "acme/infra",
      "acme/docs",
      "octo-ops/dotfiles",
    ]);
    expect(data).toMatchObject({ count: 5, partial: false, pages: 3 });
    const calls = fake.requestsTo("/user/repos");
    expect(calls.map((c) => c.query.page)).toEqual([undefined, "2", "3"]);
    expect(calls[0]!.query).toMatchObject({ per_page: "100", sort: "updated", visibility: "all" });
    expect(calls[2]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(calls[2]!.headers["x-github-api-version"]).toBe("2022-11-28");
  });

  it("list_pull_requests: open by default, all on request, merged told apart from closed", async () => {
    const team = await toolTeam();
    const id = await github(team);
    const open = (await run(team, id, "github.list_pull_requests", { repo: "acme/api" })).data as {
      pull_requests: { number: number }[];
    };
    expect(open.pull_requests.map((p) => p.number)).toEqual([5, 4, 3]);
    const all = (await run(team, id, "github.list_pull_requests", { repo: "acme/api", state: "all" }))
      .data as {
      pull_requests: { number: number; state: string; merged: boolean }[];
      pages: number;
    };
    expect(all.pull_requests.map((p) => [p.number, p.state, p.merged])).toEqual([
      [5, "open", false],
      [4, "open", false],
      [3, "open", false],
      [2, "closed", false],
      [1, "closed", true],
    ]);
    expect(all.pages).toBe(3);
  });

  it("list_workflow_runs: runs across pages with total_count and counts by conclusion", async () => {
    const team = await toolTeam();
    const id = await github(team);
    const data = (await run(team, id, "github.list_workflow_runs", { repo: "acme/api" })).data as {
      runs: { id: string; conclusion: string | null }[];
      total_count: number;
      by_conclusion: Record<string, number>;
      pages: number;
    };
    expect(data.runs.map((r) => r.id)).toEqual(["7005", "7004", "7003", "7002", "7001"]);
    expect(data.total_count).toBe(5);
    expect(data.by_conclusion).toEqual({ running: 1, cancelled: 1, success: 2, failure: 1 });
    expect(data.pages).toBe(3);
    const branch = (
      await run(team, id, "github.list_workflow_runs", { repo: "acme/api", branch: "feature-3" })
    ).data as {
      runs: { conclusion: string | null }[];
    };
    expect(branch.runs.map((r) => r.conclusion)).toEqual(["failure"]);
  });

  it("list_deployments: each deployment with its latest status, `none` when it has no status yet", async () => {
    const team = await toolTeam();
    const id = await github(team);
    const data = (await run(team, id, "github.list_deployments", { repo: "acme/api" })).data as {
      deployments: { id: string; environment: string; state: string; environment_url: string | null }[];
    };
    expect(data.deployments.map((d) => [d.id, d.environment, d.state])).toEqual([
      ["604", "preview", "none"],
      ["603", "production", "in_progress"],
      ["602", "staging", "failure"],
      ["601", "production", "success"],
    ]);
    expect(data.deployments[3]!.environment_url).toBe("https://production.acme.example");
    expect(fake.requestsTo(/\/deployments\/\d+\/statuses$/)).toHaveLength(4);
  });

  it("an unknown repository is a tool error with GitHub's message", async () => {
    const team = await toolTeam();
    const id = await github(team);
    const err = await runError(run(team, id, "github.list_pull_requests", { repo: "acme/nope" }));
    expect(err).toMatchObject({ code: "bad_gateway", status: 502 });
    expect(err.message).toBe("github answered 404: Not Found");
  });

  it("the secondary rate limit (429 + Retry-After) is waited for and retried", async () => {
    const team = await toolTeam();
    const id = await github(team);
    fake.setMode("429", 1);
    const data = (await run(team, id, "github.list_repos", {})).data as { count: number };
    expect(data.count).toBe(5);
    expect(fake.requestsTo("/user/repos")).toHaveLength(4);
  });

  it("the primary rate limit (403, X-RateLimit-Remaining: 0) comes back as a tool error in GitHub's words", async () => {
    const team = await toolTeam();
    const id = await github(team);
    fake.limitNext("primary_403");
    const err = await runError(run(team, id, "github.list_repos", {}));
    expect(err.status).toBe(502);
    expect(err.message).toContain("API rate limit exceeded");
    expect(err.details).toMatchObject({ provider_status: 403 });
  });

  it("a connection not granted `repo` is refused before any request", async () => {
    const team = await toolTeam();
    const id = await github(team, ["read:user"]);
    const err = await runError(run(team, id, "github.list_workflow_runs", { repo: "acme/api" }));
    expect(err).toMatchObject({ code: "forbidden", status: 403 });
    expect(err.details).toMatchObject({ kind: "missing_scopes", missing_scopes: ["repo"] });
    expect(fake.requests).toHaveLength(0);
  });

  it("a malformed repo name is a 422 before any request", async () => {
    const team = await toolTeam();
    const id = await github(team);
    const err = await runError(run(team, id, "github.list_pull_requests", { repo: "../../user" }));
    expect(err).toMatchObject({ code: "validation_failed", status: 422 });
    expect(fake.requests).toHaveLength(0);
  });
});
