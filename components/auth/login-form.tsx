"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/card";
import { Field } from "@/components/ui/field";

const MESSAGES: Record<string, string> = {
  CredentialsSignin: "That e-mail and password do not match an account.",
  rate_limited: "Too many sign-in attempts. Wait a few minutes and try again.",
};

const REDIRECT_ERRORS: Record<string, string> = {
  AccessDenied: "Single sign-on did not give Patchbay an e-mail address for your account.",
  OAuthCallback: "Single sign-on failed on the way back. Try again.",
  OAuthSignin: "Single sign-on could not start. Check the identity provider settings.",
  Callback: "Single sign-on failed on the way back. Try again.",
  SsoUnverifiedAccount:
    "An account with this e-mail already exists, but its address is not verified, so single sign-on cannot be " +
    "linked to it. If it is yours: sign in with your password, confirm your e-mail with the link we send you, " +
    "then use single sign-on again. If you did not create it, contact your Patchbay administrator.",
};

export function LoginForm({
  next,
  sso,
  initialError,
}: {
  next: string;
  sso: string | null;
  initialError: string | null;
}) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(
    initialError ? (REDIRECT_ERRORS[initialError] ?? "Sign-in failed. Try again.") : null,
  );
  const [pending, setPending] = useState(false);
  return (
    <div className="space-y-4">
      <form
        className="space-y-4"
        onSubmit={async (e) => {
          e.preventDefault();
          const form = new FormData(e.currentTarget);
          setPending(true);
          setError(null);
          const res = await signIn("credentials", {
            email: form.get("email"),
            password: form.get("password"),
            redirect: false,
          });
          setPending(false);
          if (!res || res.error) {
            // "rate_limited:<seconds>" says how long to wait (lib/auth/auth-options.ts).
            const [code = "", wait] = (res?.error ?? "").split(":");
            setError(
              code === "rate_limited" && wait
                ? `Too many sign-in attempts. Wait ${wait} seconds and try again.`
                : (MESSAGES[code] ?? "Sign-in failed. Try again."),
            );
            return;
          }
          router.replace(next);
          router.refresh();
        }}
      >
        <Field id="email" name="email" type="email" label="E-mail" autoComplete="email" required />
        <Field
          id="password"
          name="password"
          type="password"
          label="Password"
          autoComplete="current-password"
          required
        />
        <ErrorText>{error}</ErrorText>
        <Button type="submit" className="w-full" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </Button>
      </form>
      {sso ? (
        <Button
          variant="secondary"
          className="w-full"
          onClick={() => void signIn("oidc", { callbackUrl: next })}
        >
          Continue with {sso}
        </Button>
      ) : null}
      <p className="text-sm text-zinc-500">
        New here?{" "}
        <Link
          className="text-indigo-700 underline dark:text-indigo-400"
          href={`/signup${next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`}
        >
          Create an account
        </Link>
      </p>
    </div>
  );
}
