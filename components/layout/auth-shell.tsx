import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";

/** The Patchbay mark and name, as the pages outside the dashboard (sign-in, sign-up, invite …) show it. */
export function PatchbayMark() {
  return (
    <div className="mb-6 flex items-center gap-2">
      <span
        aria-hidden
        className="grid h-8 w-8 place-items-center rounded-md bg-indigo-600 font-bold text-white"
      >
        P
      </span>
      <span className="text-lg font-semibold">Patchbay</span>
    </div>
  );
}

/** A centred narrow column under the Patchbay mark. */
export function AuthShell({ children, className }: { children: ReactNode; className?: string }) {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className={cn("w-full max-w-sm", className)}>
        <PatchbayMark />
        {children}
      </div>
    </main>
  );
}
