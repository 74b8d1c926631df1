import { RelativeTime } from "@/components/connections/relative-time";
import { StatusBadge } from "@/components/connections/status-badge";
import { Card } from "@/components/ui/card";

export type TConnectionEvent = {
  id: string;
  from: string | null;
  to: string;
  reason: string | null;
  at: string;
};

/** Status changes, newest first. Only transitions are recorded: a refresh that keeps it connected adds none. */
export function StatusTimeline({ events }: { events: TConnectionEvent[] }) {
  const newestFirst = [...events].reverse();
  return (
    <Card>
      <h2 className="mb-1 font-medium">Status timeline</h2>
      <p className="mb-3 text-xs text-zinc-500">Every change of status, newest first.</p>
      {newestFirst.length === 0 ? (
        <p className="text-sm text-zinc-500">No status changes recorded yet.</p>
      ) : (
        <ol
          className="relative space-y-4 border-l border-zinc-200 pl-4 dark:border-zinc-800"
          data-testid="timeline"
        >
          {newestFirst.map((e) => (
            <li key={e.id} className="relative text-sm" data-testid="timeline-entry">
              <span
                aria-hidden
                className="absolute -left-[21px] top-1.5 h-2 w-2 rounded-full bg-zinc-400 ring-4 ring-white dark:ring-zinc-900"
              />
              <div className="flex flex-wrap items-center gap-1.5">
                {e.from ? (
                  <>
                    <StatusBadge status={e.from} />
                    <span aria-hidden>→</span>
                    <span className="sr-only">to</span>
                  </>
                ) : (
                  <span className="text-xs text-zinc-500">Created as</span>
                )}
                <StatusBadge status={e.to} />
              </div>
              {e.reason ? <p className="mt-1 text-zinc-700 dark:text-zinc-300">{e.reason}</p> : null}
              <RelativeTime iso={e.at} className="mt-0.5 block text-xs text-zinc-500" />
            </li>
          ))}
        </ol>
      )}
    </Card>
  );
}
