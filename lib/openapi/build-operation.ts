// One OpenAPI operation from one defineRoute handler: its parameters, body, success and error responses, security
// and scopes — all read from the route's own configuration (the zod schemas it validates with), never written twice.
import type { TRouteConfigAny } from "@/lib/http/define-route";
import { ERROR_STATUS } from "@/lib/errors";
import { errorResponseName } from "@/lib/openapi/error-components";
import { headerParameter } from "@/lib/openapi/known-headers";
import { tagForPath } from "@/lib/openapi/tag-for-path";
import { toJsonSchema } from "@/lib/openapi/to-json-schema";
import type { TJson, TJsonObject, TOperationInput } from "@/lib/openapi/types";

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);
const RATE_HEADERS = ["RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "RateLimit-Policy"];

export function buildOperation(op: TOperationInput & { sharedHandler?: boolean }): TJsonObject {
  const config = op.handler.routeConfig;
  const docs = config.docs ?? {};
  const summary = summaryOf(op, config);
  const operation: TJsonObject = {
    operationId: docs.operationId ?? operationIdOf(summary),
    summary,
    description: describe(config, docs.description),
    tags: docs.tags ?? [tagForPath(op.path)],
    ...(docs.deprecated ? { deprecated: true } : {}),
    security: security(config),
    "x-auth": config.auth,
    ...(config.scopes?.length ? { "x-scopes": config.scopes } : {}),
    ...(config.role ? { "x-role": config.role } : {}),
    parameters: parameters(op, config),
  };
  const body = requestBody(op.method, config);
  if (body) operation.requestBody = body;
  operation.responses = { ...successResponses(config), ...errorResponses(op, config) };
  return operation;
}

function summaryOf(op: TOperationInput & { sharedHandler?: boolean }, config: TRouteConfigAny): string {
  const base = config.docs?.summary ?? `${op.method} ${op.path.replace(/^\/api\/v1/, "")}`;
  return op.sharedHandler && config.docs?.summary ? `${base} (${op.method})` : base;
}

/** "Read a connection's credentials" → readConnectionCredentials (articles and possessives dropped). */
function operationIdOf(summary: string): string {
  const words = summary
    .replace(/'s\b/g, "")
    .replace(/[^A-Za-z0-9]+/g, " ")
    .trim()
    .split(" ")
    .filter((w) => !["a", "an", "the"].includes(w.toLowerCase()));
  return words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1).toLowerCase()))
    .join("");
}

function describe(config: TRouteConfigAny, text: string | undefined): string {
  const auth = {
    public: "Public: no authentication.",
    api_key: "API key only (`Authorization: Bearer pbk_…`).",
    session: "Dashboard session only (the signed-in browser); API keys are refused.",
    any: "An API key (`Authorization: Bearer pbk_…`) or the dashboard session.",
  }[config.auth];
  const lines = [text, `**Authentication:** ${auth}`];
  if (config.scopes?.length && config.auth !== "session")
    lines.push(`**API key scopes:** ${config.scopes.map((s) => `\`${s}\``).join(", ")}.`);
  if (config.role && config.auth !== "api_key")
    lines.push(`**Team role (session):** \`${config.role}\` or above.`);
  return lines.filter(Boolean).join("\n\n");
}

function security(config: TRouteConfigAny): TJson[] {
  const scopes = config.scopes ?? [];
  switch (config.auth) {
    case "public":
      return [];
    case "api_key":
      return [{ ApiKey: scopes }];
    case "session":
      return [{ Session: [] }];
    case "any":
      return [{ ApiKey: scopes }, { Session: [] }];
  }
}

function objectProperties(schema: TJsonObject): { props: Record<string, TJsonObject>; required: string[] } {
  const props = (schema.properties ?? {}) as Record<string, TJsonObject>;
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : [];
  return { props, required };
}

function parameters(op: TOperationInput, config: TRouteConfigAny): TJson[] {
  const out: TJson[] = [];
  const pathProps = config.params ? objectProperties(toJsonSchema(config.params, "input")).props : {};
  for (const [, name] of op.path.matchAll(/\{([^}]+)\}/g)) {
    const catchAll = new RegExp(`\\[\\[?\\.\\.\\.${name!}\\]\\]?`).test(op.file);
    const optional = op.file.includes(`[[...${name!}]]`);
    out.push({
      name: name!,
      in: "path",
      required: true,
      ...(catchAll
        ? {
            description:
              "Catch-all: the rest of the path, forwarded as is; it may contain `/`" +
              (optional ? " and may be empty (the path then ends before this segment)." : "."),
            schema: { type: "string" },
            "x-catch-all": true,
          }
        : { schema: pathProps[name!] ?? { type: "string" } }),
    });
  }
  if (config.query) {
    const { props, required } = objectProperties(toJsonSchema(config.query, "input"));
    for (const [name, schema] of Object.entries(props)) {
      const { description, ...rest } = schema;
      out.push({
        name,
        in: "query",
        required: required.includes(name),
        ...(typeof description === "string" ? { description } : {}),
        schema: rest,
      });
    }
  }
  for (const h of config.docs?.headers ?? []) out.push(headerParameter(h));
  return out;
}

function requestBody(method: string, config: TRouteConfigAny): TJsonObject | null {
  const example = config.docs?.requestExample as TJson | undefined;
  if (config.docs?.rawBody) {
    if (SAFE.has(method)) return null;
    return {
      required: false,
      description: "Any body, streamed to the provider unchanged with its Content-Type.",
      content: { "*/*": { schema: {} } },
    };
  }
  if (!config.body) return null;
  return {
    required: true,
    content: {
      "application/json": {
        schema: toJsonSchema(config.body, "input"),
        ...(example === undefined ? {} : { example }),
      },
    },
  };
}

function successHeaders(config: TRouteConfigAny, extra: Record<string, string> = {}): TJsonObject {
  const limited = config.auth === "public" ? Boolean(config.rateLimit) : config.rateLimit !== false;
  const headers: TJsonObject = { "X-Request-Id": { $ref: "#/components/headers/X-Request-Id" } };
  if (limited) for (const h of RATE_HEADERS) headers[h] = { $ref: `#/components/headers/${h}` };
  for (const [name, description] of Object.entries(extra))
    headers[name] = { description, schema: { type: "string" } };
  return headers;
}

function successResponses(config: TRouteConfigAny): TJsonObject {
  const declared = config.docs?.responses;
  if (declared) {
    const out: TJsonObject = {};
    for (const [status, r] of Object.entries(declared)) {
      const contentType = r.contentType === undefined ? "application/json" : r.contentType;
      out[status] = {
        description: r.description,
        headers: successHeaders(config, r.headers),
        ...(contentType === null
          ? {}
          : {
              content: {
                [contentType]: {
                  schema: r.schema ? toJsonSchema(r.schema, "output") : {},
                  ...(r.example === undefined ? {} : { example: r.example as TJson }),
                },
              },
            }),
      };
    }
    return out;
  }
  const status = config.status ?? 200;
  if (status === 204) return { "204": { description: "Done; no content.", headers: successHeaders(config) } };
  const example = config.docs?.responseExample as TJson | undefined;
  return {
    [String(status)]: {
      description: config.output ? "Success." : "Success (this answer has no published schema yet).",
      headers: successHeaders(config),
      content: {
        "application/json": {
          schema: config.output ? toJsonSchema(config.output, "output") : {},
          ...(example === undefined ? {} : { example }),
        },
      },
    },
  };
}

function errorResponses(op: TOperationInput, config: TRouteConfigAny): TJsonObject {
  const statuses = new Set<number>();
  if (config.auth !== "public") {
    statuses.add(401);
    // A key without a scope, a member without the role, or a session's cross-origin write.
    if (config.scopes?.length || config.role || (config.auth !== "api_key" && !SAFE.has(op.method)))
      statuses.add(403);
    if (config.rateLimit !== false) statuses.add(429);
  } else if (config.rateLimit) statuses.add(429);
  if (/\{[^}]+\}/.test(op.path)) statuses.add(404);
  if (config.params || config.query || config.body) statuses.add(422);
  if (config.body) {
    statuses.add(400);
    statuses.add(413);
  }
  for (const code of config.docs?.errors ?? []) statuses.add(ERROR_STATUS[code]);
  statuses.add(500);
  const out: TJsonObject = {};
  for (const s of [...statuses].sort((a, b) => a - b))
    out[String(s)] = { $ref: `#/components/responses/${errorResponseName(s)}` };
  return out;
}
