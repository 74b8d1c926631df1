// Vercel tools, on the REST API (https://vercel.com/docs/rest-api) with the connection's access token. Lists page
// by time: the answer's `pagination.next` is a millisecond timestamp sent back as `until` (a number, so the core's
// string-cursor strategy cannot carry it; ops-shared's readPages does). A team token names its team with `teamId`.
import { z } from "zod";
import { defineTool, type TAnyTool, type TToolRequest } from "../define-tool";
import { ZMaxResults, ZPartial, readPages, pageCap } from "./ops-shared";

const PAGE = 100;

const ZTeam = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,100}$/)
  .optional()
  .describe("Team id (team_…) or slug, for a token that can reach several teams");

const ZDeployment = z.object({
  uid: z.string(),
  name: z.string(),
  url: z.string().nullable().optional(),
  created: z.number(),
  ready: z.number().nullable().optional(),
  state: z.string().optional(),
  readyState: z.string().optional(),
  target: z.string().nullable().optional(),
  projectId: z.string().optional(),
  creator: z.object({ username: z.string().optional() }).nullable().optional(),
  meta: z.record(z.string(), z.unknown()).nullable().optional(),
  inspectorUrl: z.string().nullable().optional(),
});
const ZPage = z.object({
  deployments: z.array(ZDeployment),
  pagination: z.object({ next: z.number().nullable().optional() }).nullable().optional(),
});

function nextUntil(req: TToolRequest, body: unknown): TToolRequest | null {
  const next = ZPage.parse(body).pagination?.next;
  return typeof next === "number" ? { ...req, query: { ...req.query, until: next } } : null;
}

const STATES = ["BUILDING", "ERROR", "INITIALIZING", "QUEUED", "READY", "CANCELED"] as const;

export const vercelListDeployments = defineTool({
  name: "vercel.list_deployments",
  title: "List deployments",
  description:
    "Vercel deployments, newest first, optionally of one project (id or name), one target (production / preview) or one state: URL, state (READY, ERROR, BUILDING, QUEUED, INITIALIZING, CANCELED), target, git branch and commit, creator and times, with counts by state over the deployments read. Use it to see whether the latest production deploy is live or failed.",
  providers: ["vercel"],
  requiredScopes: [],
  access: "read",
  input: z.object({
    project: z.string().min(1).max(100).optional().describe("Project id (prj_…) or name"),
    target: z.enum(["production", "preview"]).optional(),
    state: z.enum(STATES).optional().describe("Only deployments in this state"),
    team_id: ZTeam,
    max_results: ZMaxResults(100, 2_000),
  }),
  output: z.object({
    deployments: z.array(
      z.object({
        id: z.string(),
        project: z.string(),
        url: z.string().nullable(),
        state: z.string(),
        target: z.string(),
        branch: z.string().nullable(),
        commit: z.string().nullable(),
        commit_message: z.string().nullable(),
        creator: z.string().nullable(),
        created_at: z.string(),
        ready_at: z.string().nullable(),
        inspector_url: z.string().nullable(),
      }),
    ),
    count: z.number().int(),
    by_state: z.record(z.string(), z.number().int()),
    ...ZPartial,
  }),
  async run(tctx, input) {
    const page = await readPages(tctx, {
      first: {
        path: "/v6/deployments",
        query: {
          limit: Math.min(PAGE, input.max_results),
          projectId: input.project,
          // Vercel's API says "preview" as target=null; it filters only production by name.
          target: input.target === "production" ? "production" : undefined,
          state: input.state,
          teamId: input.team_id,
        },
      },
      items: (b) => ZPage.parse(b).deployments,
      next: nextUntil,
      maxItems: input.max_results,
      maxPages: pageCap(input.max_results, PAGE),
    });
    const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
    const by_state: Record<string, number> = {};
    const deployments = page.items
      .filter((d) => input.target !== "preview" || !d.target)
      .slice(0, input.max_results)
      .map((d) => {
        const state = d.readyState ?? d.state ?? "UNKNOWN";
        by_state[state] = (by_state[state] ?? 0) + 1;
        return {
          id: d.uid,
          project: d.name,
          url: d.url ? `https://${d.url}` : null,
          state,
          target: d.target ?? "preview",
          branch:
            str(d.meta?.githubCommitRef) ?? str(d.meta?.gitlabCommitRef) ?? str(d.meta?.bitbucketCommitRef),
          commit:
            str(d.meta?.githubCommitSha) ?? str(d.meta?.gitlabCommitSha) ?? str(d.meta?.bitbucketCommitSha),
          commit_message: str(d.meta?.githubCommitMessage) ?? str(d.meta?.gitlabCommitMessage),
          creator: d.creator?.username ?? null,
          created_at: new Date(d.created).toISOString(),
          ready_at: typeof d.ready === "number" ? new Date(d.ready).toISOString() : null,
          inspector_url: d.inspectorUrl ?? null,
        };
      });
    return { deployments, count: deployments.length, by_state, partial: page.partial, pages: page.pages };
  },
});

export const vercelTools: readonly TAnyTool[] = [vercelListDeployments];
