// Railway tools, on the public GraphQL API (https://docs.railway.com/reference/public-api): one endpoint (the
// catalog's API base), POST { query, variables }. GraphQL answers HTTP 200 with `errors` for a failure (a bad token
// says "Not Authorized"): that becomes a provider_error here with Railway's messages. Connections page Relay-style
// (`first` / `after` ← pageInfo.endCursor while hasNextPage), in the variables — ops-shared's readPages walks them.
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { defineTool, type TAnyTool, type TToolContext, type TToolRequest } from "../define-tool";
import { ToolError } from "../tool-error";
import { ZMaxResults, ZPartial, readPages, pageCap } from "./ops-shared";

const PAGE = 50;

const ZGraphqlError = z.object({
  message: z.string(),
  path: z.array(z.union([z.string(), z.number()])).optional(),
  extensions: z.object({ code: z.string().optional() }).passthrough().optional(),
});
const ZEnvelope = z.object({
  data: z.unknown().nullable().optional(),
  errors: z.array(ZGraphqlError).optional(),
});

/** The `data` of a GraphQL answer, or a ToolError carrying the `errors` Railway sent (even beside partial data). */
export function graphqlData(body: unknown): unknown {
  const env = ZEnvelope.parse(body);
  if (env.errors?.length) {
    const messages = env.errors.map((e) => e.message);
    throw new ToolError(
      "provider_error",
      "bad_gateway",
      `railway answered with GraphQL errors: ${messages.join("; ")}`,
      {
        provider: "railway",
        provider_status: 200,
        graphql_errors: env.errors.slice(0, 5).map((e) => ({
          message: e.message,
          ...(e.path ? { path: e.path.join(".") } : {}),
          ...(e.extensions?.code ? { code: e.extensions.code } : {}),
        })),
      },
    );
  }
  return env.data;
}

/**
 * A GraphQL *query* (never a mutation) as a POST. The Idempotency-Key tells the proxy that repeating it is safe, so
 * a 429 or 503 is retried as for a GET (the proxy retries a POST only when so marked); a fresh key per request,
 * as nothing at Railway de-duplicates on it.
 */
const gql = (query: string, variables: Record<string, unknown>): TToolRequest => ({
  method: "POST",
  path: "",
  headers: { "idempotency-key": randomUUID() },
  body: { query, variables },
});

async function graphql(
  tctx: TToolContext,
  query: string,
  variables: Record<string, unknown>,
): Promise<unknown> {
  return graphqlData(await tctx.json(gql(query, variables)));
}

const DEPLOYMENTS = `query deployments($first: Int, $after: String, $input: DeploymentListInput!) {
  deployments(first: $first, after: $after, input: $input) {
    edges { cursor node { id status createdAt updatedAt url staticUrl serviceId environmentId canRedeploy meta service { id name } } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const PROJECT = `query project($id: String!) {
  project(id: $id) {
    id name
    services { edges { node { id name } } }
    environments { edges { node { id name } } }
  }
}`;

const ZDeploymentNode = z.object({
  id: z.string(),
  status: z.string(),
  createdAt: z.string(),
  updatedAt: z.string().nullable().optional(),
  url: z.string().nullable().optional(),
  staticUrl: z.string().nullable().optional(),
  serviceId: z.string().nullable().optional(),
  environmentId: z.string().nullable().optional(),
  meta: z.record(z.string(), z.unknown()).nullable().optional(),
  service: z.object({ id: z.string(), name: z.string() }).nullable().optional(),
});
const ZDeployments = z.object({
  deployments: z.object({
    edges: z.array(z.object({ node: ZDeploymentNode })),
    pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable().optional() }),
  }),
});
const ZProject = z.object({
  project: z.object({
    id: z.string(),
    name: z.string(),
    services: z.object({
      edges: z.array(z.object({ node: z.object({ id: z.string(), name: z.string() }) })),
    }),
    environments: z.object({
      edges: z.array(z.object({ node: z.object({ id: z.string(), name: z.string() }) })),
    }),
  }),
});

const ZId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9-]+$/);

export const railwayListDeployments = defineTool({
  name: "railway.list_deployments",
  title: "List deployments",
  description:
    "Deployments of a Railway project (optionally one service or environment), newest first: status (SUCCESS, FAILED, CRASHED, BUILDING, DEPLOYING, QUEUED, INITIALIZING, WAITING, SLEEPING, REMOVED …), service, URL, branch / commit message when known, and times, with counts by status over the deployments read. Use railway.get_project to find service and environment ids.",
  providers: ["railway"],
  requiredScopes: [],
  access: "read",
  input: z.object({
    project_id: ZId,
    service_id: ZId.optional(),
    environment_id: ZId.optional(),
    max_results: ZMaxResults(100, 2_000),
  }),
  output: z.object({
    deployments: z.array(
      z.object({
        id: z.string(),
        status: z.string(),
        service_id: z.string().nullable(),
        service: z.string().nullable(),
        environment_id: z.string().nullable(),
        url: z.string().nullable(),
        branch: z.string().nullable(),
        commit_message: z.string().nullable(),
        created_at: z.string(),
        updated_at: z.string().nullable(),
      }),
    ),
    count: z.number().int(),
    by_status: z.record(z.string(), z.number().int()),
    ...ZPartial,
  }),
  async run(tctx, input) {
    const variables = {
      first: Math.min(PAGE, input.max_results),
      input: {
        projectId: input.project_id,
        ...(input.service_id ? { serviceId: input.service_id } : {}),
        ...(input.environment_id ? { environmentId: input.environment_id } : {}),
      },
    };
    const page = await readPages(tctx, {
      first: gql(DEPLOYMENTS, variables),
      items: (b) => ZDeployments.parse(graphqlData(b)).deployments.edges.map((e) => e.node),
      next: (req, b) => {
        const info = ZDeployments.parse(graphqlData(b)).deployments.pageInfo;
        if (!info.hasNextPage || !info.endCursor) return null;
        const body = req.body as { query: string; variables: Record<string, unknown> };
        return { ...req, body: { ...body, variables: { ...body.variables, after: info.endCursor } } };
      },
      maxItems: input.max_results,
      maxPages: pageCap(input.max_results, PAGE),
    });
    const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
    const by_status: Record<string, number> = {};
    const deployments = page.items.slice(0, input.max_results).map((d) => {
      by_status[d.status] = (by_status[d.status] ?? 0) + 1;
      const host = d.url ?? d.staticUrl ?? null;
      return {
        id: d.id,
        status: d.status,
        service_id: d.service?.id ?? d.serviceId ?? null,
        service: d.service?.name ?? null,
        environment_id: d.environmentId ?? null,
        url: host ? (host.startsWith("http") ? host : `https://${host}`) : null,
        branch: str(d.meta?.branch),
        commit_message: str(d.meta?.commitMessage),
        created_at: d.createdAt,
        updated_at: d.updatedAt ?? null,
      };
    });
    return { deployments, count: deployments.length, by_status, partial: page.partial, pages: page.pages };
  },
});

export const railwayGetProject = defineTool({
  name: "railway.get_project",
  title: "Project services and environments",
  description:
    "One Railway project by id: its name, services (id, name) and environments (id, name) — the ids railway.list_deployments filters by.",
  providers: ["railway"],
  requiredScopes: [],
  access: "read",
  input: z.object({ project_id: ZId }),
  output: z.object({
    id: z.string(),
    name: z.string(),
    services: z.array(z.object({ id: z.string(), name: z.string() })),
    environments: z.array(z.object({ id: z.string(), name: z.string() })),
  }),
  async run(tctx, input) {
    const { project } = ZProject.parse(await graphql(tctx, PROJECT, { id: input.project_id }));
    return {
      id: project.id,
      name: project.name,
      services: project.services.edges.map((e) => e.node),
      environments: project.environments.edges.map((e) => e.node),
    };
  },
});

export const railwayTools: readonly TAnyTool[] = [railwayListDeployments, railwayGetProject];
