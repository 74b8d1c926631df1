"use client";

import { Button } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";

/** The list could not be read (the database did not answer, most often): say so and offer to try again. */
export default function ConnectionsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <>
      <PageHeader title="Connections" />
      <div role="alert" className="rounded-lg border border-red-200 bg-red-50 p-4 text-sm dark:border-red-900 dark:bg-red-950">
        <p className="font-medium">The connections could not be loaded.</p>
        <p className="mt-1 text-zinc-700 dark:text-zinc-300">
          Patchbay could not read them just now (reference {error.digest ?? "unknown"}). Check that the database is
          reachable (GET /api/ready), then try again.
        </p>
        <Button className="mt-3" variant="secondary" onClick={reset}>
          Try again
        </Button>
      </div>
    </>
  );
}
