import type { Metadata } from "next";
import Link from "next/link";
import { AuthShell } from "@/components/layout/auth-shell";
import { AcceptInviteButton } from "@/components/team/accept-invite-button";
import { sessionContextFromCookies } from "@/lib/auth/session-context";
import { getInvitePreview } from "@/lib/tenancy/get-invite-preview";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Invitation" };

export default async function InvitePage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invite = await getInvitePreview(token);
  const ctx = await sessionContextFromCookies();
  return (
    <AuthShell>
      <div className="space-y-4">
        {!invite ? (
          <>
            <h1 className="text-xl font-semibold">This invite is no longer valid</h1>
            <p className="text-sm text-zinc-500">
              It expired or was already used. Ask a team admin for a new link.
            </p>
          </>
        ) : (
          <>
            <h1 className="text-xl font-semibold">Join {invite.teamName}</h1>
            <p className="text-sm text-zinc-500">You are invited as {invite.role}.</p>
            {ctx ? (
              <AcceptInviteButton token={token} />
            ) : (
              <div className="flex gap-3 text-sm">
                <Link
                  className="text-indigo-600 hover:underline"
                  href={`/signup?invite=${encodeURIComponent(token)}`}
                >
                  Create an account
                </Link>
                <Link
                  className="text-indigo-600 hover:underline"
                  href={`/login?next=${encodeURIComponent(`/invite/${token}`)}`}
                >
                  Sign in
                </Link>
              </div>
            )}
          </>
        )}
      </div>
    </AuthShell>
  );
}
