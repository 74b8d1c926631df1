// The outbound event catalogue. Receivers filter on these names; adding one is backwards compatible, renaming one
// is not.
import { z } from "zod";

export const EVENT_TYPES = [
  "connection.created",
  "connection.refreshed",
  "connection.refresh_failed",
  "connection.needs_reauth",
  "connection.test_failed",
  "connection.disabled",
  "connection.deleted",
  "connection.expiring",
  "webhook.received",
  /** sent only by "Send test event", to the one endpoint it was asked for */
  "endpoint.test",
] as const;
export type TEventType = (typeof EVENT_TYPES)[number];
export const ZEventType = z.enum(EVENT_TYPES);

export const EVENT_DESCRIPTIONS: Record<TEventType, string> = {
  "connection.created": "A connection was made (OAuth, API key or service account)",
  "connection.refreshed": "A connection's access token was renewed",
  "connection.refresh_failed": "Renewing a connection's token failed",
  "connection.needs_reauth": "A connection must be reconnected by its user",
  "connection.test_failed": "A health check of a connection failed",
  "connection.disabled": "A connection was disabled",
  "connection.deleted": "A connection was disconnected and deleted",
  "connection.expiring": "A token that cannot be renewed expires soon",
  "webhook.received": "A provider's webhook arrived for a connection (forwarded as a system event)",
  "endpoint.test": "A test event sent from the dashboard or the API",
};
