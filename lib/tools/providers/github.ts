// GitHub tools, on the REST API (https://docs.github.com/en/rest, version 2022-11-28 from the catalog's default
// headers). Lists page with the Link header's rel="next" (per_page ≤ 100). The proxy throttles on
// X-RateLimit-Remaining / -Reset (declared in the catalog) and retries 429s — GitHub's secondary limit — after
// Retry-After. A primary-limit 403 (X-RateLimit-Remaining: 0) is not retried by the proxy: it comes back as a
// provider_error that says when the limit resets.
import { z } from "zod";
import { defineTool, type TAnyTool, type TToolContext } from "../define-tool";
import { ZMaxResults, ZPartial, pageCap } from "./ops-shared";

const PAGE = 100;
/** OAuth App tokens: `repo` reads private repositories, their pull requests, Actions runs and deployments. */
const REPO = ["repo"] as const;

const ZOwnerRepo = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, "owner/name, e.g. acme/api")
  .describe("Repository as owner/name");

const repoPath = (full: string) => {
  const [owner = "", name = ""] = full.split("/");
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
};

// --- Wire formats (only the fields read) -------------------------------------------------------------------

const ZRepo = z.object({
  id: z.number(),
  full_name: z.string(),
  private: z.boolean(),
  visibility: z.string().optional(),
  html_url: z.string(),
  description: z.string().nullable(),
  default_branch: z.string().nullable().optional(),
  language: z.string().nullable().optional(),
  archived: z.boolean().default(false),
  fork: z.boolean().default(false),
  stargazers_count: z.number().default(0),
  open_issues_count: z.number().default(0),
  pushed_at: z.string().nullable().optional(),
  updated_at: z.string().nullable().optional(),
});
const ZPull = z.object({
  number: z.number(),
  state: z.string(),
  title: z.string(),
  draft: z.boolean().default(false),
  user: z.object({ login: z.string() }).nullable(),
  html_url: z.string(),
  head: z.object({ ref: z.string() }),
  base: z.object({ ref: z.string() }),
  created_at: z.string(),
  updated_at: z.string(),
  closed_at: z.string().nullable(),
  merged_at: z.string().nullable(),
});
const ZRun = z.object({
  id: z.number(),
  name: z.string().nullable(),
  run_number: z.number(),
  event: z.string(),
  head_branch: z.string().nullable(),
  head_sha: z.string(),
  status: z.string().nullable(),
  conclusion: z.string().nullable(),
  html_url: z.string(),
  created_at: z.string(),
  updated_at: z.string(),
});
const ZRuns = z.object({ total_count: z.number(), workflow_runs: z.array(ZRun) });
const ZDeployment = z.object({
  id: z.number(),
  sha: z.string(),
  ref: z.string(),
  environment: z.string(),
  description: z.string().nullable(),
  creator: z.object({ login: z.string() }).nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
const ZDeploymentStatus = z.object({
  state: z.string(),
  description: z.string().nullable().optional(),
  environment_url: z.string().nullable().optional(),
  log_url: z.string().nullable().optional(),
  created_at: z.string(),
});

const array =
  <S extends z.ZodType>(item: S) =>
  (body: unknown): z.output<S>[] =>
    z.array(item).parse(body);

async function readList<T>(
  tctx: TToolContext,
  path: string,
  query: Record<string, string | number | undefined>,
  items: (b: unknown) => T[],
  max: number,
) {
  const page = await tctx.paginate({
    path,
    query: { ...query, per_page: PAGE },
    items,
    maxItems: max,
    maxPages: pageCap(max, PAGE),
  });
  return {
    items: page.items.slice(0, max),
    partial: page.partial || page.items.length > max,
    pages: page.pages,
  };
}

// --- Tools ---------------------------------------------------------------------------------------------------

export const githubListRepos = defineTool({
  name: "github.list_repos",
  title: "List repositories",
  description:
    "Repositories the connected GitHub user can access (owned, collaborator and organization member), most recently updated first: full name, visibility, default branch, language, stars, open issues and last push. Use the full name (owner/name) with the other GitHub tools.",
  providers: ["github"],
  requiredScopes: REPO,
  access: "read",
  input: z.object({
    visibility: z.enum(["all", "public", "private"]).default("all"),
    max_results: ZMaxResults(300),
  }),
  output: z.object({
    repos: z.array(
      z.object({
        id: z.string(),
        full_name: z.string(),
        private: z.boolean(),
        visibility: z.string(),
        url: z.string(),
        description: z.string().nullable(),
        default_branch: z.string().nullable(),
        language: z.string().nullable(),
        archived: z.boolean(),
        fork: z.boolean(),
        stars: z.number().int(),
        open_issues: z.number().int(),
        pushed_at: z.string().nullable(),
        updated_at: z.string().nullable(),
      }),
    ),
    count: z.number().int(),
    ...ZPartial,
  }),
  async run(tctx, input) {
    const r = await readList(
      tctx,
      "/user/repos",
      { visibility: input.visibility, sort: "updated", direction: "desc" },
      array(ZRepo),
      input.max_results,
    );
    const repos = r.items.map((x) => ({
      id: String(x.id),
      full_name: x.full_name,
      private: x.private,
      visibility: x.visibility ?? (x.private ? "private" : "public"),
      url: x.html_url,
      description: x.description,
      default_branch: x.default_branch ?? null,
      language: x.language ?? null,
      archived: x.archived,
      fork: x.fork,
      stars: x.stargazers_count,
      open_issues: x.open_issues_count,
      pushed_at: x.pushed_at ?? null,
      updated_at: x.updated_at ?? null,
    }));
    return { repos, count: repos.length, partial: r.partial, pages: r.pages };
  },
});

export const githubListPullRequests = defineTool({
  name: "github.list_pull_requests",
  title: "List pull requests",
  description:
    "Pull requests of one GitHub repository, newest first: number, title, state (open / closed), whether merged (merged_at set) or draft, author, head → base branches and times. state=all includes closed and merged ones.",
  providers: ["github"],
  requiredScopes: REPO,
  access: "read",
  input: z.object({
    repo: ZOwnerRepo,
    state: z.enum(["open", "closed", "all"]).default("open"),
    max_results: ZMaxResults(200),
  }),
  output: z.object({
    pull_requests: z.array(
      z.object({
        number: z.number().int(),
        title: z.string(),
        state: z.string(),
        merged: z.boolean(),
        draft: z.boolean(),
        author: z.string().nullable(),
        head: z.string(),
        base: z.string(),
        url: z.string(),
        created_at: z.string(),
        updated_at: z.string(),
        closed_at: z.string().nullable(),
        merged_at: z.string().nullable(),
      }),
    ),
    count: z.number().int(),
    ...ZPartial,
  }),
  async run(tctx, input) {
    const r = await readList(
      tctx,
      `${repoPath(input.repo)}/pulls`,
      { state: input.state, sort: "created", direction: "desc" },
      array(ZPull),
      input.max_results,
    );
    const pull_requests = r.items.map((p) => ({
      number: p.number,
      title: p.title,
      state: p.state,
      merged: p.merged_at !== null,
      draft: p.draft,
      author: p.user?.login ?? null,
      head: p.head.ref,
      base: p.base.ref,
      url: p.html_url,
      created_at: p.created_at,
      updated_at: p.updated_at,
      closed_at: p.closed_at,
      merged_at: p.merged_at,
    }));
    return { pull_requests, count: pull_requests.length, partial: r.partial, pages: r.pages };
  },
});

export const githubListWorkflowRuns = defineTool({
  name: "github.list_workflow_runs",
  title: "List CI runs (Actions)",
  description:
    "GitHub Actions workflow runs of one repository, newest first: workflow name, run number, event, branch, commit, status (queued, in_progress, completed …) and conclusion (success, failure, cancelled … — null while running), with counts by conclusion over the runs read. Filter by branch or status.",
  providers: ["github"],
  requiredScopes: REPO,
  access: "read",
  input: z.object({
    repo: ZOwnerRepo,
    branch: z.string().min(1).max(255).optional(),
    status: z
      .enum(["queued", "in_progress", "completed", "success", "failure", "cancelled", "skipped", "timed_out"])
      .optional(),
    max_results: ZMaxResults(200),
  }),
  output: z.object({
    runs: z.array(
      z.object({
        id: z.string(),
        workflow: z.string().nullable(),
        run_number: z.number().int(),
        event: z.string(),
        branch: z.string().nullable(),
        sha: z.string(),
        status: z.string().nullable(),
        conclusion: z.string().nullable(),
        url: z.string(),
        created_at: z.string(),
        updated_at: z.string(),
      }),
    ),
    count: z.number().int(),
    total_count: z.number().int().describe("runs matching at GitHub (may exceed what was read)"),
    by_conclusion: z
      .record(z.string(), z.number().int())
      .describe("runs read per conclusion; `running` when none yet"),
    ...ZPartial,
  }),
  async run(tctx, input) {
    let total = 0;
    const r = await readList(
      tctx,
      `${repoPath(input.repo)}/actions/runs`,
      { branch: input.branch, status: input.status },
      (b) => {
        const parsed = ZRuns.parse(b);
        total = parsed.total_count;
        return parsed.workflow_runs;
      },
      input.max_results,
    );
    const by_conclusion: Record<string, number> = {};
    const runs = r.items.map((x) => {
      const k = x.conclusion ?? "running";
      by_conclusion[k] = (by_conclusion[k] ?? 0) + 1;
      return {
        id: String(x.id),
        workflow: x.name,
        run_number: x.run_number,
        event: x.event,
        branch: x.head_branch,
        sha: x.head_sha,
        status: x.status,
        conclusion: x.conclusion,
        url: x.html_url,
        created_at: x.created_at,
        updated_at: x.updated_at,
      };
    });
    return {
      runs,
      count: runs.length,
      total_count: total,
      by_conclusion,
      partial: r.partial,
      pages: r.pages,
    };
  },
});

export const githubListDeployments = defineTool({
  name: "github.list_deployments",
  title: "List deployments",
  description:
    "Deployments of one GitHub repository, newest first, each with its current state — the latest deployment status (success, failure, error, in_progress, queued, pending, inactive), or `none` when no status was posted yet — environment, ref, commit and the environment URL. One extra request per deployment reads its latest status, so max_results bounds the cost.",
  providers: ["github"],
  requiredScopes: REPO,
  access: "read",
  input: z.object({
    repo: ZOwnerRepo,
    environment: z.string().min(1).max(255).optional(),
    max_results: ZMaxResults(30, 200),
  }),
  output: z.object({
    deployments: z.array(
      z.object({
        id: z.string(),
        environment: z.string(),
        ref: z.string(),
        sha: z.string(),
        description: z.string().nullable(),
        creator: z.string().nullable(),
        state: z.string(),
        environment_url: z.string().nullable(),
        log_url: z.string().nullable(),
        created_at: z.string(),
        status_at: z.string().nullable(),
      }),
    ),
    count: z.number().int(),
    ...ZPartial,
  }),
  async run(tctx, input) {
    const base = repoPath(input.repo);
    const r = await readList(
      tctx,
      `${base}/deployments`,
      { environment: input.environment },
      array(ZDeployment),
      input.max_results,
    );
    let pages = r.pages;
    const deployments = [];
    for (const d of r.items) {
      const statuses = z
        .array(ZDeploymentStatus)
        .parse(
          await tctx.json({ path: `${base}/deployments/${String(d.id)}/statuses`, query: { per_page: 1 } }),
        );
      pages++;
      const latest = statuses[0];
      deployments.push({
        id: String(d.id),
        environment: d.environment,
        ref: d.ref,
        sha: d.sha,
        description: d.description,
        creator: d.creator?.login ?? null,
        state: latest?.state ?? "none",
        environment_url: latest?.environment_url || null,
        log_url: latest?.log_url || null,
        created_at: d.created_at,
        status_at: latest?.created_at ?? null,
      });
    }
    return { deployments, count: deployments.length, partial: r.partial, pages };
  },
});

export const githubTools: readonly TAnyTool[] = [
  githubListRepos,
  githubListPullRequests,
  githubListWorkflowRuns,
  githubListDeployments,
];
