// Finding 10 (one secret per purpose): the invite and OAuth-state HMACs use their own derived secrets, while what
// existing deployments stored keeps working — API-key hashes (unchanged key) and invites made before the upgrade.
import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import { env } from "@/lib/env";
import { hashToken } from "@/lib/oauth/secrets";
import { hashInviteToken, newInviteToken } from "@/lib/tenancy/invite-token";

const hmac = (key: string, msg: string) => crypto.createHmac("sha256", key).update(msg).digest("hex");

describe("finding 10: per-purpose secrets", () => {
  it("new invites and OAuth state use their own secrets; a pre-upgrade invite still hashes as stored", () => {
    const cfg = env();
    const fresh = newInviteToken();
    expect(fresh).toMatch(/^i2_[A-Za-z0-9_-]{32}$/);
    expect(hashInviteToken(fresh)).toBe(hmac(cfg.secrets.invite, `invite:${fresh}`));
    expect(hashInviteToken(fresh)).not.toBe(hmac(cfg.apiKeySecret, `invite:${fresh}`));

    const legacy = crypto.randomBytes(24).toString("base64url"); // the old format, already in the database
    expect(hashInviteToken(legacy)).toBe(hmac(cfg.apiKeySecret, `invite:${legacy}`));

    const state = crypto.randomBytes(32).toString("base64url");
    expect(hashToken("state", state)).toBe(hmac(cfg.secrets.oauthState, `oauth-state:${state}`));
    expect(hashToken("state", state)).not.toBe(hmac(cfg.apiKeySecret, `oauth-state:${state}`));
  });
});
