// Patchbay's own MCP tools: the catalog, connections, the connect flow (start → poll) and the proxy. Each calls the
// same domain function as its REST twin (named beside it) with the same scopes and input schema, never HTTP; the
// X-Account-Id of the MCP request narrows them exactly as it narrows the REST routes.
import { z } from "zod";
import type { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { getConnectionOrThrow } from "@/lib/connections/get-connection";
import { getGrantStatus } from "@/lib/connections/get-grant-status";
import { ZStartGrantInput } from "@/lib/connections/grant-schemas";
import { listConnections } from "@/lib/connections/list-connections";
import { resolvePlacement } from "@/lib/connections/resolve-placement";
import { ZListConnectionsQuery, type TConnectionView } from "@/lib/connections/schemas";
import { insertStartedGrant, startGrant } from "@/lib/connections/start-grant";
import { testConnection } from "@/lib/connections/test-connection";
import { AppError } from "@/lib/errors";
import { accountIdFromHeader, assertAccountConnection } from "@/lib/partners/account-header";
import { listCatalog } from "@/lib/tools/catalog";
import { PROVIDER_CATEGORIES } from "@/lib/providers/schemas";
import { accountHeaders, type TMcpContext } from "./context";
import { runMcpProxyRequest, ZMcpProxyInput } from "./proxy-tool";
import { actionFor } from "./reconnect-hint";
import { jsonResult, runTool, toolError } from "./tool-result";

const ZConnectionId = z.string().min(1).max(64);

/** What an agent needs of a connection (the REST view has every health field; this keeps the context small). */
function brief(c: TConnectionView) {
  return {
    id: c.id,
    provider: c.provider,
    status: c.status,
    label: c.label,
    auth_mode: c.auth_mode,
    account: c.account,
    owner: c.owner,
    scopes: c.scopes,
    last_error: c.last_error,
    warning: c.warning,
    created_at: c.created_at,
  };
}

export function registerCoreTools(server: McpServer, ctx: TMcpContext): void {
  // GET /api/v1/providers (its query schema, field for field)
  server.registerTool(
    "list_connectors",
    {
      title: "List connectors",
      description:
        "The providers this Patchbay can connect (the catalog): slug, name, auth modes, whether it can be " +
        "connected now, the parameters a connection needs and the OAuth scopes it asks for by default.",
      inputSchema: z
        .object({ category: z.enum(PROVIDER_CATEGORIES).optional(), q: z.string().max(100).optional() })
        .strict(),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(ctx, "list_connectors", ["providers:read"], async () => {
        const entries = await listCatalog(ctx.auth, args);
        return jsonResult({
          data: entries.map((e) => ({
            slug: e.slug,
            name: e.name,
            description: e.description,
            category: e.category,
            auth_modes: e.auth_modes,
            connectable: e.connectable,
            connection_params: e.connection_params.map((p) => ({
              name: p.name,
              label: p.label,
              required: p.required,
              example: p.example,
            })),
            default_scopes: e.scopes?.default ?? null,
            tools: e.tools,
          })),
        });
      }),
  );

  // GET /api/v1/connections (its query schema; X-Account-Id lists only that account's)
  server.registerTool(
    "list_connections",
    {
      title: "List connections",
      description:
        "The team's connections, newest first, filtered like GET /api/v1/connections (provider, status, q …); " +
        "pass next_cursor back as cursor for the next page. With X-Account-Id: only that account's.",
      inputSchema: ZListConnectionsQuery,
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(ctx, "list_connections", ["connections:read"], async () => {
        const accountId = await accountIdFromHeader(ctx.auth, accountHeaders(ctx));
        if (accountId === null) return jsonResult({ data: [], next_cursor: null });
        const page = await listConnections(
          ctx.auth,
          accountId === undefined ? args : { ...args, account_id: accountId },
        );
        return jsonResult({ data: page.data.map(brief), next_cursor: page.next_cursor });
      }),
  );

  // POST /api/v1/connect/{provider} (its body schema, minus the browser-only return_to and mode)
  server.registerTool(
    "start_connector_oauth",
    {
      title: "Start connecting a provider (OAuth)",
      description:
        "Starts an OAuth grant for a provider and returns authorization_url, which the USER must open in their " +
        "browser to sign in and consent (you cannot do it for them), and grant_id: poll get_connector_status " +
        "with it every few seconds until status is connected (then use connection_id) or failed/expired.",
      inputSchema: ZStartGrantInput.omit({ return_to: true, mode: true }).extend({
        provider: z.string().min(1).max(64).describe("provider slug from list_connectors, e.g. sandbox"),
      }),
      annotations: { readOnlyHint: false, destructiveHint: false, openWorldHint: false },
    },
    ({ provider, ...input }) =>
      runTool(ctx, "start_connector_oauth", ["connections:write"], async () => {
        const grantInput = { ...input, mode: "api" as const };
        const accountId = await accountIdFromHeader(ctx.auth, accountHeaders(ctx));
        if (accountId === null)
          throw new AppError("not_found", {
            message: "No connected account with this external id (X-Account-Id).",
          });
        // X-Account-Id: the connection will be that account's (as a hosted connect session would place it).
        const grant =
          accountId === undefined
            ? await startGrant(ctx.auth, provider, grantInput)
            : await insertStartedGrant({
                teamId: ctx.auth.teamId,
                providerSlug: provider,
                input: grantInput,
                placement: {
                  brandId: (await resolvePlacement(ctx.auth, { brand_id: input.brand_id, owner: "shared" }))
                    .brandId,
                  ownerKind: "account",
                  ownerUserId: null,
                  accountId,
                },
                returnTo: null,
                sessionId: null,
              });
        return jsonResult({
          ...grant,
          next_step: `Ask the user to open authorization_url in their browser and finish signing in; then call get_connector_status with grant_id "${grant.grant_id}" until it is connected.`,
        });
      }),
  );

  // GET /api/v1/connect/grants/{id} and GET /api/v1/connections/{id}
  server.registerTool(
    "get_connector_status",
    {
      title: "Connect status",
      description:
        "Status of a grant started by start_connector_oauth (grant_id: pending / connected + connection_id / " +
        "failed / expired) or of a connection (connection_id: connected, needs_reauth …). Says what to do next.",
      inputSchema: z
        .object({ grant_id: z.string().min(1).max(64).optional(), connection_id: ZConnectionId.optional() })
        .strict()
        .refine((a) => (a.grant_id === undefined) !== (a.connection_id === undefined), {
          message: "give exactly one of grant_id and connection_id",
        }),
      annotations: { readOnlyHint: true, openWorldHint: false },
    },
    (args) =>
      runTool(ctx, "get_connector_status", ["connections:read"], async () => {
        if (args.grant_id !== undefined) {
          const g = await getGrantStatus(ctx.auth, args.grant_id);
          const next =
            g.status === "pending"
              ? "The user has not finished yet: poll again in a few seconds."
              : g.status === "connected"
                ? `Connected: use connection_id "${g.connection_id ?? ""}" with proxy_request.`
                : "This grant is over: call start_connector_oauth again for a new link.";
          return jsonResult({ ...g, next_step: next });
        }
        const id = args.connection_id!;
        await assertAccountConnection(ctx.auth, accountHeaders(ctx), id);
        const c = brief(await getConnectionOrThrow(ctx.auth, id));
        const action = await actionFor(ctx, c.id, c.status);
        return jsonResult(
          action ? { ...c, action_required: action.message, reconnect: action.reconnect } : c,
        );
      }),
  );

  // POST /api/v1/connections/{id}/test
  server.registerTool(
    "test_connection",
    {
      title: "Test a connection",
      description:
        "Checks a connection's credentials with the provider's lightweight read and records the outcome " +
        "(a rejected credential turns the connection to needs_reauth). Says how to fix a failure.",
      inputSchema: z.object({ connection_id: ZConnectionId }).strict(),
      annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    },
    ({ connection_id }) =>
      runTool(ctx, "test_connection", ["connections:write"], async () => {
        await assertAccountConnection(ctx.auth, accountHeaders(ctx), connection_id);
        const result = await testConnection(ctx.auth, connection_id);
        if (result.outcome !== "failed") return jsonResult(result);
        const action = await actionFor(ctx, connection_id, result.status);
        const message = `The test failed: ${result.error?.message ?? "the provider refused"}${
          action ? ` ${action.message}` : ""
        }`;
        return toolError("test_failed", message, { ...result, reconnect: action?.reconnect });
      }),
  );

  // any method /api/v1/connections/{id}/proxy/… and /api/v1/proxy/{provider}/… with X-Account-Id
  server.registerTool(
    "proxy_request",
    {
      title: "Call the provider's API",
      description:
        "Sends one HTTP request to the provider's API through Patchbay with the connection's credentials " +
        "(path relative to the provider's API base, e.g. /me). Returns the provider's status, selected " +
        "headers and the body (JSON parsed; at most 64 KB, truncated beyond). Name the connection by " +
        "connection_id, or by provider when the MCP request carries X-Account-Id.",
      inputSchema: ZMcpProxyInput,
      annotations: { readOnlyHint: false, destructiveHint: true, openWorldHint: true },
    },
    (args) => runTool(ctx, "proxy_request", ["connections:proxy"], () => runMcpProxyRequest(ctx, args)),
  );
}
