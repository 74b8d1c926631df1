// Each test makes its own users, teams and keys; nothing depends on another test's data.
import crypto from "node:crypto";
import { encode } from "next-auth/jwt";
import { createApiKey } from "../lib/api-keys/create-api-key";
import type { TApiScope } from "../lib/api-keys/scopes";
import type { TAuthContext, TRole } from "../lib/actor";
import { db } from "../lib/db";
import { env } from "../lib/env";
import { signUp } from "../lib/auth/sign-up";

export const uniqueEmail = (tag = "user") => `${tag}-${crypto.randomBytes(5).toString("hex")}@example.test`;
export const PASSWORD = "correct horse battery staple";

export type TTestUser = { userId: string; teamId: string; email: string; ctx: TAuthContext; cookie: string };

export async function sessionCookie(userId: string, teamId?: string): Promise<string> {
  const token = await encode({
    token: { uid: userId, sid: crypto.randomBytes(8).toString("hex") },
    secret: env().authSecret,
  });
  return `next-auth.session-token=${token}${teamId ? `; pb_team=${teamId}` : ""}`;
}

/** A user who owns a fresh team (with its "Default" brand). */
export async function makeOwner(): Promise<TTestUser> {
  const email = uniqueEmail("owner");
  const { userId, teamId } = await signUp(
    { email, password: PASSWORD, team_name: `Team ${email}` },
    { bypassClosed: true },
  );
  return {
    userId,
    teamId,
    email,
    ctx: { actor: { kind: "user", userId, sessionId: "test", isSuperuser: false }, teamId, role: "owner" },
    cookie: await sessionCookie(userId, teamId),
  };
}

/** Another user added to `teamId` with `role`. */
export async function makeMember(teamId: string, role: TRole): Promise<TTestUser> {
  const email = uniqueEmail(role);
  const user = await db.user.create({ data: { email }, select: { id: true } });
  await db.membership.create({ data: { teamId, userId: user.id, role } });
  return {
    userId: user.id,
    teamId,
    email,
    ctx: { actor: { kind: "user", userId: user.id, sessionId: "test", isSuperuser: false }, teamId, role },
    cookie: await sessionCookie(user.id, teamId),
  };
}

export async function makeApiKey(owner: TTestUser, scopes: TApiScope[], expiresAt?: Date) {
  if (expiresAt && expiresAt < new Date()) {
    // An already-expired key cannot be created through the API; write the expiry afterwards.
    const made = await createApiKey(owner.ctx, { name: "expired", scopes });
    await db.apiKey.update({ where: { id: made.api_key.id }, data: { expiresAt } });
    return made;
  }
  return createApiKey(owner.ctx, { name: "test key", scopes, expires_at: expiresAt?.toISOString() });
}

export async function defaultBrandId(teamId: string): Promise<string> {
  const b = await db.brand.findFirstOrThrow({ where: { teamId }, select: { id: true } });
  return b.id;
}
