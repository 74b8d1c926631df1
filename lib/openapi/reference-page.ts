// The HTML of /docs/api: Scalar's renderer (served by /docs/api/scalar.js) pointed at /api/v1/openapi.json. Both
// scripts carry the request's CSP nonce; nothing is loaded from another origin (no fonts, no telemetry, no proxy).
// The zod inside Scalar's bundle probes for eval (`Function("")`) unless told it is jitless — that probe would be a
// CSP violation on every load (we allow no 'unsafe-eval'), so the page sets zod's global config first.

export type TReferencePageInput = { nonce: string; scriptUrl: string; documentUrl: string };

/** JSON for an inline <script>: `<` escaped so no value can close the element. */
const inlineJson = (v: unknown) => JSON.stringify(v).replace(/</g, "\\u003c");

export function referencePageHtml({ nonce, scriptUrl, documentUrl }: TReferencePageInput): string {
  const config = {
    url: documentUrl,
    // Offline and private: system fonts instead of fonts.scalar.com, no telemetry, no agent or MCP helpers,
    // no request proxy (Try-it calls go straight to this origin).
    withDefaultFonts: false,
    telemetry: false,
    mcp: { disabled: true },
    agent: { disabled: true },
    showDeveloperTools: "never",
    hideClientButton: true,
    persistAuth: false,
    documentDownloadType: "json",
    defaultOpenFirstTag: false,
    metaData: { title: "Patchbay API reference" },
    customCss:
      ":root { --scalar-font: ui-sans-serif, system-ui, sans-serif; --scalar-font-code: ui-monospace, monospace; }",
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta property="csp-nonce" content="${nonce}">
<title>Patchbay API reference</title>
</head>
<body>
<noscript>The API reference needs JavaScript. The OpenAPI document itself is at <a href="${documentUrl}">${documentUrl}</a>.</noscript>
<div id="reference"></div>
<script nonce="${nonce}">globalThis.__zod_globalConfig = { jitless: true };</script>
<script nonce="${nonce}" src="${scriptUrl}"></script>
<script nonce="${nonce}">Scalar.createApiReference("#reference", ${inlineJson(config)});</script>
</body>
</html>
`;
}
