// The built-in Sandbox provider: a real OAuth 2.0 / OIDC server (oidc-provider) started beside the app in
// demo mode, so Connect works with no credentials. Off with DATABASE_URL unless PATCHBAY_SANDBOX=true.
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import type { SandboxServer, SandboxServerOptions } from "@/lib/sandbox/oauth-server";

const g = globalThis as { __patchbaySandbox?: SandboxServer };
export const SANDBOX_CLIENT_ID = "patchbay-sandbox";

/** Starts the server behind the Sandbox provider. The product always uses the lean server; tests may pass the
 * fixture with knobs (e2e/fixtures/oauth-test-server.ts), which takes the same options. */
export type StartSandboxServer = (options: SandboxServerOptions) => Promise<SandboxServer>;

export function sandboxIssuer(): string {
  return g.__patchbaySandbox?.issuer ?? `http://127.0.0.1:${env().sandbox.port}`;
}

export async function startSandbox(start?: StartSandboxServer): Promise<void> {
  const cfg = env();
  if (!cfg.sandbox.enabled || g.__patchbaySandbox) return;
  const startServer = start ?? (await import("@/lib/sandbox/oauth-server")).startSandboxServer;
  const server = await startServer({
    port: cfg.sandbox.port,
    clients: [
      {
        clientId: SANDBOX_CLIENT_ID,
        clientSecret: cfg.sandboxClientSecret,
        redirectUris: [`${cfg.appUrl}/oauth/callback`],
      },
    ],
    accessTokenTtlSeconds: 3600,
  });
  g.__patchbaySandbox = server;
  log.info("sandbox OAuth provider ready", { issuer: server.issuer });
}

export async function stopSandbox(): Promise<void> {
  await g.__patchbaySandbox?.close();
  g.__patchbaySandbox = undefined;
}
