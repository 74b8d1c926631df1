// The documentation fields a route may add to its defineRoute config. Only lib/openapi reads them: the schemas
// (body, query, params, output, status) already say most of what the OpenAPI document needs; these say the rest —
// a human summary, the headers a handler reads itself, and the answers of handlers that return a raw Response.
import type { z } from "zod";
import type { TErrorCode } from "@/lib/errors";

/** Request headers a handler reads itself (their descriptions live in lib/openapi/known-headers.ts). */
export type TDocHeader = "X-Account-Id" | "Connection-Id" | "Idempotency-Key" | "Patchbay-Retries";

export type TDocResponse = {
  description: string;
  /** Defaults to application/json; `null` for a response without a body (a redirect, 204). */
  contentType?: string | null;
  /** The body's schema; omitted: any body (the proxy answers whatever the provider answered). */
  schema?: z.ZodType;
  /** Response headers worth naming, name → description. */
  headers?: Record<string, string>;
  example?: unknown;
};

export type TRouteDocs = {
  /** Short, imperative ("List connections"); derived from the method and path when omitted. */
  summary?: string;
  description?: string;
  /** Overrides the feature tag derived from the path. */
  tags?: string[];
  operationId?: string;
  deprecated?: boolean;
  headers?: TDocHeader[];
  /** Error codes the handler answers beyond those its auth, scopes and schemas imply (e.g. conflict). */
  errors?: TErrorCode[];
  /** The success responses of a handler that returns a raw Response (instead of the `output` schema). */
  responses?: Record<number, TDocResponse>;
  /** An example request body (must not look like a secret: a test scans the document). */
  requestExample?: unknown;
  /** An example success body. */
  responseExample?: unknown;
  /** Document the body as a stream of any content type (the proxy), not as JSON. */
  rawBody?: boolean;
};
