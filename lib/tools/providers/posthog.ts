// PostHog tools, on the REST API of the connection's cloud host (https://{host}/api, personal API key as Bearer).
// Lists are Django REST framework pages — { count, next, previous, results } — followed by their absolute `next`
// URL (pagination.ts). A personal key carries its own scopes, which Patchbay cannot see: a key without
// insight:read or feature_flag:read is refused by PostHog (403), and that refusal is the tool's error.
import { z } from "zod";
import { defineTool, type TToolContext } from "../define-tool";
import { round } from "../money";

const ZPage = <T extends z.ZodType>(item: T) => z.object({ results: z.array(item) });

const ZProjectInput = z.coerce
  .number()
  .int()
  .positive()
  .optional()
  .describe(
    "The PostHog project id (Project settings → Project ID). Default: the key owner's current project.",
  );

async function projectId(tctx: TToolContext, given: number | undefined): Promise<number> {
  if (given !== undefined) return given;
  const me = z
    .object({ team: z.object({ id: z.number().int() }) })
    .parse(await tctx.json({ path: "/users/@me/" }));
  return me.team.id;
}

const ZFunnelStep = z.object({
  name: z.string().nullable().optional(),
  custom_name: z.string().nullable().optional(),
  order: z.number().int(),
  count: z.number(),
  average_conversion_time: z.number().nullable().optional(),
  median_conversion_time: z.number().nullable().optional(),
});
const ZInsight = z.object({
  id: z.number().int(),
  short_id: z.string(),
  name: z.string().nullable(),
  derived_name: z.string().nullable().optional(),
  query: z
    .object({ source: z.object({ kind: z.string() }).optional() })
    .nullable()
    .optional(),
  filters: z.object({ insight: z.string().optional() }).nullable().optional(),
  result: z.unknown(),
  last_refresh: z.string().nullable().optional(),
});

const rate = (n: number, d: number): number | null => (d > 0 ? round(n / d, 4) : null);

export const posthogListFunnels = defineTool({
  name: "posthog.list_funnels",
  title: "PostHog funnels",
  description:
    "The saved funnel insights of a PostHog project with their steps as last computed by PostHog (see computed_at): for each step the number of people who reached it, the conversion from the previous step (step count / previous step count) and from the first step (step count / first step count), and the median time from the previous step in seconds. A rate whose base is 0 people is null (undefined, not 0). Use it to find where users drop off.",
  providers: ["posthog"],
  requiredScopes: [],
  access: "read",
  input: z.object({ project_id: ZProjectInput }),
  output: z.object({
    project_id: z.number().int(),
    funnels: z.array(
      z.object({
        id: z.number().int(),
        short_id: z.string(),
        name: z.string(),
        computed_at: z.string().nullable(),
        overall_conversion: z.number().nullable().describe("last step / first step"),
        steps: z.array(
          z.object({
            order: z.number().int(),
            name: z.string(),
            count: z.number(),
            conversion_from_previous: z.number().nullable(),
            conversion_from_first: z.number().nullable(),
            median_seconds_from_previous: z.number().nullable(),
          }),
        ),
      }),
    ),
    partial: z.boolean(),
    pages: z.number().int(),
  }),
  run: async (tctx, input) => {
    const project = await projectId(tctx, input.project_id);
    const read = await tctx.paginate({
      path: `/projects/${String(project)}/insights/`,
      query: { insight: "FUNNELS", saved: "true", limit: 100 },
      items: (body) => ZPage(ZInsight).parse(body).results,
    });
    const funnels = read.items
      // The list filter is a hint PostHog has changed over time: keep only what really is a funnel.
      .filter((i) => i.query?.source?.kind === "FunnelsQuery" || i.filters?.insight === "FUNNELS")
      .map((i) => {
        const parsed = z.array(ZFunnelStep).safeParse(i.result);
        const raw = [...(parsed.success ? parsed.data : [])].sort((a, b) => a.order - b.order);
        const first = raw[0]?.count ?? 0;
        const steps = raw.map((s, idx) => {
          const prev = idx === 0 ? null : (raw[idx - 1]?.count ?? 0);
          return {
            order: s.order,
            name: s.custom_name ?? s.name ?? `Step ${String(idx + 1)}`,
            count: s.count,
            conversion_from_previous: prev === null ? 1 : rate(s.count, prev),
            conversion_from_first: rate(s.count, first),
            median_seconds_from_previous: idx === 0 ? null : (s.median_conversion_time ?? null),
          };
        });
        const last = raw.at(-1)?.count ?? 0;
        return {
          id: i.id,
          short_id: i.short_id,
          name: i.name ?? i.derived_name ?? i.short_id,
          computed_at: i.last_refresh ?? null,
          overall_conversion: raw.length > 0 ? rate(last, first) : null,
          steps,
        };
      });
    return { project_id: project, funnels, partial: read.partial, pages: read.pages };
  },
});

const ZFlag = z.object({
  id: z.number().int(),
  key: z.string(),
  name: z.string().nullable().optional(),
  active: z.boolean(),
  deleted: z.boolean().optional(),
  filters: z
    .object({
      groups: z.array(z.object({ rollout_percentage: z.number().nullable().optional() })).default([]),
      multivariate: z
        .object({ variants: z.array(z.object({ key: z.string(), rollout_percentage: z.number() })) })
        .nullable()
        .optional(),
    })
    .default({ groups: [] }),
  created_at: z.string().nullable().optional(),
});

export const posthogListFeatureFlags = defineTool({
  name: "posthog.list_feature_flags",
  title: "PostHog feature flags",
  description:
    "The feature flags of a PostHog project: key, name, whether active, the rollout percentage of each release condition (null = everyone who matches the condition, PostHog's meaning of no percentage) and, for multivariate flags, the variants with their split. Use it to see what is being rolled out to whom.",
  providers: ["posthog"],
  requiredScopes: [],
  access: "read",
  input: z.object({
    project_id: ZProjectInput,
    active_only: z.boolean().default(false).describe("Only flags that are switched on."),
  }),
  output: z.object({
    project_id: z.number().int(),
    flags: z.array(
      z.object({
        id: z.number().int(),
        key: z.string(),
        name: z.string().nullable(),
        active: z.boolean(),
        rollout_percentages: z.array(z.number().nullable()),
        variants: z.array(z.object({ key: z.string(), rollout_percentage: z.number() })),
        created_at: z.string().nullable(),
      }),
    ),
    partial: z.boolean(),
    pages: z.number().int(),
  }),
  run: async (tctx, input) => {
    const project = await projectId(tctx, input.project_id);
    const read = await tctx.paginate({
      path: `/projects/${String(project)}/feature_flags/`,
      query: { limit: 100 },
      items: (body) => ZPage(ZFlag).parse(body).results,
    });
    const flags = read.items
      .filter((f) => f.deleted !== true && (!input.active_only || f.active))
      .map((f) => ({
        id: f.id,
        key: f.key,
        name: f.name ?? null,
        active: f.active,
        rollout_percentages: f.filters.groups.map((g) => g.rollout_percentage ?? null),
        variants: f.filters.multivariate?.variants ?? [],
        created_at: f.created_at ?? null,
      }));
    return { project_id: project, flags, partial: read.partial, pages: read.pages };
  },
});

export const posthogTools = [posthogListFunnels, posthogListFeatureFlags] as const;
