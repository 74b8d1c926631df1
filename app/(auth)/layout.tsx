import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center p-6">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center gap-2">
          <span
            aria-hidden
            className="grid h-8 w-8 place-items-center rounded-md bg-indigo-600 font-bold text-white"
          >
            P
          </span>
          <span className="text-lg font-semibold">Patchbay</span>
        </div>
        {children}
      </div>
    </main>
  );
}
