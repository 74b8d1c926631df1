// The request headers some handlers read themselves, described once for every operation that reads them.
import type { TDocHeader } from "@/lib/http/route-docs";
import type { TJsonObject } from "@/lib/openapi/types";

const DESCRIPTIONS: Record<TDocHeader, string> = {
  "X-Account-Id":
    "Partner mode: the `external_id` of one of your connected accounts. The call then acts on that account's " +
    "connections only (another account's connection is a 404).",
  "Connection-Id":
    "The connection to use (`conn_…`); required when the provider path form matches more than one connection.",
  "Idempotency-Key":
    "Lets Patchbay retry a non-idempotent method (POST, PATCH) on a network failure or a 5xx; without it only " +
    "idempotent methods are retried.",
  "Patchbay-Retries": "How many times Patchbay retries a failed upstream call (0–5).",
};

export function headerParameter(name: TDocHeader): TJsonObject {
  return { name, in: "header", required: false, description: DESCRIPTIONS[name], schema: { type: "string" } };
}
