"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import {
  changeRoleAction,
  createInviteAction,
  removeMemberAction,
  revokeInviteAction,
} from "@/lib/tenancy/team-actions";
import { DateTime } from "@/components/ui/date-time";
import { formText } from "@/components/ui/form-text";
import { Button } from "@/components/ui/button";
import { Badge, Card, ErrorText } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyBox } from "@/components/ui/copy-box";
import { inputClass } from "@/components/ui/field";
import type { TActionResult } from "@/lib/http/define-action";

type TRole = "owner" | "admin" | "member";
type TMember = { id: string; role: TRole; userId: string; email: string; name: string | null };
type TInvite = { id: string; role: TRole; email: string | null; expiresAt: string };

async function run<T>(p: Promise<TActionResult<T>>): Promise<T> {
  const res = await p;
  if (!res.ok) throw new Error(res.error.message);
  return res.data;
}

export function MemberList({
  members,
  invites,
  meId,
  myRole,
}: {
  members: TMember[];
  invites: TInvite[];
  meId: string;
  myRole: TRole;
}) {
  const router = useRouter();
  const canManage = myRole !== "member";
  const [link, setLink] = useState<string | null>(null);
  const refresh = () => router.refresh();
  const invite = useMutation({
    mutationFn: (role: TRole) => run(createInviteAction({ role })),
    onSuccess: (d) => (setLink(d.url), refresh()),
  });
  const revoke = useMutation({
    mutationFn: (id: string) => run(revokeInviteAction({ id })),
    onSuccess: refresh,
  });
  const role = useMutation({
    mutationFn: (v: { id: string; role: TRole }) => run(changeRoleAction(v)),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: string) => run(removeMemberAction({ id })),
    onSuccess: refresh,
  });
  const error = invite.error ?? revoke.error ?? role.error ?? remove.error;

  return (
    <Card>
      <div className="mb-3 flex items-center justify-between">
        <h2 className="font-medium">Members</h2>
        {canManage ? (
          <form
            className="flex items-center gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              invite.mutate(formText(new FormData(e.currentTarget), "role") as TRole);
            }}
          >
            <select
              name="role"
              aria-label="Role for the invite"
              className={`${inputClass} w-auto`}
              defaultValue="member"
            >
              <option value="member">Member</option>
              <option value="admin">Admin</option>
              {myRole === "owner" ? <option value="owner">Owner</option> : null}
            </select>
            <Button type="submit" className="whitespace-nowrap" disabled={invite.isPending}>
              Create invite link
            </Button>
          </form>
        ) : null}
      </div>
      {link ? (
        <div className="mb-4">
          <CopyBox
            label="Invite link"
            value={link}
            warning="Shown once. It works for one person, once, within 7 days."
          />
        </div>
      ) : null}
      <ErrorText>{error?.message}</ErrorText>
      <table className="w-full text-sm">
        <thead className="text-left text-xs uppercase text-zinc-500">
          <tr>
            <th className="py-2">Member</th>
            <th>Role</th>
            <th className="sr-only">Actions</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-200 dark:divide-zinc-800">
          {members.map((m) => (
            <tr key={m.id} data-testid="member-row">
              <td className="py-2">
                {m.name ? <span className="font-medium">{m.name} </span> : null}
                <span className="text-zinc-500">{m.email}</span>{" "}
                {m.userId === meId ? <Badge>You</Badge> : null}
              </td>
              <td>
                {canManage && m.userId !== meId && (m.role !== "owner" || myRole === "owner") ? (
                  <select
                    aria-label={`Role of ${m.email}`}
                    className={`${inputClass} w-auto`}
                    value={m.role}
                    onChange={(e) => role.mutate({ id: m.id, role: e.target.value as TRole })}
                  >
                    <option value="member">Member</option>
                    <option value="admin">Admin</option>
                    {myRole === "owner" ? <option value="owner">Owner</option> : null}
                  </select>
                ) : (
                  <Badge tone={m.role === "owner" ? "indigo" : "neutral"}>{m.role}</Badge>
                )}
              </td>
              <td className="text-right">
                {canManage && m.userId !== meId && (m.role !== "owner" || myRole === "owner") ? (
                  <ConfirmDialog
                    trigger="Remove"
                    title={`Remove ${m.email}?`}
                    confirmLabel="Remove member"
                    onConfirm={() => remove.mutate(m.id)}
                  >
                    They lose access to this team at once. Their own connections stay until an admin deletes
                    them.
                  </ConfirmDialog>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {invites.length ? (
        <div className="mt-5">
          <h3 className="mb-2 text-sm font-medium">Pending invites</h3>
          <ul className="space-y-1 text-sm">
            {invites.map((i) => (
              <li key={i.id} className="flex items-center justify-between" data-testid="invite-row">
                <span>
                  <Badge>{i.role}</Badge>{" "}
                  <span className="text-zinc-500">
                    expires <DateTime iso={i.expiresAt} />
                  </span>
                </span>
                {canManage ? (
                  <Button variant="ghost" onClick={() => revoke.mutate(i.id)}>
                    Revoke
                  </Button>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </Card>
  );
}
