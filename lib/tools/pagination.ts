// How each provider's lists page, declared as data (STYLE "providers are data"): a tool says which list it reads
// and how to find the items in one page; the strategy of its provider says where the next page is. Pure (no I/O):
// tool-context.ts does the requests, with a page cap, a time budget and a partial flag.
//
// The strategies, each as the provider documents it:
//   link_header     `Link: <…>; rel="next"` — an absolute URL to follow as it is (Shopify page_info, GitHub)
//   starting_after  `?starting_after=<last item id>` while the body says `has_more: true` (Stripe)
//   next_url        an absolute URL in the body (Meta Graph `paging.next`, Klaviyo `links.next`)
//   body_cursor     a cursor in the body sent back as a query parameter (Meta `paging.cursors.after` → `after`,
//                   Google `nextPageToken` → `pageToken`, Slack `response_metadata.next_cursor` → `cursor`,
//                   Zendesk `meta.after_cursor` → `page[after]` while `meta.has_more`)
//   offset          `?offset=` advanced by the items received, until a short page
//   page_number     `?page=` advanced by one, until a short (or empty) page
/** One page's request. `body` is for APIs that page in a POST body (GA4 runReport, Google Ads search). */
export type TPageRequest = { path: string; query: Record<string, string>; body?: Record<string, unknown> };

export type TPageResponse = {
  headers: Headers;
  body: unknown;
  /** the items the tool found in this page */
  items: readonly unknown[];
};

export type TPaginationStrategy =
  | { type: "link_header" }
  | { type: "starting_after"; param?: string; hasMoreField?: string; idField?: string }
  | { type: "next_url"; field: string }
  | { type: "body_cursor"; field: string; param: string; hasMoreField?: string; in?: TParamPlace }
  | { type: "offset"; param: string; pageSize: number; in?: TParamPlace }
  | { type: "page_number"; param: string; pageSize: number; in?: TParamPlace };

/** Where a cursor, offset or page number goes back: the query string (default) or the JSON body. */
export type TParamPlace = "query" | "body";

/** The strategy each provider's list endpoints use (a tool may pass another for an endpoint that differs). */
export const PROVIDER_PAGINATION: Readonly<Record<string, TPaginationStrategy>> = {
  shopify: { type: "link_header" },
  github: { type: "link_header" },
  stripe: { type: "starting_after" },
  "meta-ads": { type: "next_url", field: "paging.next" },
  klaviyo: { type: "next_url", field: "links.next" },
  "google-ads": { type: "body_cursor", field: "nextPageToken", param: "pageToken", in: "body" },
  "google-analytics": { type: "offset", param: "offset", pageSize: 10_000, in: "body" },
  "tiktok-ads": { type: "page_number", param: "page", pageSize: 100 },
  slack: { type: "body_cursor", field: "response_metadata.next_cursor", param: "cursor" },
  zendesk: {
    type: "body_cursor",
    field: "meta.after_cursor",
    param: "page[after]",
    hasMoreField: "meta.has_more",
  },
  gorgias: { type: "body_cursor", field: "meta.next_cursor", param: "cursor" },
  posthog: { type: "next_url", field: "next" },
  vercel: { type: "body_cursor", field: "pagination.next", param: "until" },
  figma: { type: "body_cursor", field: "pagination.next_page", param: "after" },
  // Relay `pageInfo { hasNextPage endCursor }` of the deployments connection. The cursor goes back inside the GraphQL
  // `variables` (`after`), which no strategy here can place: railway.ts walks its pages itself (ops-shared readPages).
  railway: {
    type: "body_cursor",
    field: "data.deployments.pageInfo.endCursor",
    param: "after",
    hasMoreField: "data.deployments.pageInfo.hasNextPage",
    in: "body",
  },
};

export function paginationFor(provider: string): TPaginationStrategy | undefined {
  return PROVIDER_PAGINATION[provider];
}

/** A dotted path into a JSON body ("paging.cursors.after"); undefined when any step is missing. */
export function pick(body: unknown, path: string): unknown {
  let v: unknown = body;
  for (const key of path.split(".")) {
    if (v === null || typeof v !== "object" || Array.isArray(v)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** RFC 8288 Link header → the target of rel="next" (rel may list several relation types). */
export function linkNext(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(/,(?=\s*<)/)) {
    const m = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!m) continue;
    const rel = /;\s*rel\s*=\s*(?:"([^"]*)"|([^\s;,]+))/i.exec(m[2] ?? "");
    const rels = (rel?.[1] ?? rel?.[2] ?? "").toLowerCase().split(/\s+/);
    if (rels.includes("next")) return m[1] ?? null;
  }
  return null;
}

const nonEmpty = (v: unknown): v is string => typeof v === "string" && v !== "";

function current(req: TPageRequest, place: TParamPlace | undefined, param: string): unknown {
  return place === "body" ? req.body?.[param] : req.query[param];
}

function withParam(req: TPageRequest, place: TParamPlace | undefined, param: string, value: string | number) {
  return place === "body"
    ? { ...req, body: { ...req.body, [param]: value } }
    : { ...req, query: { ...req.query, [param]: String(value) } };
}

/** The request for the page after `req`, or null when `res` was the last page. */
export function nextPage(
  strategy: TPaginationStrategy,
  req: TPageRequest,
  res: TPageResponse,
): TPageRequest | null {
  switch (strategy.type) {
    case "link_header": {
      const next = linkNext(res.headers.get("link"));
      return next ? { path: next, query: {} } : null;
    }
    case "starting_after": {
      if (pick(res.body, strategy.hasMoreField ?? "has_more") !== true) return null;
      const last = res.items.at(-1);
      const id = pick(last, strategy.idField ?? "id");
      if (!nonEmpty(id)) return null;
      return { ...req, query: { ...req.query, [strategy.param ?? "starting_after"]: id } };
    }
    case "next_url": {
      const next = pick(res.body, strategy.field);
      return nonEmpty(next) ? { path: next, query: {} } : null;
    }
    case "body_cursor": {
      if (strategy.hasMoreField && pick(res.body, strategy.hasMoreField) !== true) return null;
      const cursor = pick(res.body, strategy.field);
      return nonEmpty(cursor) ? withParam(req, strategy.in, strategy.param, cursor) : null;
    }
    case "offset": {
      if (res.items.length < strategy.pageSize || res.items.length === 0) return null;
      const offset = Number(current(req, strategy.in, strategy.param) ?? 0) + res.items.length;
      return withParam(req, strategy.in, strategy.param, strategy.in === "body" ? offset : String(offset));
    }
    case "page_number": {
      if (res.items.length < strategy.pageSize || res.items.length === 0) return null;
      const page = Number(current(req, strategy.in, strategy.param) ?? 1) + 1;
      return withParam(req, strategy.in, strategy.param, strategy.in === "body" ? page : String(page));
    }
  }
}
