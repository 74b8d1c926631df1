// Authorized calls to a provider's API on behalf of a connection, for automatic webhook registration: the
// connection's credentials (lib/connections/get-credentials.ts: visibility, usable status, refreshed first) on
// the request the way the provider entry says (lib/providers/attach-credential.ts), through the outbound guard.
import type { TAuthContext } from "@/lib/actor";
import { getCredentials } from "@/lib/connections/get-credentials";
import { scrubSecrets } from "@/lib/credentials/scrub-secret";
import { filledDefaultHeaders, templateValues } from "@/lib/oauth/template-values";
import { guardedFetch } from "@/lib/outbound/guarded-fetch";
import { attachCredential } from "@/lib/providers/attach-credential";
import { apiAuthFor } from "@/lib/providers/registry";
import type { TAuthMode, TProvider } from "@/lib/providers/schemas";
import { fillTemplate } from "@/lib/providers/templates";
import { stringRecord } from "@/lib/json-record";

export type TApiResult = { status: number; json: unknown };
export type TProviderApi = (
  method: string,
  path: string,
  body?: { json?: unknown; form?: URLSearchParams },
) => Promise<TApiResult>;

/** The provider refused or failed a registration call; the message is safe to store and show. */
export class RegistrationFailed extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RegistrationFailed";
  }
}

export async function providerApi(
  ctx: TAuthContext,
  provider: TProvider,
  connection: { id: string; authMode: string },
): Promise<TProviderApi> {
  const { credentials, params } = await getCredentials(ctx, connection.id);
  const token =
    credentials.type === "oauth2"
      ? credentials.access_token
      : credentials.type === "api_key"
        ? credentials.api_key
        : null;
  if (!token) throw new RegistrationFailed(`${credentials.type} credentials cannot register webhooks`);
  const p = stringRecord(params);
  const base = fillTemplate(provider.api.baseUrl, templateValues(provider, null, p));
  const defaults = filledDefaultHeaders(provider, null, p);
  const auth = apiAuthFor(provider, connection.authMode as TAuthMode);
  return async (method, path, body) => {
    const url = new URL(base + path);
    const headers = new Headers(defaults);
    headers.set("accept", headers.get("accept") ?? "application/json");
    const sent = attachCredential(auth, token, headers, url);
    let payload: string | undefined;
    if (body?.json !== undefined) {
      headers.set("content-type", "application/json");
      payload = JSON.stringify(body.json);
    } else if (body?.form) {
      headers.set("content-type", "application/x-www-form-urlencoded");
      payload = body.form.toString();
    }
    let res;
    try {
      res = await guardedFetch(url.toString(), { method, headers, body: payload, timeoutMs: 15_000 });
    } catch (err) {
      throw new RegistrationFailed(
        `${provider.name} could not be reached: ${scrubSecrets(err instanceof Error ? err.message : String(err), sent)}`,
      );
    }
    let json: unknown = null;
    try {
      json = res.json();
    } catch {
      json = null;
    }
    if (res.status >= 400) {
      const text = scrubSecrets(res.text().slice(0, 300), sent);
      throw new RegistrationFailed(`${provider.name} answered HTTP ${res.status}: ${text}`);
    }
    return { status: res.status, json };
  };
}
