"use client";

import { toast, Toaster } from "sonner";

// The dashboard's one feedback pattern:
// - success → a toast (sonner): notifySuccess("Settings saved."). It is announced politely and goes away by itself;
// - errors  → inline, where the action was taken: <ErrorText> (role="alert") for what an action or form could
//   not do, and the message under the field (Field's `error`) for one field's problem. Errors never vanish on a
//   timer, because the reader has to act on them.
// Progress ("Saving…", "Waiting for the other window…") stays on the control that started it.

/** Every toast carries data-testid="toast" (what the browser tests look for). */
export function notifySuccess(text: string) {
  toast.success(text, { testId: "toast" });
}

export function AppToaster() {
  return (
    <Toaster
      position="bottom-right"
      theme="system"
      richColors
      closeButton
      duration={8000}
      toastOptions={{ classNames: { toast: "text-sm" } }}
    />
  );
}
