// What travels between Patchbay and the partner's page: the popup's completion message, a status endpoint's JSON
// and the query a full-page redirect comes back with. Everything from outside is `unknown` until parsed here.

/** What onSuccess receives. */
export type TConnectSuccess = {
  connectionId: string;
  /** the provider's slug (sandbox, github …), when Patchbay said which */
  provider: string | null;
  /** how the outcome arrived: the popup's message, the status endpoint, or the redirect back to this page */
  via: "message" | "poll" | "redirect";
};

/**
 * What onError receives. `code` is Patchbay's (access_denied, user_cancelled, expired …) or one of the hook's:
 * `cancelled` (the popup was closed before an outcome), `start_failed` (resolving the URL failed),
 * `invalid_url` (the URL is not http(s)), `busy` (a flow is already running).
 */
export type TConnectError = { code: string; message: string };

/** A status endpoint's answer, normalised: a grant's (GET /api/v1/connect/grants/{id}) or a session's. */
export type TConnectStatus =
  | { status: "pending"; inProgress?: boolean }
  | { status: "connected"; connectionId: string; provider: string | null }
  | { status: "failed" | "expired"; error: TConnectError };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null;
const str = (v: unknown): string | null => (typeof v === "string" && v.length > 0 && v.length <= 500 ? v : null);

function errorOf(v: unknown, fallbackCode: string): TConnectError {
  const e = isRecord(v) ? v : {};
  const code = str(e.code) ?? fallbackCode;
  const message =
    str(e.message) ?? str(e.description) ?? (code === "expired" ? "The connect link expired." : "The connection failed.");
  return { code, message };
}

/** `{ status, connection_id, provider, error, in_progress }` — the shape both Patchbay status endpoints answer with. */
export function parseStatus(body: unknown): TConnectStatus | null {
  if (!isRecord(body)) return null;
  switch (body.status) {
    case "pending":
      // in_progress: a browser is at the provider (the link was opened, no callback yet)
      return body.in_progress === true ? { status: "pending", inProgress: true } : { status: "pending" };
    case "connected": {
      const connectionId = str(body.connection_id);
      return connectionId ? { status: "connected", connectionId, provider: str(body.provider) } : null;
    }
    case "failed":
    case "expired":
      return { status: body.status, error: errorOf(body.error, body.status) };
    default:
      return null;
  }
}

export const MESSAGE_TYPE = "patchbay:oauth";

/**
 * The popup's message (Patchbay's callback page or hosted connect page):
 * `{ type: "patchbay:oauth", status: "connected" | "failed", connection_id, provider, grant_id, error }`.
 * The caller has already checked the event's origin and source; this checks the shape.
 */
export function parseMessage(data: unknown, grantId: string | null): TConnectStatus | null {
  if (!isRecord(data) || data.type !== MESSAGE_TYPE) return null;
  if (grantId !== null && data.grant_id !== grantId) return null;
  if (data.status !== "connected" && data.status !== "failed") return null;
  return parseStatus(data);
}

/** Query a redirect comes back with: status=success|error, connection_id, provider, error (a code). */
export function parseReturnQuery(search: URLSearchParams): TConnectStatus | null {
  const status = search.get("status");
  if (status === "success") {
    const connectionId = str(search.get("connection_id"));
    return connectionId ? { status: "connected", connectionId, provider: str(search.get("provider")) } : null;
  }
  if (status === "error") {
    const code = str(search.get("error")) ?? "failed";
    return {
      status: "failed",
      error: { code, message: code === "user_cancelled" ? "You cancelled the connection." : "The connection failed." },
    };
  }
  return null;
}

/** What the URL tells: Patchbay's origin, a connect session's token or a grant's id. */
export type TUrlInfo = { origin: string; sessionToken: string | null; grantId: string | null };

export function inspectUrl(url: string, base?: string): TUrlInfo | null {
  let u: URL;
  try {
    u = new URL(url, base);
  } catch {
    return null;
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") return null;
  const session = /^\/connect\/(cs1_[A-Za-z0-9_-]{43})\/?$/.exec(u.pathname);
  const grant = /^\/oauth\/authorize\/(grant_[A-Za-z0-9_-]+)\/?$/.exec(u.pathname);
  return { origin: u.origin, sessionToken: session?.[1] ?? null, grantId: grant?.[1] ?? null };
}

/** A status endpoint to poll, with the headers it needs. */
export type TPollSpec = { url: string; headers?: Record<string, string> };

/**
 * The public, token-scoped status endpoint of a connect session (CORS-enabled for the session's redirect origin).
 * The token goes in a header, never in the URL (URLs end up in logs).
 */
export const sessionStatusPoll = (origin: string, token: string): TPollSpec => ({
  url: `${origin}/api/v1/connect-sessions/status`,
  headers: { "x-connect-session-token": token },
});
