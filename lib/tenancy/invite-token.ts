import crypto from "node:crypto";
import { env } from "@/lib/env";

// Invite tokens carry the version of the key that hashes them: "i2_…" tokens use the invite secret (its own,
// derived from the master secret or set by PATCHBAY_INVITE_SECRET); older, unprefixed tokens — still pending for up
// to their 7 days — keep the HMAC they were stored with, keyed by the master secret, so no invite breaks on upgrade.
const V2 = "i2_";

export const newInviteToken = () => `${V2}${crypto.randomBytes(24).toString("base64url")}`;
export const hashInviteToken = (token: string) =>
  token.startsWith(V2)
    ? crypto.createHmac("sha256", env().secrets.invite).update(`invite:${token}`).digest("hex")
    : crypto.createHmac("sha256", env().secrets.legacyInvite).update(`invite:${token}`).digest("hex");
