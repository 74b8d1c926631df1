import type { Prisma } from "@/lib/generated/prisma/client";

/** The JSON body receivers get (Standard Webhooks' payload shape: type, timestamp, data — plus the event id). */
export function eventBody(e: { id: string; type: string; data: Prisma.JsonValue; createdAt: Date }): string {
  return JSON.stringify({ id: e.id, type: e.type, timestamp: e.createdAt.toISOString(), data: e.data });
}
