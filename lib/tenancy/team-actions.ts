"use server";

import { z } from "zod";
import { defineAction } from "@/lib/http/define-action";
import { changeMemberRole } from "@/lib/tenancy/change-member-role";
import { createInvite } from "@/lib/tenancy/create-invite";
import { removeMember } from "@/lib/tenancy/remove-member";
import { revokeInvite } from "@/lib/tenancy/revoke-invite";
import { ZCreateInviteInput, ZRole, ZUpdateTeamInput } from "@/lib/tenancy/schemas";
import { updateTeam } from "@/lib/tenancy/update-team";

const ZId = z.string().min(1).max(64);

export const updateTeamAction = defineAction({ input: ZUpdateTeamInput, role: "admin" }, (input, ctx) =>
  updateTeam(ctx, input),
);
export const createInviteAction = defineAction({ input: ZCreateInviteInput, role: "admin" }, (input, ctx) =>
  createInvite(ctx, input),
);
export const revokeInviteAction = defineAction(
  { input: z.object({ id: ZId }), role: "admin" },
  async (input, ctx) => {
    await revokeInvite(ctx, input.id);
    return { id: input.id };
  },
);
export const changeRoleAction = defineAction(
  { input: z.object({ id: ZId, role: ZRole }), role: "admin" },
  async (input, ctx) => {
    await changeMemberRole(ctx, input.id, input.role);
    return { id: input.id };
  },
);
export const removeMemberAction = defineAction(
  { input: z.object({ id: ZId }), role: "admin" },
  async (input, ctx) => {
    await removeMember(ctx, input.id);
    return { id: input.id };
  },
);
