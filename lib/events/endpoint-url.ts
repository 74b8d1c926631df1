// Is this URL acceptable as a webhook endpoint? The same outbound guard that every delivery goes through
// (lib/outbound) decides about addresses — checked here too so a mistake is refused when it is made, not a day of
// retries later. Production requires https (unless the dev/test switch below is on); private addresses (127.0.0.1, 10/8 …) need the deployment's
// PATCHBAY_OUTBOUND_ALLOW_PRIVATE switch (dev/test), link-local and metadata addresses never pass. A name that
// does not resolve now is accepted (it is re-checked on every delivery) — only an address the guard would refuse
// is an error.
import dns from "node:dns";
import net from "node:net";
import { AppError } from "@/lib/errors";
import { outboundEnv } from "@/lib/env";
import { classifyAddress, getOutboundPolicy, isHostAllowed } from "@/lib/outbound/address-policy";

function refuse(message: string): never {
  throw new AppError("validation_failed", { message, details: { issues: [{ path: "url", message }] } });
}

export async function assertEndpointUrl(raw: string): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    refuse("Enter an absolute URL, e.g. https://example.com/webhooks.");
  }
  const policy = getOutboundPolicy();
  // https in production; http only outside it or with the dev/test switch for private targets (as custom
  // providers: PATCHBAY_OUTBOUND_ALLOW_PRIVATE, never set in production).
  const httpOk = !outboundEnv().production || policy.allowPrivate;
  if (url.protocol !== "https:" && !(url.protocol === "http:" && httpOk))
    refuse(httpOk ? "Webhook URLs must use https (or http)." : "Webhook URLs must use https.");
  if (url.username || url.password)
    refuse("Credentials in the URL are not allowed; the signature authenticates us.");
  if (url.hash) refuse("Remove the #fragment from the URL.");
  const host = url.hostname.replace(/^\[|\]$/g, "");
  if (!isHostAllowed(host, policy.allowHosts))
    refuse("This host is not on the deployment's outbound allow-list.");
  let addresses: string[];
  if (net.isIP(host)) addresses = [host];
  else {
    try {
      addresses = (await dns.promises.lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      addresses = [];
    }
  }
  for (const a of addresses) {
    const cls = classifyAddress(a);
    if (cls.verdict === "public" || (cls.verdict === "private" && policy.allowPrivate)) continue;
    refuse(
      cls.verdict === "private"
        ? "This URL points at a private network address, which this deployment does not deliver to."
        : "This URL points at an address that is never allowed (link-local, metadata or reserved).",
    );
  }
  return url.toString();
}
