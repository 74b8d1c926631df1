// A team connected to its own OAuth server: a fresh oidc-provider (the test fixture, with rotation and reuse
// detection) configured as the team's "sandbox" app, the real connect flow against it, and the stored row with
// its credentials opened. Shared by the refresh tests (connection-lifecycle, refresh-races).
import { expect } from "vitest";
import { startOAuthServer, type OAuthServer } from "@/e2e/fixtures/oauth-test-server";
import { openCredentials } from "@/lib/connections/credentials";
import { db } from "@/lib/db";
import { setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { configureOAuthApp } from "@/lib/providers/configure-app";
import { hitCallback, messageOf, openBindUrl, startFlow } from "./connect-flow";
import { consentAtProvider } from "./cookie-jar";
import { makeOwner, type TTestUser } from "./factories";

export const TEAM_OAUTH_CALLBACK = "http://localhost:3999/oauth/callback";

export type TTeamOAuth = { server: OAuthServer; owner: TTestUser };

/**
 * A fresh OAuth server and a team whose own "sandbox" app points at it; `track` receives the server so the test
 * closes it. Team apps use the normal outbound policy, so this opens it to loopback.
 */
export async function teamWithOwnOAuthServer(opts: {
  client: { id: string; secret: string };
  ttlSeconds: number;
  track: (server: OAuthServer) => void;
}): Promise<TTeamOAuth> {
  const server = await startOAuthServer({
    clients: [
      { clientId: opts.client.id, clientSecret: opts.client.secret, redirectUris: [TEAM_OAUTH_CALLBACK] },
    ],
    accessTokenTtlSeconds: opts.ttlSeconds,
    rotateRefreshToken: true,
  });
  opts.track(server);
  setOutboundPolicyForTests({ allowPrivate: true });
  const owner = await makeOwner();
  await configureOAuthApp(owner.ctx, "sandbox", {
    level: "team",
    client_id: opts.client.id,
    client_secret: opts.client.secret,
    settings: { issuer: server.issuer },
  });
  return { server, owner };
}

/** The real connect flow (start → bind → sign-in and consent at the provider → callback); returns the id. */
export async function connectToOwnServer(user: TTestUser, login: string): Promise<string> {
  const grant = await startFlow({ cookie: user.cookie }, "sandbox");
  const bound = await openBindUrl(grant.authorization_url, user.cookie);
  expect(bound.status, bound.text).toBe(302);
  const callback = await consentAtProvider(bound.location!, login, TEAM_OAUTH_CALLBACK);
  const msg = messageOf((await hitCallback(callback, bound.cookie)).text);
  expect(msg, JSON.stringify(msg?.error)).toMatchObject({ status: "connected" });
  return msg!.connection_id!;
}

/** The stored row with its sealed credentials opened (ciphertext columns are omitted by default: name it). */
export async function storedOAuthConnection(id: string) {
  const row = await db.connection.findUniqueOrThrow({ where: { id }, omit: { credentialsSealed: false } });
  const creds = openCredentials(row.id, row.credentialsSealed!);
  if (creds.type !== "oauth2") throw new Error(`expected oauth2 credentials, got ${creds.type}`);
  return { row, creds, accessToken: creds.access_token, refreshToken: creds.refresh_token! };
}
