import type { Metadata } from "next";
import Link from "next/link";
import { PatchbayMark } from "@/components/layout/auth-shell";

export const metadata: Metadata = { title: "Not found" };

// Shown outside the dashboard's layout too (no navigation, no team switcher), so it names only links it has.
export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] items-center justify-center p-6">
      <div className="max-w-sm text-center">
        <div className="flex justify-center">
          <PatchbayMark />
        </div>
        <p className="text-sm font-medium text-zinc-600 dark:text-zinc-400">404</p>
        <h1 className="mt-1 text-xl font-semibold">Not found</h1>
        <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">
          It does not exist, was deleted, or belongs to a team or person you cannot see. Check the link; if
          you belong to several teams, open the dashboard and switch to the team that owns it.
        </p>
        <div className="mt-4 flex justify-center gap-4 text-sm">
          <Link className="text-indigo-700 hover:underline dark:text-indigo-400" href="/">
            Open the dashboard
          </Link>
          <Link className="text-indigo-700 hover:underline dark:text-indigo-400" href="/connections">
            Connections
          </Link>
        </div>
      </div>
    </main>
  );
}
