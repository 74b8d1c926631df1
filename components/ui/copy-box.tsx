"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** A secret shown once: monospace, selectable, a copy button, and a clear warning. */
export function CopyBox({ value, label, warning }: { value: string; label: string; warning: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950/40">
      <p className="text-sm font-medium">{label}</p>
      <div className="flex gap-2">
        <input
          readOnly
          value={value}
          aria-label={label}
          data-testid="secret-value"
          onFocus={(e) => e.currentTarget.select()}
          className="w-full rounded-md border border-zinc-300 bg-white px-2 py-1 font-mono text-xs dark:border-zinc-700 dark:bg-zinc-900"
        />
        <Button
          variant="secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(value).then(() => setCopied(true));
          }}
        >
          {copied ? "Copied" : "Copy"}
        </Button>
      </div>
      <p className="text-xs text-amber-800 dark:text-amber-300">{warning}</p>
    </div>
  );
}
