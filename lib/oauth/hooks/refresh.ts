// Refresh quirks: providers whose tokens are renewed some other way than the RFC 6749 §6 refresh_token grant. The
// generic engine (lib/connections/refresh-connection.ts) calls the hook named by the provider entry's
// `hooks.refresh` instead of sending the grant; it never asks which provider it is talking to.
import { AFTER_TOKEN } from "@/lib/oauth/hooks/after-token";
import { tokenErrorFromOutbound } from "@/lib/oauth/token-request";
import type { THookContext, TTokenSet } from "@/lib/oauth/types";
import { OutboundError } from "@/lib/outbound/guarded-fetch";
import type { THookName } from "@/lib/providers/hooks";

/** What the current credential set offers a hook (the engine's credential type stays in lib/connections). */
export type TRefreshInput = { accessToken: string; extraSecrets: Record<string, string> };

export type TRefreshHook = {
  /**
   * True when sending the same renewal twice cannot revoke anything (no rotating secret is consumed), so an
   * attempt whose outcome is unknown may be retried at once. The refresh_token grant is not: a rotating
   * provider with reuse detection revokes the whole grant when a consumed refresh token comes back.
   */
  resendSafe: boolean;
  run: (current: TRefreshInput, ctx: THookContext) => Promise<TTokenSet>;
};

/** Meta: no refresh token — the still-valid long-lived token is exchanged for a new one. */
const metaLongLivedExchange: TRefreshHook = {
  resendSafe: true,
  run: (current, ctx) =>
    AFTER_TOKEN.meta_long_lived_exchange(
      {
        accessToken: current.accessToken,
        expiresAt: null,
        refreshTokenExpiresAt: null,
        scopes: null,
        extraSecrets: current.extraSecrets,
        metadata: {},
        derived: {},
        identity: {},
      },
      ctx,
    ),
};

export const REFRESH: Record<THookName<"refresh">, TRefreshHook> = {
  meta_long_lived_exchange: metaLongLivedExchange,
};

/** Runs a refresh hook; outbound failures become the same TokenEndpointError the standard grant throws. */
export async function runRefreshHook(
  name: THookName<"refresh">,
  current: TRefreshInput,
  ctx: THookContext,
): Promise<TTokenSet> {
  try {
    return await REFRESH[name].run(current, ctx);
  } catch (err) {
    if (err instanceof OutboundError) throw tokenErrorFromOutbound(err, ctx.provider.name);
    throw err;
  }
}
