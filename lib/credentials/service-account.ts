// Service-account connections (GA4): the JSON key signs an RS256 JWT, exchanged at the provider's token URL with
// the RFC 7523 JWT bearer grant. The JWT's audience and the token URL come from the *registry*, never from the
// key file's token_uri — a key file must not be able to send our signed assertion (or us) anywhere else.
import { CredentialRejected } from "@/lib/credentials/errors";
import { checkConnectionParams } from "@/lib/providers/validate-params";
import crypto from "node:crypto";
import { z } from "zod";
import { scrubSecrets } from "@/lib/credentials/scrub-secret";
import { AppError } from "@/lib/errors";
import { guardedFetch, OutboundError } from "@/lib/outbound/guarded-fetch";
import { fillTemplate } from "@/lib/providers/templates";
import { type TProvider } from "@/lib/providers/schemas";

const ZKey = z.looseObject({
  type: z.literal("service_account"),
  client_email: z.email(),
  private_key: z.string().includes("PRIVATE KEY"),
  private_key_id: z.string().optional(),
});

const invalid = (message: string, path = "body.service_account_key") =>
  new AppError("validation_failed", {
    message,
    details: { issues: [{ path, message, code: "invalid_value" }] },
  });

/** The provider said no to the service account (as opposed to a key that is malformed before anyone sees it). */
const rejected = (message: string) =>
  new CredentialRejected(message, {
    issues: [{ path: "body.service_account_key", message, code: "invalid_value" }],
  });

export function parseServiceAccountKey(json: string) {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    throw invalid("The service account key is not valid JSON. Paste the whole downloaded .json file.");
  }
  const key = ZKey.safeParse(raw);
  if (!key.success)
    throw invalid("This is not a service account key (it needs type, client_email and private_key).");
  try {
    crypto.createPrivateKey(key.data.private_key);
  } catch {
    throw invalid("The private_key in this file cannot be read.");
  }
  return key.data;
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

export async function mintServiceAccountToken(
  provider: TProvider,
  keyJson: string,
): Promise<{ accessToken: string; expiresAt: Date; clientEmail: string }> {
  const sa = provider.serviceAccount;
  if (!sa) throw invalid(`${provider.name} does not accept service accounts.`);
  const key = parseServiceAccountKey(keyJson);
  const now = Math.floor(Date.now() / 1000);
  const header = b64({
    alg: "RS256",
    typ: "JWT",
    ...(key.private_key_id ? { kid: key.private_key_id } : {}),
  });
  const claims = b64({
    iss: key.client_email,
    scope: sa.scopes.join(" "),
    aud: sa.tokenUrl,
    iat: now,
    exp: now + 3600,
  });
  const signature = crypto
    .createSign("RSA-SHA256")
    .update(`${header}.${claims}`)
    .sign(key.private_key)
    .toString("base64url");
  let res;
  try {
    res = await guardedFetch(sa.tokenUrl, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "application/json" },
      body: new URLSearchParams({
        grant_type: sa.grantType,
        assertion: `${header}.${claims}.${signature}`,
      }).toString(),
      timeoutMs: 10_000,
    });
  } catch (err) {
    const why = err instanceof OutboundError ? err.code : "error";
    throw new AppError("bad_gateway", {
      message: `Could not reach ${provider.name}'s token endpoint (${why}). Nothing was stored.`,
    });
  }
  let body: Record<string, unknown> = {};
  try {
    body = (res.json() ?? {}) as Record<string, unknown>;
  } catch {
    body = {};
  }
  if (res.status >= 500 || res.status === 429) {
    throw new AppError("bad_gateway", {
      message: `${provider.name}'s token endpoint failed (HTTP ${res.status}). Nothing was stored.`,
    });
  }
  if (res.status !== 200 || typeof body.access_token !== "string") {
    const reason = scrubSecrets(
      [body.error_description, body.error, `HTTP ${res.status}`]
        .find((v): v is string => typeof v === "string")!
        .slice(0, 300),
      [key.private_key],
    );
    throw rejected(`${provider.name} refused the service account: ${reason}`);
  }
  const expiresIn = typeof body.expires_in === "number" ? body.expires_in : 3600;
  return {
    accessToken: body.access_token,
    expiresAt: new Date(Date.now() + expiresIn * 1000),
    clientEmail: key.client_email,
  };
}

/** Mint a token, then run the provider's verification read with it (e.g. the GA4 property). */
export async function verifyServiceAccount(
  provider: TProvider,
  params: Record<string, string>,
  keyJson: string,
) {
  const issue = checkConnectionParams(provider, params, { unknownKeys: "ignore" }).issues[0];
  if (issue) throw invalid(issue.message, issue.path);
  const token = await mintServiceAccountToken(provider, keyJson);
  const verify = provider.serviceAccount?.verify;
  if (verify) {
    let res;
    try {
      res = await guardedFetch(fillTemplate(verify.url, params), {
        method: verify.method,
        headers: {
          authorization: `Bearer ${token.accessToken}`,
          accept: "application/json",
          ...provider.api.defaultHeaders,
          ...verify.headers,
        },
        timeoutMs: 10_000,
      });
    } catch {
      throw new AppError("bad_gateway", {
        message: `${provider.name} could not be reached to verify access. Nothing was stored.`,
      });
    }
    if (res.status >= 500)
      throw new AppError("bad_gateway", {
        message: `${provider.name} failed (HTTP ${res.status}). Nothing was stored.`,
      });
    if (!verify.expectStatus.includes(res.status)) {
      throw rejected(
        `The service account ${token.clientEmail} cannot read this ${provider.name} resource (HTTP ${res.status}). Give it access (e.g. Viewer on the property) and try again.`,
      );
    }
  }
  return token;
}
