import crypto from "node:crypto";
import { env } from "@/lib/env";

/** ≥128-bit random tokens for state, bind links and browser cookies. */
export const randomToken = (bytes = 32) => crypto.randomBytes(bytes).toString("base64url");

/**
 * Stored instead of the token itself, keyed with the OAuth-state secret (its own, derived or configured: see
 * lib/env.ts). Grants live 10 minutes, so moving to this key from the API-key secret only ends flows that were in
 * progress during the upgrade.
 */
export const hashToken = (purpose: "state" | "bind" | "browser" | "connect-browser", token: string) =>
  crypto.createHmac("sha256", env().secrets.oauthState).update(`oauth-${purpose}:${token}`).digest("hex");

export const GRANT_TTL_MS = 10 * 60 * 1000;
export const browserCookieName = (grantId: string) => `pb_ob_${grantId}`;

/**
 * Hosted connect pages (/connect/<token>): a random per-browser cookie set when the page's token is exchanged.
 * Grants started from that page keep its HMAC (hashToken("connect-browser", …)), and only that browser binds them.
 */
export const CONNECT_BROWSER_COOKIE = "pb_cb";
