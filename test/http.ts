// Calls our route handlers in-process with real Request objects — the same functions Next.js serves.
type THandler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

export type TCall = {
  method?: string;
  path?: string;
  params?: Record<string, string>;
  body?: unknown;
  rawBody?: string | Uint8Array;
  headers?: Record<string, string>;
  bearer?: string;
  cookie?: string;
};

export async function call(handler: THandler, opts: TCall = {}) {
  const headers = new Headers(opts.headers);
  if (opts.bearer) headers.set("authorization", `Bearer ${opts.bearer}`);
  if (opts.cookie) headers.set("cookie", opts.cookie);
  let body: BodyInit | undefined;
  if (opts.rawBody !== undefined) body = opts.rawBody as BodyInit;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
  }
  const req = new Request(`http://localhost:3999${opts.path ?? "/api/v1/x"}`, {
    method: opts.method ?? "GET",
    headers,
    body,
  });
  const res = await handler(req, { params: Promise.resolve(opts.params ?? {}) });
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return {
    status: res.status,
    headers: res.headers,
    json: json as Record<string, unknown> & { error?: { code: string; message: string; details?: unknown } },
    text,
  };
}
