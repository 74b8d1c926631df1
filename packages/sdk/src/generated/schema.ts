/**
 * PLACEHOLDER (hand-written until the OpenAPI generator lands): replaced by
 * `npm run generate -w @patchbay/sdk` output (openapi-typescript over buildOpenApiDocument()).
 */
type J<T> = { content: { "application/json": T } };
type E = J<components["schemas"]["Error"]>;
type Op<P, B, R> = {
  parameters: P;
  requestBody?: B extends never ? never : J<B>;
  responses: R & { default: E };
};
type PathId = { query?: never; header?: never; path: { id: string }; cookie?: never };
type NoParams = { query?: never; header?: never; path?: never; cookie?: never };
type Page<T> = { data: T[]; next_cursor: string | null };

export interface components {
  schemas: {
    Error: { error: { code: string; message: string; details?: unknown } };
    Connection: {
      id: string;
      provider: string;
      auth_mode: string;
      status: string;
      label: string | null;
      brand_id: string;
      owner: { type: "user" | "account" | "shared"; user_id: string | null; account_id: string | null };
      account: Record<string, unknown>;
      scopes: string[];
      created_at: string;
      updated_at: string;
    };
    Provider: { slug: string; name: string; auth_modes: string[]; configured: boolean };
    Grant: {
      grant_id: string;
      provider: string;
      status: "pending" | "connected" | "failed" | "expired";
      connection_id: string | null;
      error: { code: string; description: string | null } | null;
      warning: { code: string; description: string | null } | null;
      expires_at: string;
    };
    Account: { id: string; external_id: string; display_name: string | null; status: string };
    ConnectSession: { session_id: string; status: string; connection_id: string | null };
    Event: { id: string; type: string; created_at: string };
  };
}

export interface paths {
  "/api/v1/me": {
    get: Op<NoParams, never, { 200: J<{ team: { id: string; name: string }; scopes: string[] }> }>;
  };
  "/api/v1/providers": {
    get: Op<
      { query?: { category?: string; q?: string }; header?: never; path?: never; cookie?: never },
      never,
      { 200: J<{ data: components["schemas"]["Provider"][] }> }
    >;
  };
  "/api/v1/providers/{slug}": {
    get: Op<
      { query?: never; header?: never; path: { slug: string }; cookie?: never },
      never,
      { 200: J<components["schemas"]["Provider"] & { redirect_uri: string | null }> }
    >;
  };
  "/api/v1/connections": {
    get: Op<
      {
        query?: {
          q?: string;
          provider?: string;
          status?: string;
          account_id?: string;
          limit?: number;
          cursor?: string;
        };
        header?: never;
        path?: never;
        cookie?: never;
      },
      never,
      { 200: J<Page<components["schemas"]["Connection"]>> }
    >;
  };
  "/api/v1/connections/{id}": {
    get: Op<PathId, never, { 200: J<components["schemas"]["Connection"]> }>;
    patch: Op<PathId, { label?: string; enabled?: boolean }, { 200: J<components["schemas"]["Connection"]> }>;
    delete: Op<PathId, never, { 200: J<Record<string, unknown>> }>;
  };
  "/api/v1/connections/{id}/refresh": {
    post: Op<PathId, never, { 200: J<components["schemas"]["Connection"]> }>;
  };
  "/api/v1/connections/{id}/reconnect": {
    post: Op<PathId, never, { 201: J<{ grant_id: string; authorization_url: string; expires_at: string }> }>;
  };
  "/api/v1/connections/{id}/test": { post: Op<PathId, never, { 200: J<Record<string, unknown>> }> };
  "/api/v1/connections/{id}/credentials": { get: Op<PathId, never, { 200: J<Record<string, unknown>> }> };
  "/api/v1/connect/{provider}": {
    post: Op<
      { query?: never; header?: never; path: { provider: string }; cookie?: never },
      { label?: string; scopes?: string[]; mode?: "popup" | "redirect" | "api"; return_to?: string },
      { 201: J<{ grant_id: string; authorization_url: string; expires_at: string }> }
    >;
  };
  "/api/v1/connect/grants/{grantId}": {
    get: Op<
      { query?: never; header?: never; path: { grantId: string }; cookie?: never },
      never,
      { 200: J<components["schemas"]["Grant"]> }
    >;
  };
  "/api/v1/accounts": {
    get: Op<
      {
        query?: { external_id?: string; limit?: number; cursor?: string };
        header?: never;
        path?: never;
        cookie?: never;
      },
      never,
      { 200: J<Page<components["schemas"]["Account"]>> }
    >;
    post: Op<
      NoParams,
      { external_id: string; display_name?: string },
      { 201: J<components["schemas"]["Account"]> }
    >;
  };
  "/api/v1/accounts/{id}": {
    get: Op<PathId, never, { 200: J<components["schemas"]["Account"]> }>;
    patch: Op<PathId, { display_name?: string }, { 200: J<components["schemas"]["Account"]> }>;
    delete: Op<PathId, never, { 202: J<components["schemas"]["Account"]> }>;
  };
  "/api/v1/accounts/{id}/connect": {
    post: Op<
      PathId,
      { redirect_url: string; providers?: string[] },
      { 201: J<{ session_id: string; connect_url: string; expires_at: string }> }
    >;
  };
  "/api/v1/connect-sessions": {
    post: Op<
      NoParams,
      { redirect_url: string; account_id?: string; external_id?: string; providers?: string[] },
      { 201: J<{ session_id: string; connect_url: string; expires_at: string }> }
    >;
  };
  "/api/v1/connect-sessions/{id}": {
    get: Op<PathId, never, { 200: J<components["schemas"]["ConnectSession"]> }>;
  };
  "/api/v1/events": {
    get: Op<
      {
        query?: { type?: string; connection_id?: string; limit?: number; cursor?: string };
        header?: never;
        path?: never;
        cookie?: never;
      },
      never,
      { 200: J<Page<components["schemas"]["Event"]> & { dead_letters: number }> }
    >;
  };
  "/api/v1/events/{id}": { get: Op<PathId, never, { 200: J<components["schemas"]["Event"]> }> };
  "/api/v1/webhook-endpoints": {
    get: Op<
      { query?: { limit?: number; cursor?: string }; header?: never; path?: never; cookie?: never },
      never,
      { 200: J<Page<{ id: string; url: string }>> }
    >;
    post: Op<
      NoParams,
      { url: string; event_types?: string[]; description?: string },
      { 201: J<{ endpoint: { id: string; url: string }; secret: string }> }
    >;
  };
  "/api/v1/webhook-endpoints/{id}/test": {
    post: Op<PathId, never, { 202: J<{ event_id: string; delivery_id: string }> }>;
  };
}
