import { getPublicSessionStatus } from "@/lib/connect-sessions/get-public-session-status";
import { SESSION_TOKEN_HEADER, ZPublicSessionStatus } from "@/lib/connect-sessions/schemas";
import { AppError } from "@/lib/errors";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

/**
 * Public, read-only: a connect session's outcome by its token, sent in X-Connect-Session-Token (never in the URL:
 * paths end up in request logs). The Connect button polls it when the popup cannot post its message. The answer
 * is readable cross-origin by the session's redirect origin only.
 */
export const GET = defineRoute(
  {
    auth: "public",
    docs: {
      summary: "Read a connect session's outcome",
      description:
        "Public and read-only, by the session token in the `X-Connect-Session-Token` header (never in the URL). What the Connect button polls when the popup cannot post its message; readable cross-origin by the session's redirect origin only.",
    },
    rateLimit: { limit: 300, windowSec: 60 },
    output: ZPublicSessionStatus,
  },
  async ({ req }) => {
    const token = req.headers.get(SESSION_TOKEN_HEADER);
    if (!token)
      throw new AppError("bad_request", {
        message: "Send the connect session's token in X-Connect-Session-Token.",
      });
    const { status, corsOrigin } = await getPublicSessionStatus(token);
    return Response.json(ZPublicSessionStatus.parse(status), {
      headers: { "access-control-allow-origin": corsOrigin, vary: "Origin", "cache-control": "no-store" },
    });
  },
);

/**
 * The preflight (the token header makes the GET non-simple). It cannot know the session yet, so it lets any
 * origin send the header; the GET's own answer is then readable by the session's redirect origin only.
 */
export const OPTIONS = defineRoute(
  {
    auth: "public",
    docs: {
      summary: "Preflight for reading a connect session's outcome",
      responses: { 204: { description: "CORS preflight answer (no body)." } },
    },
  },
  async () =>
    new Response(null, {
      status: 204,
      headers: {
        "access-control-allow-origin": "*",
        "access-control-allow-methods": "GET",
        "access-control-allow-headers": SESSION_TOKEN_HEADER,
        "access-control-max-age": "600",
        "cache-control": "no-store",
      },
    }),
);
