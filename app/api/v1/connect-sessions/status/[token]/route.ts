import { z } from "zod";
import { getPublicSessionStatus } from "@/lib/connect-sessions/get-public-session-status";
import { ZPublicSessionStatus } from "@/lib/connect-sessions/schemas";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

/**
 * Public, read-only: a connect session's outcome by its token (the Connect button polls it when the popup cannot
 * post its message). Readable cross-origin by the session's redirect origin only; a simple GET, so no preflight.
 */
export const GET = defineRoute(
  {
    auth: "public",
    rateLimit: { limit: 120, windowSec: 60 },
    params: z.object({ token: z.string().min(1).max(100) }),
    output: ZPublicSessionStatus,
  },
  async ({ params }) => {
    const { status, corsOrigin } = await getPublicSessionStatus(params.token);
    return Response.json(ZPublicSessionStatus.parse(status), {
      headers: { "access-control-allow-origin": corsOrigin, vary: "Origin", "cache-control": "no-store" },
    });
  },
);
