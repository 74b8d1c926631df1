"use client";

import { cn } from "@/components/ui/cn";

/** A status line announced to screen readers; tone and text both carry the meaning. */
export function Toast({
  tone,
  children,
  onClose,
}: {
  tone: "success" | "error";
  children: React.ReactNode;
  onClose?: () => void;
}) {
  return (
    <div
      role={tone === "error" ? "alert" : "status"}
      data-testid="toast"
      className={cn(
        "fixed bottom-4 right-4 z-50 flex max-w-sm items-start gap-3 rounded-lg border px-4 py-3 text-sm shadow-lg",
        tone === "success"
          ? "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-200"
          : "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200",
      )}
    >
      <span aria-hidden>{tone === "success" ? "✓" : "!"}</span>
      <span className="flex-1">{children}</span>
      {onClose ? (
        <button type="button" aria-label="Dismiss" onClick={onClose} className="opacity-60 hover:opacity-100">
          ×
        </button>
      ) : null}
    </div>
  );
}
