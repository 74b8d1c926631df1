import Link from "next/link";
import { Card } from "@/components/ui/card";

export type TChecklistStep = {
  id: string;
  done: boolean;
  title: string;
  href: string;
  action: string;
  hint: string;
};

/** Three first steps, each with where to do it; the card is not rendered once all are done. */
export function FirstRunChecklist({ steps }: { steps: TChecklistStep[] }) {
  if (steps.every((s) => s.done)) return null;
  const done = steps.filter((s) => s.done).length;
  return (
    <Card className="mb-4 border-indigo-200 dark:border-indigo-900">
      <div className="flex items-baseline justify-between">
        <h2 className="font-medium">Get started</h2>
        <span className="text-xs text-zinc-500">
          {done} of {steps.length} done
        </span>
      </div>
      <ol className="mt-3 space-y-2" aria-label="First steps" data-testid="first-run-checklist">
        {steps.map((s, i) => (
          <li key={s.id} className="flex items-start gap-3" data-testid={`step-${s.id}`} data-done={s.done}>
            <span
              aria-hidden
              className={`mt-0.5 grid h-5 w-5 shrink-0 place-items-center rounded-full text-xs font-semibold ${
                s.done
                  ? "bg-emerald-600 text-white"
                  : "border border-zinc-300 text-zinc-500 dark:border-zinc-700"
              }`}
            >
              {s.done ? "✓" : i + 1}
            </span>
            <div className="min-w-0 flex-1 text-sm">
              <p className={s.done ? "text-zinc-500 line-through" : "font-medium"}>
                {s.title}
                <span className="sr-only">{s.done ? " (done)" : " (to do)"}</span>
              </p>
              {s.done ? null : <p className="text-xs text-zinc-500">{s.hint}</p>}
            </div>
            {s.done ? null : (
              <Link href={s.href} className="shrink-0 text-sm font-medium text-indigo-600 hover:underline">
                {s.action} →
              </Link>
            )}
          </li>
        ))}
      </ol>
    </Card>
  );
}
