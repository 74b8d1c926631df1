// A tool: one typed action an agent can take through a connection ("shopify.list_orders", "stripe.mrr"). Declared
// as data plus one `run` function that reaches the provider only through `tctx` (tool-context.ts → the proxy core:
// the connection's credentials, refresh, retries, throttling, the outbound guard, quota, usage and audit).
//
// The declaration is checked where it is made (name, providers, scopes), so a bad one fails at module load and in
// the registry's unit test, not when an agent first calls it.
import { z } from "zod";
import type { TPageRequest, TPaginationStrategy } from "./pagination";

export type TToolAccess = "read" | "write";

export type TToolRequest = {
  method?: string;
  /** relative to the provider's API base ("/orders.json"), or an absolute URL on the base's own host */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** sent as JSON (an object) or as it is (a string: set content-type yourself) */
  body?: unknown;
  /** statuses (besides 2xx) to hand back instead of throwing a ToolError, e.g. [404] */
  acceptStatus?: number[];
};

export type TToolResponse = {
  status: number;
  headers: Headers;
  json(): Promise<unknown>;
  text(): Promise<string>;
};

export type TPaginateOptions<T> = {
  method?: string;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** the first page's JSON body, for APIs that page in a POST body (the strategy's `in: "body"`) */
  body?: Record<string, unknown>;
  /** the items of one page, from its parsed JSON body — parse with the provider's wire-format schema */
  items: (body: unknown) => T[];
  /** the provider's declared strategy (pagination.ts) unless given */
  strategy?: TPaginationStrategy;
  /** stop after this many pages (default 50); the result is then partial */
  maxPages?: number;
  /** stop starting new pages after this many ms (default 20 s); the result is then partial */
  budgetMs?: number;
  /** stop once this many items were read (the result is then partial only if more pages remained) */
  maxItems?: number;
};

export type TPartialReason = "max_pages" | "time_budget" | "max_items";

export type TPaginated<T> = {
  items: T[];
  pages: number;
  /** true when pages remained unread: the items are a prefix of the list */
  partial: boolean;
  reason?: TPartialReason;
  /** where reading stopped (the next page's request) when partial */
  next?: TPageRequest;
};

export type TToolConnection = {
  id: string;
  provider: string;
  params: Record<string, unknown>;
  account: Record<string, unknown>;
  scopes: string[];
};

export type TToolContext = {
  connection: TToolConnection;
  /** One request through the proxy core. A non-2xx answer (not in acceptStatus) throws a ToolError. */
  request(req: TToolRequest): Promise<TToolResponse>;
  /** Shorthand: request + parse the JSON body. */
  json(req: TToolRequest): Promise<unknown>;
  /** Reads a list page by page with the provider's strategy, bounded by pages, time and items. */
  paginate<T>(opts: TPaginateOptions<T>): Promise<TPaginated<T>>;
  /** "now" for period defaults (fixed in tests through runTool's options) */
  now(): Date;
  signal?: AbortSignal;
};

export type TToolDefinition<I extends z.ZodType, O extends z.ZodType> = {
  /** `<provider>.<snake_case>`: "shopify.list_orders", "meta_ads.campaign_performance" */
  name: string;
  title: string;
  /** what it returns and when to use it, with every metric's definition — agents read this */
  description: string;
  /** catalog slugs of the providers it serves */
  providers: readonly string[];
  /** provider OAuth scopes the connection must have been granted (checked before any call; none for API keys) */
  requiredScopes: readonly string[];
  access: TToolAccess;
  input: I;
  output: O;
  run: (tctx: TToolContext, input: z.output<I>) => Promise<z.input<O>>;
};

export type TTool<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> = Readonly<
  TToolDefinition<I, O>
>;

/** Any tool, for lists and the registry (input and output types erased). */
export type TAnyTool = {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly providers: readonly string[];
  readonly requiredScopes: readonly string[];
  readonly access: TToolAccess;
  readonly input: z.ZodType;
  readonly output: z.ZodType;
  readonly run: (tctx: TToolContext, input: never) => Promise<unknown>;
};

export const TOOL_NAME = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

export function defineTool<I extends z.ZodType, O extends z.ZodType>(
  def: TToolDefinition<I, O>,
): TTool<I, O> {
  if (!TOOL_NAME.test(def.name)) throw new Error(`tool name "${def.name}" must be provider.snake_case`);
  if (def.providers.length === 0) throw new Error(`tool ${def.name} serves no provider`);
  if (def.description.trim().length < 40)
    throw new Error(`tool ${def.name}: say what it returns and when to use it (description too short)`);
  return Object.freeze({ ...def });
}

/** JSON Schema of a tool's input (for GET /api/v1/tools, MCP and the dashboard's generated form). */
export function inputJsonSchema(tool: Pick<TAnyTool, "input">): Record<string, unknown> {
  return z.toJSONSchema(tool.input, { io: "input", unrepresentable: "any" });
}

export function outputJsonSchema(tool: Pick<TAnyTool, "output">): Record<string, unknown> {
  return z.toJSONSchema(tool.output, { io: "output", unrepresentable: "any" });
}
