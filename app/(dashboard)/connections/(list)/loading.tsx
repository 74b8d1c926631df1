import { PageHeader } from "@/components/ui/card";

export default function Loading() {
  return (
    <>
      <PageHeader title="Connections" description="Loading connections…" />
      <div
        role="status"
        aria-label="Loading connections"
        className="animate-pulse space-y-2 rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900"
      >
        {Array.from({ length: 8 }, (_, i) => (
          <div key={i} className="h-6 rounded bg-zinc-100 dark:bg-zinc-800" />
        ))}
      </div>
    </>
  );
}
