// The Patchbay client: typed methods over openapi-fetch (paths and bodies from the generated OpenAPI types), one
// error type (PatchbayError) for every refusal, page iterators, grant polling and the proxy.
import createClient, { type Client } from "openapi-fetch";
import { errorFromBody, networkError, PatchbayError } from "./errors.js";
import type { paths } from "./generated/schema.js";
import { paginate, type Page, type PaginateOptions } from "./pagination.js";
import { poll, type PollOptions } from "./poll.js";
import { createProxyClient, type ProxyClient, type ProxyTarget, type Transport } from "./proxy.js";
import type {
  Account,
  AccountConnectBody,
  ConnectionCredentials,
  ConnectSession,
  CreateAccountBody,
  CreateConnectSessionBody,
  CreatedConnectSession,
  CreatedWebhookEndpoint,
  CreateWebhookEndpointBody,
  Connection,
  DisconnectResult,
  Event,
  EventList,
  Grant,
  ListAccountsQuery,
  ListConnectionsQuery,
  ListEventsQuery,
  ListProvidersQuery,
  Me,
  Provider,
  ProviderDetail,
  ReconnectBody,
  StartGrantBody,
  StartedGrant,
  TestConnectionResult,
  TestEventResult,
  UpdateAccountBody,
  UpdateConnectionBody,
  WebhookEndpoint,
} from "./types.js";
import { verifyWebhook, type VerifyWebhookInput, type WebhookEvent } from "./webhooks.js";

export type PatchbayOptions = {
  /** An API key (pbk_…), sent as `Authorization: Bearer`. Keep it on your server. */
  apiKey: string;
  /** Where Patchbay runs, e.g. https://patchbay.example.com (no /api/v1). */
  baseUrl: string;
  /** A partner's connected account (its external id), sent as X-Account-Id on every call: see withAccount(). */
  accountId?: string;
  /** A fetch implementation (default: the global fetch). Called with a Request. */
  fetch?: (request: Request) => Promise<Response>;
  /** Extra headers on every call. */
  headers?: Record<string, string>;
};

export type RequestOptions = { signal?: AbortSignal };
export type WaitOptions = PollOptions;

type PageQuery = { limit?: number; cursor?: string };
type ApiResult<T> = { data?: T; error?: unknown; response: Response };

/** Throws the PatchbayError of a failed answer; returns the body of a successful one. */
async function unwrap<T>(call: () => Promise<ApiResult<T>>, signal?: AbortSignal): Promise<T> {
  let result: ApiResult<T>;
  try {
    result = await call();
  } catch (err) {
    throw networkError(err, signal);
  }
  const { response } = result;
  if (!response.ok) throw errorFromBody(response.status, response.headers, result.error);
  return result.data as T;
}

/** unwrap() for the few answers the document does not describe yet (types.ts `Documented` gives their shape). */
const unwrapAs = <T>(call: () => Promise<ApiResult<unknown>>, signal?: AbortSignal): Promise<T> =>
  unwrap(call, signal) as Promise<T>;

export class Patchbay {
  readonly baseUrl: string;
  readonly accountId: string | undefined;
  /** The underlying openapi-fetch client (typed by the same paths), for endpoints without a method here. */
  readonly api: Client<paths>;
  readonly #options: PatchbayOptions;
  readonly #transport: Transport;

  constructor(options: PatchbayOptions) {
    if (!options?.apiKey) throw new TypeError("Patchbay: apiKey is required");
    if (!options.baseUrl) throw new TypeError("Patchbay: baseUrl is required");
    this.#options = options;
    this.baseUrl = options.baseUrl.replace(/\/+$/, "");
    this.accountId = options.accountId;
    const userFetch = options.fetch;
    // Looked up at call time and called unbound-safe (window.fetch refuses another `this`).
    const doFetch = (r: Request) => (userFetch ? userFetch(r) : globalThis.fetch(r));
    const headers = (): Headers => {
      const h = new Headers(options.headers);
      h.set("authorization", `Bearer ${options.apiKey}`);
      if (options.accountId) h.set("x-account-id", options.accountId);
      return h;
    };
    this.#transport = { baseUrl: this.baseUrl, headers, fetch: doFetch };
    this.api = createClient<paths>({
      baseUrl: this.baseUrl,
      fetch: doFetch,
      headers: Object.fromEntries(headers().entries()),
    });
  }

  /** The same client acting for one of a partner's connected accounts (X-Account-Id: its external id). */
  withAccount(externalId: string): Patchbay {
    return new Patchbay({ ...this.#options, accountId: externalId });
  }

  /** The key's team, scopes and expiry. */
  me(opts: RequestOptions = {}): Promise<Me> {
    return unwrap(() => this.api.GET("/api/v1/me", { signal: opts.signal }), opts.signal);
  }

  /** The catalog of providers ("connectors"), with `configured` for your team. Not paged. */
  readonly connectors = {
    list: async (query: ListProvidersQuery = {}, opts: RequestOptions = {}): Promise<Provider[]> => {
      const page = await unwrapAs<{ data: Provider[] }>(
        () => this.api.GET("/api/v1/providers", { params: { query }, signal: opts.signal }),
        opts.signal,
      );
      return page.data;
    },
    get: (slug: string, opts: RequestOptions = {}): Promise<ProviderDetail> =>
      unwrapAs(
        () => this.api.GET("/api/v1/providers/{slug}", { params: { path: { slug } }, signal: opts.signal }),
        opts.signal,
      ),
  };

  readonly connections = {
    /** One page, newest first: `{ data, next_cursor }`. */
    list: (query: ListConnectionsQuery = {}, opts: RequestOptions = {}): Promise<Page<Connection>> =>
      unwrap(
        () => this.api.GET("/api/v1/connections", { params: { query }, signal: opts.signal }),
        opts.signal,
      ),
    /** Every connection matching the filters, page after page (`for await (const c of …)`). */
    iterate: (
      query: Omit<ListConnectionsQuery, "cursor"> = {},
      opts: PaginateOptions = {},
    ): AsyncGenerator<Connection, void, undefined> =>
      paginate((cursor) => this.connections.list({ ...query, cursor }, opts), opts),
    get: (id: string, opts: RequestOptions = {}): Promise<Connection> =>
      unwrap(
        () => this.api.GET("/api/v1/connections/{id}", { params: { path: { id } }, signal: opts.signal }),
        opts.signal,
      ),
    update: (id: string, body: UpdateConnectionBody, opts: RequestOptions = {}): Promise<Connection> =>
      unwrap(
        () =>
          this.api.PATCH("/api/v1/connections/{id}", {
            params: { path: { id } },
            body: body as never,
            signal: opts.signal,
          }),
        opts.signal,
      ),
    /** Disconnect: removes registered webhooks, revokes at the provider, deletes the connection and its secrets. */
    delete: (id: string, opts: RequestOptions = {}): Promise<DisconnectResult> =>
      unwrapAs(
        () => this.api.DELETE("/api/v1/connections/{id}", { params: { path: { id } }, signal: opts.signal }),
        opts.signal,
      ),
    /** Refresh the token now. */
    refresh: (id: string, opts: RequestOptions = {}): Promise<Connection> =>
      unwrap(
        () =>
          this.api.POST("/api/v1/connections/{id}/refresh", {
            params: { path: { id } },
            signal: opts.signal,
          }),
        opts.signal,
      ),
    /** Call the provider's test request (e.g. its /me) and record the outcome. */
    test: (id: string, opts: RequestOptions = {}): Promise<TestConnectionResult> =>
      unwrapAs(
        () =>
          this.api.POST("/api/v1/connections/{id}/test", { params: { path: { id } }, signal: opts.signal }),
        opts.signal,
      ),
  };

  /**
   * The connection's live access token or key (refreshed if due). Needs the `connections:credentials` scope,
   * which no key has unless asked for; every read is audited. Prefer proxy() where you can.
   */
  credentials(connectionId: string, opts: RequestOptions = {}): Promise<ConnectionCredentials> {
    return unwrap(
      () =>
        this.api.GET("/api/v1/connections/{id}/credentials", {
          params: { path: { id: connectionId } },
          signal: opts.signal,
        }),
      opts.signal,
    );
  }

  /**
   * Calls the provider's API through Patchbay with the connection's credentials:
   * `patchbay.proxy("conn_…").get("/me")`, or `proxy({ provider: "github", accountId: "user_42" })`.
   */
  proxy(target: ProxyTarget): ProxyClient {
    return createProxyClient(this.#transport, target);
  }

  readonly connect = {
    /**
     * Starts an OAuth grant: `{ grant_id, authorization_url, expires_at }`. Open authorization_url in the user's
     * browser (the first browser to open it is bound to the grant), then waitForConnection(grant_id).
     */
    start: (provider: string, body: StartGrantBody = {}, opts: RequestOptions = {}): Promise<StartedGrant> =>
      unwrap(
        () =>
          this.api.POST("/api/v1/connect/{provider}", {
            params: { path: { provider } },
            body: body as never,
            signal: opts.signal,
          }),
        opts.signal,
      ),
    /** Re-authorizes an existing connection in place (same id): a grant like start(). */
    reconnect: (
      connectionId: string,
      body: ReconnectBody = {},
      opts: RequestOptions = {},
    ): Promise<StartedGrant> =>
      unwrap(
        () =>
          this.api.POST("/api/v1/connections/{id}/reconnect", {
            params: { path: { id: connectionId } },
            body: body as never,
            signal: opts.signal,
          }),
        opts.signal,
      ),
    /** pending / connected (+ connection_id) / failed (+ error) / expired. */
    getGrant: (grantId: string, opts: RequestOptions = {}): Promise<Grant> =>
      unwrap(
        () =>
          this.api.GET("/api/v1/connect/grants/{grantId}", {
            params: { path: { grantId } },
            signal: opts.signal,
          }),
        opts.signal,
      ),
    /**
     * Polls the grant until it is connected (resolves with it; `connection_id` is set) or failed/expired (rejects
     * with a PatchbayError `grant_failed` / `grant_expired`, the grant in `details`). Abort with `signal`.
     */
    waitForConnection: (
      grantId: string,
      opts: WaitOptions = {},
    ): Promise<Grant & { status: "connected"; connection_id: string }> =>
      poll(async (signal) => {
        const grant = await this.connect.getGrant(grantId, { signal });
        return settleGrant(grant);
      }, opts),
  };

  /** Partner platforms: connected accounts (one per end-user, keyed by your external_id). */
  readonly accounts = {
    list: (query: ListAccountsQuery = {}, opts: RequestOptions = {}): Promise<Page<Account>> =>
      unwrap(() => this.api.GET("/api/v1/accounts", { params: { query }, signal: opts.signal }), opts.signal),
    iterate: (
      query: Omit<ListAccountsQuery, "cursor"> = {},
      opts: PaginateOptions = {},
    ): AsyncGenerator<Account, void, undefined> =>
      paginate((cursor) => this.accounts.list({ ...query, cursor }, opts), opts),
    get: (id: string, opts: RequestOptions = {}): Promise<Account> =>
      unwrap(
        () => this.api.GET("/api/v1/accounts/{id}", { params: { path: { id } }, signal: opts.signal }),
        opts.signal,
      ),
    create: (body: CreateAccountBody, opts: RequestOptions = {}): Promise<Account> =>
      unwrap(
        () => this.api.POST("/api/v1/accounts", { body: body as never, signal: opts.signal }),
        opts.signal,
      ),
    update: (id: string, body: UpdateAccountBody, opts: RequestOptions = {}): Promise<Account> =>
      unwrap(
        () =>
          this.api.PATCH("/api/v1/accounts/{id}", {
            params: { path: { id } },
            body: body as never,
            signal: opts.signal,
          }),
        opts.signal,
      ),
    /** 202: a job revokes the account's connections, then deletes it (GET shows status "deleting" meanwhile). */
    delete: (id: string, opts: RequestOptions = {}): Promise<Account> =>
      unwrap(
        () => this.api.DELETE("/api/v1/accounts/{id}", { params: { path: { id } }, signal: opts.signal }),
        opts.signal,
      ),
    /** A hosted connect session for this account: `{ connect_url, session_id, expires_at }`. */
    connect: (
      id: string,
      body: AccountConnectBody,
      opts: RequestOptions = {},
    ): Promise<CreatedConnectSession> =>
      unwrap(
        () =>
          this.api.POST("/api/v1/accounts/{id}/connect", {
            params: { path: { id } },
            body: body as never,
            signal: opts.signal,
          }),
        opts.signal,
      ),
  };

  /** Hosted connect sessions: send your end-user to connect_url, then poll (or wait) for the outcome. */
  readonly connectSessions = {
    create: (body: CreateConnectSessionBody, opts: RequestOptions = {}): Promise<CreatedConnectSession> =>
      unwrap(
        () => this.api.POST("/api/v1/connect-sessions", { body: body as never, signal: opts.signal }),
        opts.signal,
      ),
    get: (id: string, opts: RequestOptions = {}): Promise<ConnectSession> =>
      unwrap(
        () =>
          this.api.GET("/api/v1/connect-sessions/{id}", { params: { path: { id } }, signal: opts.signal }),
        opts.signal,
      ),
    /** Polls until connected (resolves) or failed/expired (rejects with grant_failed / grant_expired). */
    waitForCompletion: (id: string, opts: WaitOptions = {}): Promise<ConnectSession> =>
      poll(async (signal) => {
        const s = await this.connectSessions.get(id, { signal });
        return settleSession(s);
      }, opts),
  };

  /** The outbound event log (what your webhook endpoints were sent). */
  readonly events = {
    list: (query: ListEventsQuery = {}, opts: RequestOptions = {}): Promise<EventList> =>
      unwrap(() => this.api.GET("/api/v1/events", { params: { query }, signal: opts.signal }), opts.signal),
    iterate: (
      query: Omit<ListEventsQuery, "cursor"> = {},
      opts: PaginateOptions = {},
    ): AsyncGenerator<EventList["data"][number], void, undefined> =>
      paginate((cursor) => this.events.list({ ...query, cursor }, opts), opts),
    get: (id: string, opts: RequestOptions = {}): Promise<Event> =>
      unwrap(
        () => this.api.GET("/api/v1/events/{id}", { params: { path: { id } }, signal: opts.signal }),
        opts.signal,
      ),
  };

  /** Outbound webhook endpoints (the signing secret is in create()'s answer only). */
  readonly webhookEndpoints = {
    list: (query: PageQuery = {}, opts: RequestOptions = {}): Promise<Page<WebhookEndpoint>> =>
      unwrap(
        () => this.api.GET("/api/v1/webhook-endpoints", { params: { query }, signal: opts.signal }),
        opts.signal,
      ),
    create: (body: CreateWebhookEndpointBody, opts: RequestOptions = {}): Promise<CreatedWebhookEndpoint> =>
      unwrap(
        () => this.api.POST("/api/v1/webhook-endpoints", { body: body as never, signal: opts.signal }),
        opts.signal,
      ),
    /** Sends an endpoint.test event to the endpoint. */
    test: (id: string, opts: RequestOptions = {}): Promise<TestEventResult> =>
      unwrap(
        () =>
          this.api.POST("/api/v1/webhook-endpoints/{id}/test", {
            params: { path: { id } },
            signal: opts.signal,
          }),
        opts.signal,
      ),
  };

  /** Verifying deliveries to your endpoint: the same as the standalone verifyWebhook(). */
  readonly webhooks = {
    verify: <T = Record<string, unknown>>(input: VerifyWebhookInput): Promise<WebhookEvent<T>> =>
      verifyWebhook<T>(input),
  };
}

/** A grant's outcome: the grant when connected, undefined while pending, a PatchbayError when it ended badly. */
export function settleGrant(
  grant: Grant,
): (Grant & { status: "connected"; connection_id: string }) | undefined {
  if (grant.status === "connected" && grant.connection_id)
    return grant as Grant & { status: "connected"; connection_id: string };
  if (grant.status === "pending") return undefined;
  if (grant.status === "expired")
    throw new PatchbayError({
      code: "grant_expired",
      message: "The grant expired before the user finished.",
      status: 0,
      details: grant,
    });
  throw new PatchbayError({
    code: "grant_failed",
    message: `The grant failed: ${grant.error?.code ?? "unknown"}${grant.error?.description ? ` (${grant.error.description})` : ""}`,
    status: 0,
    details: grant,
  });
}

export function settleSession(s: ConnectSession): ConnectSession | undefined {
  if (s.status === "connected") return s;
  if (s.status === "pending") return undefined;
  if (s.status === "expired")
    throw new PatchbayError({
      code: "grant_expired",
      message: "The connect session expired before the user finished.",
      status: 0,
      details: s,
    });
  const error = (s as { error?: { code?: string; message?: string | null } | null }).error;
  throw new PatchbayError({
    code: "grant_failed",
    message: `The connect session failed: ${error?.code ?? "unknown"}${error?.message ? ` (${error.message})` : ""}`,
    status: 0,
    details: s,
  });
}
