import { env } from "@/lib/env";
import { getOutboundPolicy, type TOutboundPolicy } from "@/lib/outbound/guarded-fetch";
import type { TOAuthApp } from "@/lib/providers/app-types";

/**
 * Outbound policy for calls on behalf of a provider. Real providers get the instance policy (public addresses
 * only); the built-in Sandbox runs on this machine, so its calls may reach loopback — but only its own host.
 */
export function outboundPolicyFor(app: Pick<TOAuthApp, "source" | "settings">): TOutboundPolicy {
  if (app.source === "sandbox" && env().sandbox.enabled && app.settings.issuer) {
    return { allowPrivate: true, allowHosts: [new URL(app.settings.issuer).hostname] };
  }
  return getOutboundPolicy();
}
