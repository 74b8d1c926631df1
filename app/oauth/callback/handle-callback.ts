import { cookieHeader, readCookie } from "@/lib/cookies";
import { newRequestId } from "@/lib/http/request-id";
import { log } from "@/lib/log";
import { completeGrant, type TCallbackOutcome } from "@/lib/connections/complete-grant";
import { CONNECT_SESSION_HOOKS } from "@/lib/connect-sessions/session-hooks";
import { redirectAfterCallback, renderCallbackPage } from "@/lib/connections/render-callback-page";
import { browserCookieName } from "@/lib/oauth/secrets";

/**
 * Whom the popup's message is for: a popup grant with a return_to (a partner's page — the session's redirect_url
 * or a grant's return_to, both allow-listed when made) posts to that origin; the dashboard's own grants to ours.
 */
function messageOrigin(outcome: TCallbackOutcome): string | undefined {
  return outcome.grant?.mode === "popup" && outcome.grant.returnTo ? new URL(outcome.grant.returnTo).origin : undefined;
}

/** Both callback routes: the generic one (key null) and /oauth/callback/<key>. */
export async function handleCallback(req: Request, key: string | null): Promise<Response> {
  const query = new URL(req.url).searchParams;
  try {
    const outcome = await completeGrant(
      query,
      (grantId) => readCookie(req, browserCookieName(grantId)),
      key,
      CONNECT_SESSION_HOOKS,
    );
    const res =
      outcome.grant?.mode === "redirect" && outcome.grant.returnTo
        ? redirectAfterCallback(outcome, outcome.grant.returnTo)
        : renderCallbackPage(outcome, undefined, messageOrigin(outcome));
    if (outcome.grant)
      res.headers.append(
        "set-cookie",
        cookieHeader(browserCookieName(outcome.grant.id), "", { path: "/oauth", maxAgeSec: 0 }),
      );
    return res;
  } catch (err) {
    const requestId = newRequestId();
    log.error("oauth callback failed", { requestId, error: err });
    return renderCallbackPage({
      grant: null,
      status: "failed",
      error: {
        code: "internal",
        description: `Something went wrong on our side. Quote request id ${requestId} if you report it.`,
      },
    });
  }
}
