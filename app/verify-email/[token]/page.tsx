import type { Metadata } from "next";
import Link from "next/link";
import { AuthShell } from "@/components/layout/auth-shell";
import { currentSession } from "@/lib/auth/current-session";
import { verifyEmail, type TVerifyOutcome } from "@/lib/auth/email-verification";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Confirm your e-mail" };

const OUTCOMES: Record<TVerifyOutcome, { title: string; body: string }> = {
  verified: {
    title: "Your e-mail address is confirmed",
    body: "Thank you. Single sign-on can now be linked to this account the next time you use it.",
  },
  already_verified: {
    title: "Your e-mail address is confirmed",
    body: "This link was already used; there is nothing more to do.",
  },
  used: {
    title: "This link was already used",
    body: "Each link works once. If the banner in the dashboard still asks you to confirm, send a new link from there.",
  },
  expired: {
    title: "This link has expired",
    body: "Links work for 24 hours. Send a new one from the banner in the dashboard.",
  },
  invalid: {
    title: "This link is not valid",
    body: "Check that you opened the whole link from the latest e-mail, or send a new one from the dashboard.",
  },
  other_account: {
    title: "This link belongs to another account",
    body: "You are signed in as someone else. Sign out, sign in to the account the e-mail was sent to, and open the link again.",
  },
};

export default async function VerifyEmailPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const session = await currentSession();
  // Verifying needs the account's password too, not just the mailbox (see lib/auth/email-verification.ts).
  const outcome = session ? await verifyEmail(session, token) : null;
  const text = outcome ? OUTCOMES[outcome] : null;
  return (
    <AuthShell>
      <div className="space-y-4">
        <h1 className="text-xl font-semibold">{text ? text.title : "Sign in to confirm your e-mail"}</h1>
        <p className="text-sm text-zinc-500">
          {text
            ? text.body
            : "For your safety the link works only for the signed-in owner of the account. Sign in, and you will come back here."}
        </p>
        <Link
          className="inline-block text-sm text-indigo-600 hover:underline"
          href={session ? "/" : `/login?next=${encodeURIComponent(`/verify-email/${token}`)}`}
        >
          {session ? "Go to the dashboard" : "Sign in"}
        </Link>
      </div>
    </AuthShell>
  );
}
