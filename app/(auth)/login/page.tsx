import type { Metadata } from "next";
import { LoginForm } from "@/components/auth/login-form";
import { env } from "@/lib/env";
import { safeLocalPath } from "@/lib/http/safe-redirect";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Sign in" };

export default async function LoginPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const sp = await searchParams;
  const next = safeLocalPath(sp.next ?? sp.callbackUrl);
  return (
    <>
      <h1 className="mb-4 text-xl font-semibold">Sign in</h1>
      <LoginForm next={next} sso={env().oidc?.name ?? null} initialError={sp.error ?? null} />
    </>
  );
}
