import { CALLBACK_KEY } from "@/lib/oauth/redirect-uri";
import { renderCallbackPage } from "@/lib/connections/render-callback-page";
import { handleCallback } from "../handle-callback";

export const dynamic = "force-dynamic";

/**
 * The per-provider redirect URI (/oauth/callback/<slug or app id>) for providers that do not send `iss`: the
 * path names the provider, and a grant for any other provider is refused (lib/oauth/redirect-uri.ts).
 */
export async function GET(req: Request, ctx: { params: Promise<{ key: string }> }) {
  const { key } = await ctx.params;
  if (!CALLBACK_KEY.test(key)) {
    return renderCallbackPage({
      grant: null,
      status: "failed",
      error: { code: "invalid_request", description: "This is not a Patchbay redirect URI." },
    });
  }
  return handleCallback(req, key);
}
