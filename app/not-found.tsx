import Link from "next/link";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] items-center justify-center p-6">
      <div className="max-w-sm text-center">
        <p className="text-sm font-medium text-zinc-500">404</p>
        <h1 className="mt-1 text-xl font-semibold">Not found</h1>
        <p className="mt-2 text-sm text-zinc-500">
          It does not exist, was deleted, or belongs to a team or person you cannot see. Check the link, or
          switch team in the header.
        </p>
        <div className="mt-4 flex justify-center gap-4 text-sm">
          <Link className="text-indigo-600 hover:underline" href="/connections">
            Connections
          </Link>
          <Link className="text-indigo-600 hover:underline" href="/">
            Overview
          </Link>
        </div>
      </div>
    </main>
  );
}
