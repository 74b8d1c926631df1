import type { TGuardedFetchOptions, TGuardedResponse } from "@/lib/outbound/guarded-fetch";
import type { TProvider } from "@/lib/providers/schemas";
import type { TOAuthApp } from "@/lib/providers/app-types";

/** What a token endpoint gave us, normalised. Secrets live only in accessToken/refreshToken/idToken/extraSecrets. */
export type TTokenSet = {
  accessToken: string;
  refreshToken?: string;
  tokenType?: string;
  idToken?: string;
  expiresAt: Date | null;
  refreshTokenExpiresAt: Date | null;
  /** granted scopes when the provider reports them */
  scopes: string[] | null;
  /** further secrets to keep sealed (Slack's user token …) */
  extraSecrets: Record<string, string>;
  /** non-secret facts (team, workspace, org ids) */
  metadata: Record<string, unknown>;
  /** token-derived template values (instance_url, cloud_id, api_domain) */
  derived: Record<string, string>;
  identity: { id?: string; name?: string; email?: string };
};

/** Everything a hook may need; values fill URL templates ({shop}, {issuer}, {client_id} …). */
export type THookContext = {
  provider: TProvider;
  app: TOAuthApp;
  values: Record<string, string>;
  /** guardedFetch with this provider's outbound policy */
  http: (url: string, opts?: Omit<TGuardedFetchOptions, "policy">) => Promise<TGuardedResponse>;
};

export class TokenEndpointError extends Error {
  constructor(
    readonly code: string,
    readonly description: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(`${code}: ${description}`);
    this.name = "TokenEndpointError";
  }
}
