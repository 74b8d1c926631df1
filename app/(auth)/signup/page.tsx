import type { Metadata } from "next";
import { SignupForm } from "@/components/auth/signup-form";
import { env } from "@/lib/env";
import { safeLocalPath } from "@/lib/http/safe-redirect";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Create an account" };

export default async function SignupPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const sp = await searchParams;
  const invite = sp.invite && /^[A-Za-z0-9_-]{20,64}$/.test(sp.invite) ? sp.invite : null;
  if (env().signup === "closed" && !invite) {
    return (
      <>
        <h1 className="mb-2 text-xl font-semibold">Sign-up is closed</h1>
        <p className="text-sm text-zinc-500">Ask an admin of this Patchbay instance for an invite link.</p>
      </>
    );
  }
  return (
    <>
      <h1 className="mb-1 text-xl font-semibold">
        {invite ? "Create your account to join" : "Create your Patchbay account"}
      </h1>
      <p className="mb-4 text-sm text-zinc-500">
        {invite ? "You will join the team that invited you." : "You get a team and a first brand."}
      </p>
      <SignupForm next={safeLocalPath(sp.next)} inviteToken={invite} />
    </>
  );
}
