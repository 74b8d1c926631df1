import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { acceptInvite } from "@/lib/tenancy/accept-invite";
import { changeMemberRole } from "@/lib/tenancy/change-member-role";
import { createInvite } from "@/lib/tenancy/create-invite";
import { getTeamOverview } from "@/lib/tenancy/list-members";
import { removeMember } from "@/lib/tenancy/remove-member";
import { resolveSessionContext } from "@/lib/tenancy/resolve-context";
import { signUp } from "@/lib/auth/sign-up";
import { db } from "@/lib/db";
import { makeMember, makeOwner, PASSWORD, uniqueEmail } from "../factories";

const code = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  );

describe("teams, members and invites", () => {
  it("an invite link works once, for one person, with its role", async () => {
    const owner = await makeOwner();
    const invite = await createInvite(owner.ctx, { role: "admin" });
    const token = invite.url.split("/invite/")[1]!;
    const joiner = await makeOwner(); // has a team of their own already
    const joined = await acceptInvite(joiner.userId, token);
    expect(joined).toEqual({ teamId: owner.teamId, role: "admin" });
    const ctx = await resolveSessionContext({ userId: joiner.userId, sessionId: "s" }, owner.teamId);
    expect(ctx?.teamId).toBe(owner.teamId);
    expect(ctx?.role).toBe("admin");
    expect(ctx?.teams).toHaveLength(2);

    const second = await makeOwner();
    expect(await code(acceptInvite(second.userId, token))).toBe("gone");
    expect(await code(acceptInvite(second.userId, "forged-token-forged-token"))).toBe("gone");
  });

  it("sign-up with an invite joins that team instead of creating one", async () => {
    const owner = await makeOwner();
    const invite = await createInvite(owner.ctx, { role: "member" });
    const res = await signUp({
      email: uniqueEmail("invited"),
      password: PASSWORD,
      invite_token: invite.url.split("/invite/")[1]!,
    });
    expect(res.teamId).toBe(owner.teamId);
    const overview = await getTeamOverview(owner.ctx);
    expect(overview.members.map((m) => m.role).sort()).toEqual(["member", "owner"]);
  });

  it("duplicate sign-up is a conflict", async () => {
    const owner = await makeOwner();
    expect(await code(signUp({ email: owner.email.toUpperCase(), password: PASSWORD }))).toBe("conflict");
  });

  it("role rules: admins cannot touch owners, the last owner stays, other teams' members are 404", async () => {
    const owner = await makeOwner();
    const admin = await makeMember(owner.teamId, "admin");
    const member = await makeMember(owner.teamId, "member");
    const overview = await getTeamOverview(owner.ctx);
    const idOf = (userId: string) => overview.members.find((m) => m.userId === userId)!.id;

    expect(await code(changeMemberRole(admin.ctx, idOf(member.userId), "admin"))).toBe("ok");
    expect(await code(changeMemberRole(admin.ctx, idOf(owner.userId), "member"))).toBe("forbidden");
    expect(await code(changeMemberRole(admin.ctx, idOf(member.userId), "owner"))).toBe("forbidden");
    expect(await code(createInvite(admin.ctx, { role: "owner" }))).toBe("forbidden");
    expect(await code(changeMemberRole(owner.ctx, idOf(owner.userId), "admin"))).toBe("conflict");
    expect(await code(removeMember(owner.ctx, idOf(owner.userId)))).toBe("conflict");

    const stranger = await makeOwner();
    expect(await code(changeMemberRole(stranger.ctx, idOf(member.userId), "owner"))).toBe("not_found");
    expect(await code(removeMember(stranger.ctx, idOf(member.userId)))).toBe("not_found");

    expect(await code(removeMember(admin.ctx, idOf(member.userId)))).toBe("ok");
    expect(await resolveSessionContext({ userId: member.userId, sessionId: "s" }, owner.teamId)).toBeNull();
  });
});

describe("invites cannot be abused to sign up", () => {
  it("a made-up or used invite creates no user; an invite for an e-mail works only for it", async () => {
    const before = await db.user.count();
    const email = uniqueEmail("bogus");
    expect(
      await code(signUp({ email, password: PASSWORD, invite_token: "made-up-token-made-up-token" })),
    ).toBe("gone");
    expect(await db.user.findUnique({ where: { email } })).toBeNull();
    expect(await db.user.count()).toBe(before);

    const owner = await makeOwner();
    const addressed = await createInvite(owner.ctx, { role: "member", email: "invited@example.test" });
    const token = addressed.url.split("/invite/")[1]!;
    expect(
      await code(signUp({ email: uniqueEmail("someone-else"), password: PASSWORD, invite_token: token })),
    ).toBe("forbidden");
    const stranger = await makeOwner();
    expect(await code(acceptInvite(stranger.userId, token))).toBe("forbidden");
    const joined = await signUp({ email: "invited@example.test", password: PASSWORD, invite_token: token });
    expect(joined.teamId).toBe(owner.teamId);
    const open = (await createInvite(owner.ctx, { role: "member" })).url.split("/invite/")[1]!;
    await signUp({ email: uniqueEmail("first"), password: PASSWORD, invite_token: open });
    const lateEmail = uniqueEmail("late");
    expect(await code(signUp({ email: lateEmail, password: PASSWORD, invite_token: open }))).toBe("gone");
    expect(await db.user.findUnique({ where: { email: lateEmail } })).toBeNull();
  });
});
