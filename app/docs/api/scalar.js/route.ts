// GET /docs/api/scalar.js — Scalar's renderer from our own origin (the page must work offline: no CDN). The URL
// carries the package version, so the file may be cached for good.
import { scalarBundle } from "@/lib/openapi/scalar-bundle";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const { body } = await scalarBundle();
  return new Response(body, {
    headers: {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "public, max-age=31536000, immutable",
    },
  });
}
