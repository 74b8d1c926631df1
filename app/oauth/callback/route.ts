import { handleCallback } from "./handle-callback";

export const dynamic = "force-dynamic";

/** The shared redirect URI, for providers that always send RFC 9207 `iss` (code, state, error, iss). */
export async function GET(req: Request) {
  return handleCallback(req, null);
}
