// The OpenAPI 3.1 document of /api/v1, built from the route modules themselves (each method export is a
// defineRoute handler carrying its configuration). Nothing here is written by hand per endpoint: a new route file
// appears once it is in the route index (app/api/v1/openapi.json/routes.generated.ts, `npm run openapi:routes`).
import type { TRouteHandler } from "@/lib/http/define-route";
import { API_SCOPES, SCOPE_DESCRIPTIONS } from "@/lib/api-keys/scopes";
import { buildOperation } from "@/lib/openapi/build-operation";
import { errorComponents } from "@/lib/openapi/error-components";
import { hoistDefs } from "@/lib/openapi/hoist-defs";
import { knownSchemaNames } from "@/lib/openapi/known-schema-names";
import { TAG_DESCRIPTIONS } from "@/lib/openapi/tag-descriptions";
import type { TJsonObject, TRouteEntry } from "@/lib/openapi/types";

export const HTTP_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"] as const;

export type TBuildOptions = {
  routes: readonly TRouteEntry[];
  /** The origin clients call (servers[0]); omitted: a relative server "/". */
  baseUrl?: string;
};

const isRouteHandler = (v: unknown): v is TRouteHandler =>
  typeof v === "function" && "routeConfig" in v && typeof v.routeConfig === "object";

export function buildOpenApiDocument({ routes, baseUrl }: TBuildOptions): TJsonObject {
  const errors = errorComponents();
  const schemas: TJsonObject = { ...errors.schemas };
  const paths: Record<string, TJsonObject> = {};
  const operationIds = new Map<string, string>();
  const usedTags = new Set<string>();
  // Collections before their items, items before their sub-resources: the reader meets "List …" first.
  const ordered = [...routes].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  for (const route of ordered) {
    const methods = HTTP_METHODS.filter((m) => m in route.module);
    const item: TJsonObject = {};
    for (const method of methods) {
      const handler = route.module[method];
      if (!isRouteHandler(handler))
        throw new Error(`${route.file}: ${method} is not a defineRoute handler, so it cannot be documented`);
      const sharedHandler = methods.some((m) => m !== method && route.module[m] === handler);
      const op = buildOperation({ method, path: route.path, file: route.file, handler, sharedHandler });
      const id = op.operationId as string;
      const clash = operationIds.get(id);
      if (clash) throw new Error(`operationId ${id} is used by ${clash} and ${method} ${route.path}`);
      operationIds.set(id, `${method} ${route.path}`);
      for (const t of op.tags as string[]) usedTags.add(t);
      item[method.toLowerCase()] = hoistDefs(op, schemas, knownSchemaNames());
    }
    paths[route.path] = item;
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Patchbay API",
      version: "v1",
      description:
        "Patchbay connects your users' accounts at SaaS providers (OAuth or API keys) and lets your code call " +
        "those providers through an authenticated proxy. Every error has the shape " +
        '`{ "error": { "code", "message", "details"? } }`. Lists are paged with `?limit=&cursor=` → ' +
        "`{ data, next_cursor }`.\n\nAuthenticate with an API key created in the dashboard (API keys): " +
        "`Authorization: Bearer pbk_…`. Each operation lists the scopes a key needs.",
    },
    servers: [{ url: baseUrl ?? "/", description: "This Patchbay instance" }],
    tags: [...usedTags]
      .sort((a, b) => a.localeCompare(b))
      .map((name) => ({ name, ...(TAG_DESCRIPTIONS[name] ? { description: TAG_DESCRIPTIONS[name] } : {}) })),
    paths,
    components: {
      schemas,
      responses: errors.responses,
      headers: errors.headers,
      securitySchemes: {
        ApiKey: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "pbk_<38 base62 characters>",
          description:
            "An API key from the dashboard. Scopes an operation needs are listed in its security requirement " +
            `and \`x-scopes\`:\n\n${API_SCOPES.map((s) => `- \`${s}\`: ${SCOPE_DESCRIPTIONS[s]}`).join("\n")}`,
        },
        Session: {
          type: "apiKey",
          in: "cookie",
          name: "next-auth.session-token",
          description:
            "The dashboard's session cookie (`__Secure-next-auth.session-token` over https). For the browser only; " +
            "writes from another origin are refused.",
        },
      },
    },
  };
}
