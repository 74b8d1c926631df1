import crypto from "node:crypto";
import { env } from "@/lib/env";

/** ≥128-bit random tokens for state, bind links and browser cookies. */
export const randomToken = (bytes = 32) => crypto.randomBytes(bytes).toString("base64url");

/** Stored instead of the token itself; domain-separated from API key hashes. */
export const hashToken = (purpose: "state" | "bind" | "browser", token: string) =>
  crypto.createHmac("sha256", env().apiKeySecret).update(`oauth-${purpose}:${token}`).digest("hex");

export const GRANT_TTL_MS = 10 * 60 * 1000;
export const browserCookieName = (grantId: string) => `pb_ob_${grantId}`;
