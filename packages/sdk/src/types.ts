// Request and response types of the API, read off the generated OpenAPI types (generated/schema.ts) by path and
// method — so they follow the server's zod schemas whenever the schema file is regenerated.
import type { paths } from "./generated/schema.js";

export type { paths } from "./generated/schema.js";

type JsonContent<R> = R extends { content: { "application/json": infer B } } ? B : never;
type Operation<P extends keyof paths, M extends string> = M extends keyof paths[P]
  ? NonNullable<paths[P][M]>
  : never;

/** The JSON body of an operation's 2xx answer. */
export type ResponseOf<P extends keyof paths, M extends string> =
  Operation<P, M> extends { responses: infer R }
    ? { [S in keyof R]: S extends 200 | 201 | 202 ? JsonContent<R[S]> : never }[keyof R]
    : never;

/** The JSON request body of an operation. */
export type BodyOf<P extends keyof paths, M extends string> =
  Operation<P, M> extends { requestBody?: infer B } ? JsonContent<NonNullable<B>> : never;

/** The query parameters of an operation. */
export type QueryOf<P extends keyof paths, M extends string> =
  Operation<P, M> extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

type Item<L> = L extends { data: (infer T)[] } ? T : never;

/**
 * The generated type where the document has one; `F` where the route declares no output schema yet (its answer is
 * `{}` in the document, i.e. unknown). Once the route gains an output schema, the generated type wins by itself.
 */
type Documented<G, F> = unknown extends G ? F : G;

type ProviderShape = {
  slug: string;
  name: string;
  description: string;
  category: string;
  category_label: string;
  logo: string;
  docs_url: string | null;
  auth_modes: string[];
  tools: unknown[];
  connection_params: {
    name: string;
    label: string;
    description: string | null;
    pattern: string;
    example: string;
    placeholder: string | null;
    required: boolean;
  }[];
  api_key: {
    label: string;
    placeholder: string | null;
    instructions: string | null;
    help_url: string | null;
  } | null;
  basic: { username_label: string; password_label: string; instructions: string | null } | null;
  service_account: { description: string } | null;
  scopes: { default: string[]; available: string[] | null } | null;
  webhooks: { events: unknown } | null;
  /** OAuth providers need client credentials (the team's, the instance's, or the built-in Sandbox's). */
  configured: boolean;
  /** Some way to connect works now. */
  connectable: boolean;
  configured_by: "team" | "instance" | "sandbox" | null;
};

export type Me = ResponseOf<"/api/v1/me", "get">;

export type Provider =
  Documented<ResponseOf<"/api/v1/providers", "get">, { data: ProviderShape[] }> extends infer L
    ? Item<L>
    : never;
export type ProviderDetail = Documented<
  ResponseOf<"/api/v1/providers/{slug}", "get">,
  ProviderShape & {
    /** what to register at the provider as the redirect URI (null: not OAuth) */ redirect_uri: string | null;
  }
>;
export type ListProvidersQuery = QueryOf<"/api/v1/providers", "get">;

export type Connection = ResponseOf<"/api/v1/connections/{id}", "get">;
export type ListConnectionsQuery = QueryOf<"/api/v1/connections", "get">;
export type UpdateConnectionBody = BodyOf<"/api/v1/connections/{id}", "patch">;
export type DisconnectResult = Documented<
  ResponseOf<"/api/v1/connections/{id}", "delete">,
  {
    id: string;
    deleted: boolean;
    revocation: { attempted: boolean; ok: boolean; error: string | null };
    webhooks?: { attempted: boolean; ok: boolean; error: string | null };
  }
>;
export type TestConnectionResult = Documented<
  ResponseOf<"/api/v1/connections/{id}/test", "post">,
  {
    ok: boolean;
    outcome: "passed" | "failed" | "not_testable";
    note: string | null;
    status: string;
    checked_at: string;
    error: { code: string; message: string } | null;
    warning: { code: string; message: string | null } | null;
  }
>;
export type ConnectionCredentials = ResponseOf<"/api/v1/connections/{id}/credentials", "get">;

export type StartGrantBody = BodyOf<"/api/v1/connect/{provider}", "post">;
export type ReconnectBody = BodyOf<"/api/v1/connections/{id}/reconnect", "post">;
export type StartedGrant = ResponseOf<"/api/v1/connect/{provider}", "post">;
export type Grant = ResponseOf<"/api/v1/connect/grants/{grantId}", "get">;

export type Account = ResponseOf<"/api/v1/accounts/{id}", "get">;
export type ListAccountsQuery = QueryOf<"/api/v1/accounts", "get">;
export type CreateAccountBody = BodyOf<"/api/v1/accounts", "post">;
export type UpdateAccountBody = BodyOf<"/api/v1/accounts/{id}", "patch">;
export type AccountConnectBody = BodyOf<"/api/v1/accounts/{id}/connect", "post">;

export type CreateConnectSessionBody = BodyOf<"/api/v1/connect-sessions", "post">;
export type CreatedConnectSession = ResponseOf<"/api/v1/connect-sessions", "post">;
export type ConnectSession = ResponseOf<"/api/v1/connect-sessions/{id}", "get">;

export type Event = ResponseOf<"/api/v1/events/{id}", "get">;
export type EventList = ResponseOf<"/api/v1/events", "get">;
export type ListEventsQuery = QueryOf<"/api/v1/events", "get">;

export type WebhookEndpoint = Item<ResponseOf<"/api/v1/webhook-endpoints", "get">>;
export type CreateWebhookEndpointBody = BodyOf<"/api/v1/webhook-endpoints", "post">;
export type CreatedWebhookEndpoint = ResponseOf<"/api/v1/webhook-endpoints", "post">;
export type TestEventResult = ResponseOf<"/api/v1/webhook-endpoints/{id}/test", "post">;
