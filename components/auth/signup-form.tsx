"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState } from "react";
import { signUpAction } from "@/lib/auth/sign-up-actions";
import { formText } from "@/components/ui/form-text";
import { Button } from "@/components/ui/button";
import { ErrorText } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { fieldErrors } from "@/components/ui/field-errors";

export function SignupForm({ next, inviteToken }: { next: string; inviteToken: string | null }) {
  const router = useRouter();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  return (
    <form
      className="space-y-4"
      noValidate
      onSubmit={async (e) => {
        e.preventDefault();
        const form = new FormData(e.currentTarget);
        const email = formText(form, "email");
        const password = formText(form, "password");
        setPending(true);
        setError(null);
        setErrors({});
        const res = await signUpAction({
          email,
          password,
          name: formText(form, "name") || undefined,
          team_name: inviteToken ? undefined : formText(form, "team_name") || undefined,
          invite_token: inviteToken ?? undefined,
        });
        if (!res.ok) {
          setPending(false);
          setErrors(fieldErrors(res.error));
          setError(res.error.message);
          return;
        }
        const login = await signIn("credentials", { email, password, redirect: false });
        setPending(false);
        if (!login || login.error) {
          router.replace("/login");
          return;
        }
        router.replace(next);
        router.refresh();
      }}
    >
      <Field id="name" name="name" label="Your name" autoComplete="name" error={errors.name} />
      <Field
        id="email"
        name="email"
        type="email"
        label="E-mail"
        autoComplete="email"
        required
        error={errors.email}
      />
      <Field
        id="password"
        name="password"
        type="password"
        label="Password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
        error={errors.password}
      />
      {inviteToken ? null : (
        <Field
          id="team_name"
          name="team_name"
          label="Team name"
          placeholder="Acme Inc."
          error={errors.team_name}
        />
      )}
      <ErrorText>{error}</ErrorText>
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </Button>
      <p className="text-sm text-zinc-500">
        Already have an account?{" "}
        <Link className="text-indigo-700 underline dark:text-indigo-400" href="/login">
          Sign in
        </Link>
      </p>
    </form>
  );
}
