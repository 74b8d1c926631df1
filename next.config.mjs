/** @type {import('next').NextConfig} */
const nextConfig = {
  // The container build (Dockerfile) sets PATCHBAY_STANDALONE=1: a self-contained server in .next/standalone
  // (node server.js). Unset, the build stays the ordinary one that `npm start` (next start) serves.
  ...(process.env.PATCHBAY_STANDALONE === "1" ? { output: "standalone" } : {}),
  // These hold native code or a WASM Postgres and must load from node_modules at run time.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "pg",
    "@node-rs/argon2",
    "oidc-provider",
    "pg-boss", // the job queue, started by lib/boot; loads pg from node_modules like the app's client
    // Traces: one copy of the API for Next.js's own spans and ours; the SDK loads only when configured.
    "@opentelemetry/api",
    "@opentelemetry/sdk-trace-node",
    "@opentelemetry/sdk-trace-base",
    "@opentelemetry/exporter-trace-otlp-http",
    "@opentelemetry/resources",
  ],
  poweredByHeader: false,
  // /docs/api serves Scalar's browser bundle from node_modules (read at run time, so name it for file tracing).
  outputFileTracingIncludes: {
    "/docs/api/scalar.js": [
      "./node_modules/@scalar/api-reference/dist/browser/standalone.js",
      "./node_modules/@scalar/api-reference/package.json",
    ],
    "/docs/api": ["./node_modules/@scalar/api-reference/package.json"],
  },
  // Static files skip proxy.ts (which sets the full set of security headers); they still must not be sniffed.
  async headers() {
    return [{ source: "/:path*", headers: [{ key: "X-Content-Type-Options", value: "nosniff" }] }];
  },
  typescript: { ignoreBuildErrors: true }, // `npm run check` typechecks; the build need not do it twice
};
export default nextConfig;
