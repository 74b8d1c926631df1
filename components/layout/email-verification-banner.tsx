import { ResendVerificationButton } from "@/components/auth/resend-verification-button";
import { getEmailVerificationState } from "@/lib/auth/email-verification";

/** A quiet strip above the page while the signed-in user's e-mail is unverified (only with SSO configured). */
export async function EmailVerificationBanner({ userId }: { userId: string }) {
  const state = await getEmailVerificationState(userId);
  if (!state.enabled || state.verified) return null;
  return (
    <div
      data-testid="email-verification-banner"
      className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 border-b border-amber-200 bg-amber-50 px-6 py-2 text-sm text-amber-900 dark:border-amber-900 dark:bg-amber-950 dark:text-amber-200"
    >
      <p className="min-w-0 flex-1">
        <span className="font-medium">Confirm your e-mail address:</span> open the link we sent you, so that
        single sign-on can be linked to this account.
      </p>
      <ResendVerificationButton />
    </div>
  );
}
