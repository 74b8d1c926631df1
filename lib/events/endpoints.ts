// Webhook endpoints a team registers: create (the secret is returned once, then only its sealed form exists),
// list, update (URL, filters, pause/resume), rotate the secret with an overlap window, delete.
import crypto from "node:crypto";
import type { TAuthContext } from "@/lib/actor";
import { recordAudit } from "@/lib/audit/record-audit";
import { AppError, notFound } from "@/lib/errors";
import { enqueueMany } from "@/lib/queue/queue";
import { toPage, type TPageQuery } from "@/lib/pagination";
import { assertEndpointUrl } from "./endpoint-url";
import { DELIVER_JOB } from "./job-types";
import {
  countTeamBrands,
  deleteEndpointRow,
  findEndpoint,
  findEndpoints,
  findEndpointWithSecrets,
  insertEndpoint,
  rescheduleEndpointDeliveries,
  updateEndpointRow,
} from "./repo";
import type { TCreateEndpointInput, TUpdateEndpointInput } from "./schemas";
import { toEndpointView, type TEndpointView } from "./schemas";
import { openSecret, sealSecret } from "./secrets";
import { generateSigningSecret } from "./signature";

const MAX_ENDPOINTS = 20;
export const newEndpointId = () => `we_${crypto.randomBytes(12).toString("base64url")}`;

async function assertBrands(teamId: string, ids: string[] | undefined) {
  const unique = [...new Set(ids ?? [])];
  if (unique.length && (await countTeamBrands(teamId, unique)) !== unique.length)
    throw new AppError("validation_failed", {
      message: "Unknown brand in the brand filter.",
      details: { issues: [{ path: "brand_ids", message: "Unknown brand" }] },
    });
  return unique;
}

export async function listEndpoints(ctx: TAuthContext): Promise<TEndpointView[]> {
  return (await findEndpoints(ctx.teamId)).map(toEndpointView);
}

/** GET /api/v1/webhook-endpoints: one page, newest first. */
export async function listEndpointPage(ctx: TAuthContext, q: TPageQuery) {
  const rows = await findEndpoints(ctx.teamId, { take: q.limit + 1, after: q.cursor });
  return toPage(rows, q.limit, toEndpointView);
}

export async function getEndpointOrThrow(ctx: TAuthContext, id: string): Promise<TEndpointView> {
  const e = await findEndpoint(ctx.teamId, id);
  if (!e) throw notFound("Webhook endpoint");
  return toEndpointView(e);
}

/** Returns the endpoint and its signing secret — the only time the secret is ever shown. */
export async function createEndpoint(ctx: TAuthContext, input: TCreateEndpointInput) {
  const url = await assertEndpointUrl(input.url);
  const brandIds = await assertBrands(ctx.teamId, input.brand_ids);
  if ((await findEndpoints(ctx.teamId)).length >= MAX_ENDPOINTS)
    throw new AppError("conflict", {
      message: `A team can have at most ${String(MAX_ENDPOINTS)} endpoints.`,
    });
  const id = newEndpointId();
  const secret = generateSigningSecret();
  const row = await insertEndpoint({
    id,
    teamId: ctx.teamId,
    url,
    description: input.description ?? null,
    eventTypes: [...new Set(input.event_types ?? [])],
    brandIds,
    secretSealed: sealSecret(id, secret),
  });
  await recordAudit(
    ctx,
    "webhook_endpoint.created",
    { type: "webhook_endpoint", id },
    { url_host: new URL(url).host },
  );
  return { endpoint: toEndpointView(row), secret };
}

export async function updateEndpoint(ctx: TAuthContext, id: string, input: TUpdateEndpointInput) {
  const before = await findEndpoint(ctx.teamId, id);
  if (!before) throw notFound("Webhook endpoint");
  const url = input.url !== undefined ? await assertEndpointUrl(input.url) : undefined;
  const brandIds =
    input.brand_ids !== undefined ? await assertBrands(ctx.teamId, input.brand_ids) : undefined;
  const pause = input.enabled === false && before.status === "active";
  const resume = input.enabled === true && before.status === "paused";
  await updateEndpointRow(ctx.teamId, id, {
    ...(url !== undefined ? { url } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    ...(input.event_types !== undefined ? { eventTypes: [...new Set(input.event_types)] } : {}),
    ...(brandIds !== undefined ? { brandIds } : {}),
    ...(pause ? { status: "paused", pausedReason: "user", pausedAt: new Date() } : {}),
    ...(resume ? { status: "active", pausedReason: null, pausedAt: null, consecutiveDeadLetters: 0 } : {}),
  });
  if (resume) {
    // What waited while it was paused goes out now.
    const pending = await rescheduleEndpointDeliveries(ctx.teamId, id);
    await enqueueMany(
      DELIVER_JOB,
      pending.map((p) => ({ data: { deliveryId: p.id } })),
    );
  }
  const action = pause
    ? "webhook_endpoint.paused"
    : resume
      ? "webhook_endpoint.resumed"
      : "webhook_endpoint.updated";
  await recordAudit(ctx, action, { type: "webhook_endpoint", id }, { fields: Object.keys(input) });
  return getEndpointOrThrow(ctx, id);
}

/**
 * A new secret signs from now on; the old one keeps signing alongside it (two signatures in webhook-signature)
 * until `overlapSeconds` from now, so receivers can switch without dropping a delivery. Rotating again during an
 * overlap ends the older one: only the secret being replaced stays in the overlap.
 */
export async function rotateEndpointSecret(ctx: TAuthContext, id: string, overlapSeconds: number) {
  const row = await findEndpointWithSecrets(ctx.teamId, id);
  if (!row) throw notFound("Webhook endpoint");
  const secret = generateSigningSecret();
  const previous = openSecret(id, row.secretSealed);
  const now = new Date();
  const ok = await updateEndpointRow(
    ctx.teamId,
    id,
    {
      secretSealed: sealSecret(id, secret),
      previousSecretSealed: overlapSeconds > 0 ? sealSecret(id, previous, "previousSecret") : null,
      previousSecretExpiresAt: overlapSeconds > 0 ? new Date(now.getTime() + overlapSeconds * 1000) : null,
      secretRotatedAt: now,
    },
    // Two rotations at once: only the one that read the current secret wins (the other would drop a secret).
    { secretSealed: row.secretSealed },
  );
  if (!ok) throw new AppError("conflict", { message: "The secret was rotated at the same time; try again." });
  await recordAudit(
    ctx,
    "webhook_endpoint.secret_rotated",
    { type: "webhook_endpoint", id },
    {
      overlap_seconds: overlapSeconds,
    },
  );
  return { endpoint: await getEndpointOrThrow(ctx, id), secret };
}

export async function deleteEndpoint(ctx: TAuthContext, id: string) {
  if (!(await deleteEndpointRow(ctx.teamId, id))) throw notFound("Webhook endpoint");
  await recordAudit(ctx, "webhook_endpoint.deleted", { type: "webhook_endpoint", id });
  return { id, deleted: true };
}
