// GET /docs/api — the API reference, rendered in the browser from /api/v1/openapi.json. A standalone HTML page
// (not a dashboard page): public like the document, with the same CSP as every page and its nonce on both scripts.
import crypto from "node:crypto";
import { referencePageHtml } from "@/lib/openapi/reference-page";
import { scalarBundle } from "@/lib/openapi/scalar-bundle";
import { securityHeaders } from "@/lib/security-headers";

export const dynamic = "force-dynamic";

export async function GET(req: Request): Promise<Response> {
  // proxy.ts puts a fresh nonce on the request and the matching CSP on the response; reuse it (a direct call
  // without proxy.ts gets its own).
  const nonce = req.headers.get("x-nonce") ?? crypto.randomBytes(16).toString("base64");
  const { version } = await scalarBundle();
  const html = referencePageHtml({
    nonce,
    scriptUrl: `/docs/api/scalar.js?v=${encodeURIComponent(version)}`,
    documentUrl: "/api/v1/openapi.json",
  });
  return new Response(html, {
    headers: {
      ...securityHeaders({ path: "/docs/api", nonce }),
      "content-type": "text/html; charset=utf-8",
      "cache-control": "no-store",
    },
  });
}
