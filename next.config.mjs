/** @type {import('next').NextConfig} */
const nextConfig = {
  // These hold native code or a WASM Postgres and must load from node_modules at run time.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "@electric-sql/pglite-socket",
    "pg",
    "@node-rs/argon2",
    "oidc-provider",
    "pg-boss", // the job queue, started by lib/boot; loads pg from node_modules like the app's client
  ],
  poweredByHeader: false,
  // Static files skip proxy.ts (which sets the full set of security headers); they still must not be sniffed.
  async headers() {
    return [{ source: "/:path*", headers: [{ key: "X-Content-Type-Options", value: "nosniff" }] }];
  },
  typescript: { ignoreBuildErrors: true }, // `npm run check` typechecks; the build need not do it twice
};
export default nextConfig;
