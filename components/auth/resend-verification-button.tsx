"use client";

import { useMutation } from "@tanstack/react-query";
import { resendVerificationEmailAction } from "@/lib/auth/actions";

export function ResendVerificationButton() {
  const resend = useMutation({ mutationFn: () => resendVerificationEmailAction({}) });
  const result = resend.data;
  return (
    <span className="flex shrink-0 items-center gap-3">
      <span aria-live="polite">
        {result?.ok ? "A new link is on its way." : result ? result.error.message : null}
      </span>
      <button
        type="button"
        className="font-medium underline underline-offset-2 hover:no-underline disabled:opacity-60"
        onClick={() => resend.mutate()}
        disabled={resend.isPending}
      >
        {resend.isPending ? "Sending…" : "Send a new link"}
      </button>
    </span>
  );
}
