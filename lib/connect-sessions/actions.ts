"use server";

// The hosted connect page's actions are public: the session token in the page's URL is the authority (checked in
// hosted.ts on every call). The page's browser gets a random cookie (pb_cb) the first time it starts a sign-in;
// its grants keep the cookie's HMAC, so only this browser can open their authorization links.
import crypto from "node:crypto";
import { cookies } from "next/headers";
import { z } from "zod";
import { createConnectSession } from "@/lib/connect-sessions/create-connect-session";
import { cancelHostedSession, startHostedOAuth, submitHostedCredential } from "@/lib/connect-sessions/hosted";
import { dashboardCookieOptions } from "@/lib/cookies";
import { defineAction } from "@/lib/http/define-action";
import { CONNECT_BROWSER_COOKIE } from "@/lib/oauth/secrets";

const ZToken = z.string().min(1).max(100);
const ZProvider = z.string().min(1).max(64);

async function pageBrowser(): Promise<string> {
  const jar = await cookies();
  const existing = jar.get(CONNECT_BROWSER_COOKIE)?.value;
  if (existing && /^[A-Za-z0-9_-]{32,64}$/.test(existing)) return existing;
  const value = crypto.randomBytes(32).toString("base64url");
  jar.set(CONNECT_BROWSER_COOKIE, value, dashboardCookieOptions({ maxAgeSec: 3600 }));
  return value;
}

export const startHostedOAuthAction = defineAction(
  {
    auth: "public",
    rateLimit: { name: "hosted-connect", limit: 30, windowSec: 10 * 60, per: "ip" },
    // popup: the page was opened by the partner's Connect button; the callback then posts to its opener.
    input: z.object({ token: ZToken, provider: ZProvider, popup: z.boolean().default(false) }),
  },
  async (input) => {
    const grant = await startHostedOAuth(input.token, input.provider, await pageBrowser(), input.popup);
    return { authorization_url: grant.authorization_url };
  },
);

export const submitHostedCredentialAction = defineAction(
  {
    auth: "public",
    rateLimit: { name: "hosted-connect-key", limit: 30, windowSec: 10 * 60, per: "ip" },
    input: z.object({
      token: ZToken,
      provider: ZProvider,
      api_key: z.string().trim().min(1).max(4096).optional(),
      username: z.string().trim().min(1).max(500).optional(),
      password: z.string().min(1).max(4096).optional(),
      service_account_key: z.string().trim().min(2).max(20_000).optional(),
      params: z.record(z.string().max(40), z.string().trim().max(300)).default({}),
    }),
  },
  async (input) => {
    const params = Object.fromEntries(Object.entries(input.params).filter(([, v]) => v !== ""));
    const secret = input.api_key
      ? { api_key: input.api_key }
      : input.service_account_key
        ? { service_account_key: input.service_account_key }
        : { username: input.username ?? "", password: input.password ?? "" };
    return submitHostedCredential(input.token, input.provider, secret, params);
  },
);

export const cancelHostedSessionAction = defineAction(
  {
    auth: "public",
    rateLimit: { name: "hosted-connect", limit: 30, windowSec: 10 * 60, per: "ip" },
    input: z.object({ token: ZToken }),
  },
  (input) => cancelHostedSession(input.token),
);

/** Dashboard: "Create connect link" for one account (admins), as POST /api/v1/accounts/{id}/connect does. */
export const createConnectLinkAction = defineAction(
  {
    role: "admin",
    input: z.object({
      accountId: z.string().min(1).max(64),
      redirect_url: z.url({ protocol: /^https?$/ }).max(2000),
      providers: z.array(z.string().min(1).max(64)).max(50).optional(),
      locale: z.enum(["en", "de"]).optional(),
    }),
  },
  (input, ctx) =>
    createConnectSession(
      ctx,
      { id: input.accountId },
      { redirect_url: input.redirect_url, providers: input.providers, locale: input.locale },
    ),
);
