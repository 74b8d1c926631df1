import crypto from "node:crypto";
import { env } from "@/lib/env";

// The token in connect_url is the hosted page's only authority; it is stored as an HMAC keyed with its own secret
// (PATCHBAY_CONNECT_SESSION_SECRET, else derived from the master secret: lib/env.ts).
const PREFIX = "cs1_";

export const newSessionToken = () => `${PREFIX}${crypto.randomBytes(32).toString("base64url")}`;
export const hashSessionToken = (token: string) =>
  crypto.createHmac("sha256", env().secrets.connectSession).update(`connect-session:${token}`).digest("hex");
/** Shape check before any lookup: a malformed token is not found without touching the database. */
export const looksLikeSessionToken = (token: string) => /^cs1_[A-Za-z0-9_-]{43}$/.test(token);

export const SESSION_TTL_MS = 30 * 60 * 1000;
