import type { TWebhookField } from "@/lib/providers/schemas";

/** A dotted path into parsed JSON ("event.id", "0.portalId"); only strings and finite numbers count as values. */
export function readPath(value: unknown, path: string): string | null {
  let cur: unknown = value;
  for (const part of path.split(".")) {
    if (cur === null || typeof cur !== "object") return null;
    cur = Array.isArray(cur) ? cur[Number(part)] : (cur as Record<string, unknown>)[part];
  }
  if (typeof cur === "string" && cur.length > 0) return cur;
  if (typeof cur === "number" && Number.isFinite(cur)) return String(cur);
  return null;
}

/** A declared field of a delivery: a header, or a path into the (verified) JSON body. */
export function readField(field: TWebhookField, headers: Headers, body: unknown): string | null {
  if (field.from === "header") return headers.get(field.name) || null;
  return readPath(body, field.name);
}
