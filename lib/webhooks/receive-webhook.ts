// The intake: POST /api/v1/webhooks/{provider}[/{source}]. Order matters and is the security argument:
//  1. find the source (the instance's app, a team's app, or one connection's registered endpoint) and every
//     secret a delivery to it may be signed with — none configured: rejected, fail closed;
//  2. verify the signature over the RAW body, before anything parses it (verify-signature.ts);
//  3. only then parse the JSON, answer a signed provider handshake (Slack's url_verification, Discord's PING),
//     read the delivery id;
//  4. route by the provider's tenant key to connections (or the source's own connection); none: the provider's
//     declared answer (ignored 200 or rejected 404, see `unknownTenant` on the entry);
//  5. in ONE transaction store one row per connection (a unique index on source + delivery id + connection
//     drops duplicates and replays) and enqueue the processing job for the new rows — so the 2xx is sent only
//     once the delivery is durable, and processing never sees a row that was not committed. Deliveries that
//     arrive together share that transaction (group commit, store-batched.ts).
// Two handshakes come before step 2 because they carry no signature: GETs (Meta's verify token, X's CRC,
// LinkedIn's challengeCode — receiveWebhookGet) prove the secret themselves; an unsigned token delivery (Notion)
// is only parked, sealed, for an admin to reveal and trust — it verifies nothing by itself.
// Nothing slow happens here (no provider calls, no forwarding): the provider gets its 2xx in milliseconds.
import crypto from "node:crypto";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { getProvider } from "@/lib/providers/registry";
import { seal } from "@/lib/vault/vault";
import type { TProvider } from "@/lib/providers/schemas";
import { prepareQueue } from "@/lib/queue/queue";
import { INBOUND_EVENT_RETENTION_DAYS, PROCESS_INBOUND_JOB } from "./job-types";
import { readField } from "./read-field";
import {
  findRoutesByTenant,
  findSourceById,
  findSourceByScope,
  findTeamRoutes,
  parkPendingToken,
  upsertSource,
  type TSourceRow,
} from "./repo";
import { capturedToken, getHandshakeReply, signedHandshakeReply, type THandshakeReply } from "./handshakes";
import {
  cachedSource,
  candidateSecrets,
  cachedRoutes,
  forgetCachedSources,
  newSourceId,
  pendingTokenAad,
} from "./source-secrets";
import { storeDelivery } from "./store-batched";
import { VERIFY_FAILURE_MESSAGES, verifySignature } from "./verify-signature";

export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

export type TReceiveInput = {
  providerSlug: string;
  /** Absent: the instance's app endpoint. */
  sourceId: string | null;
  rawBody: Buffer;
  headers: Headers;
  method: string;
  /** Path and query as called, e.g. "/api/v1/webhooks/hubspot?x=1" (HubSpot signs the full URL). */
  pathAndQuery: string;
};

export type TReceiveOutcome =
  | { status: "accepted"; stored: number; duplicates: number }
  | { status: "duplicate" }
  | { status: "ignored"; reason: "unknown_tenant"; message: string }
  | { status: "respond"; reply: THandshakeReply }
  | { status: "token_parked"; message: string };

const newEventId = () => `whe_${crypto.randomBytes(12).toString("base64url")}`;

export const instanceScope = (slug: string) => `instance:${slug}`;
export const teamScope = (teamId: string, slug: string) => `team:${teamId}:${slug}`;
export const connectionScopeKey = (connectionId: string) => `connection:${connectionId}`;

function unknownSource(): AppError {
  return new AppError("not_found", { message: "No such webhook endpoint." });
}

async function loadSource(provider: TProvider, sourceId: string | null) {
  return cachedSource(`${provider.slug}:${sourceId ?? "-"}`, async () => {
    let source: TSourceRow | null;
    if (sourceId) {
      source = await findSourceById(sourceId);
      if (!source || source.providerSlug !== provider.slug)
        return { source: null, secrets: [], missing: true };
    } else {
      source = await findSourceByScope(instanceScope(provider.slug));
    }
    const secrets = await candidateSecrets(provider, source, { teamId: source?.teamId ?? null });
    return { source, secrets, missing: false };
  });
}

async function routesFor(
  provider: TProvider,
  source: TSourceRow | null,
  headers: Headers,
  body: unknown,
): Promise<{ connectionId: string; teamId: string }[]> {
  const hooks = provider.webhooks!;
  if (source?.connectionId && source.teamId)
    return [{ connectionId: source.connectionId, teamId: source.teamId }];
  if (hooks.tenant) {
    const key = readField(hooks.tenant, headers, body);
    if (!key) return [];
    const teamId = source?.teamId ?? null;
    return cachedRoutes(`${provider.slug}|${teamId ?? ""}|${key}`, () =>
      findRoutesByTenant(provider.slug, key, teamId),
    );
  }
  // No tenant in the delivery: a team's own endpoint belongs to that team's connections of the provider.
  return source?.teamId ? findTeamRoutes(source.teamId, provider.slug) : [];
}

function webhookProviderOrThrow(slug: string) {
  const provider = getProvider(slug);
  const hooks = provider?.webhooks;
  if (!provider || !hooks)
    throw new AppError("not_found", { message: "This provider has no inbound webhooks." });
  return { provider, hooks };
}

/** GET: a provider's challenge (verify token, CRC); anything else is not something this endpoint answers. */
export async function receiveWebhookGet(input: {
  providerSlug: string;
  sourceId: string | null;
  query: URLSearchParams;
}): Promise<THandshakeReply> {
  const { provider, hooks } = webhookProviderOrThrow(input.providerSlug);
  const loaded = await loadSource(provider, input.sourceId);
  if (loaded.missing) throw unknownSource();
  const out = getHandshakeReply(hooks.handshakes, input.query, loaded.secrets);
  if (out.ok) return out.reply;
  if (out.reason === "no_handshake")
    throw new AppError("method_not_allowed", {
      message: `${provider.name} deliveries are POSTs; this endpoint answers no other GET.`,
    });
  throw new AppError("unauthorized", {
    message:
      out.reason === "no_secret"
        ? VERIFY_FAILURE_MESSAGES.no_secret
        : "The verify token does not match a secret stored for this endpoint.",
    details: { reason: out.reason },
  });
}

/** Parks an unsigned verification token on the endpoint (creating the instance's source on first use). */
async function parkToken(provider: TProvider, source: TSourceRow | null, token: string) {
  const row =
    source ??
    (await upsertSource({
      id: newSourceId(),
      scopeKey: instanceScope(provider.slug),
      teamId: null,
      providerSlug: provider.slug,
      connectionId: null,
      secrets: [],
    }));
  await parkPendingToken(row.id, seal(token, pendingTokenAad(row.id)));
}

export async function receiveWebhook(input: TReceiveInput): Promise<TReceiveOutcome> {
  const { provider, hooks } = webhookProviderOrThrow(input.providerSlug);
  if (input.rawBody.length > MAX_WEBHOOK_BODY_BYTES)
    throw new AppError("payload_too_large", { message: "The delivery is larger than 1 MB." });

  const loaded = await loadSource(provider, input.sourceId);
  if (loaded.missing) throw unknownSource();

  const token = capturedToken(hooks.handshakes, input.rawBody, input.headers.has(hooks.signature.header));
  if (token !== null && !loaded.source?.connectionId) {
    await parkToken(provider, loaded.source, token);
    return {
      status: "token_parked",
      message: "Verification token received: an admin can reveal it in Patchbay's webhook settings.",
    };
  }

  const verified = verifySignature(hooks.signature, {
    rawBody: input.rawBody,
    headers: input.headers,
    method: input.method,
    url: new URL(input.pathAndQuery, env().appUrl).toString(),
    secrets: loaded.secrets,
  });
  if (!verified.ok) {
    throw new AppError("unauthorized", {
      message: VERIFY_FAILURE_MESSAGES[verified.reason],
      details: { reason: verified.reason },
    });
  }

  let body: unknown;
  try {
    body = JSON.parse(input.rawBody.toString("utf8"));
  } catch {
    throw new AppError("invalid_json", { message: "The delivery body is not JSON." });
  }
  if (body === null || typeof body !== "object")
    throw new AppError("bad_request", { message: "The delivery body is not a JSON object or array." });

  const reply = signedHandshakeReply(hooks.handshakes, body);
  if (reply) return { status: "respond", reply };

  const routes = await routesFor(provider, loaded.source, input.headers, body);
  if (routes.length === 0) {
    const message = `No ${provider.name} connection matches this delivery.`;
    if (hooks.unknownTenant === "ignore") return { status: "ignored", reason: "unknown_tenant", message };
    throw new AppError("not_found", { message, details: { reason: "unknown_tenant" } });
  }

  const given = hooks.deliveryId ? readField(hooks.deliveryId, input.headers, body) : null;
  // Without a provider id, the digest of what was signed: a replay of the same signed request is a duplicate.
  const deliveryId = (
    given ??
    `sha256:${crypto
      .createHash("sha256")
      .update(input.headers.get(hooks.signature.header) ?? "")
      .update(input.rawBody)
      .digest("hex")}`
  ).slice(0, 200);
  const eventType = hooks.eventType
    ? (readField(hooks.eventType, input.headers, body)?.slice(0, 200) ?? null)
    : null;
  const sourceId = loaded.source?.id ?? instanceScope(provider.slug);
  const expiresAt = new Date(Date.now() + INBOUND_EVENT_RETENTION_DAYS * 86_400_000);

  await prepareQueue(PROCESS_INBOUND_JOB);
  const created = await storeDelivery(
    routes.map((r) => ({
      id: newEventId(),
      sourceId,
      teamId: r.teamId,
      connectionId: r.connectionId,
      providerSlug: provider.slug,
      deliveryId,
      eventType,
      payload: body,
      expiresAt,
    })),
  );
  if (created === null) {
    // The connection went away after the source or route was read (a cached read, or a race with disconnect).
    forgetCachedSources();
    if (loaded.source?.connectionId) throw unknownSource();
    const message = `No ${provider.name} connection matches this delivery.`;
    if (hooks.unknownTenant === "ignore") return { status: "ignored", reason: "unknown_tenant", message };
    throw new AppError("not_found", { message, details: { reason: "unknown_tenant" } });
  }
  if (created === 0) return { status: "duplicate" };
  return { status: "accepted", stored: created, duplicates: routes.length - created };
}
