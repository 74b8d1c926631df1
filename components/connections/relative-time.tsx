"use client";

import { useEffect, useState } from "react";

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ["year", 365 * 24 * 3600],
  ["month", 30 * 24 * 3600],
  ["day", 24 * 3600],
  ["hour", 3600],
  ["minute", 60],
];

/** "3 minutes ago" / "in 59 minutes" / "just now". */
export function relativeTime(iso: string, now = Date.now()): string {
  const seconds = Math.round((new Date(iso).getTime() - now) / 1000);
  if (Math.abs(seconds) < 45) return "just now";
  const rtf = new Intl.RelativeTimeFormat("en", { numeric: "auto" });
  for (const [unit, size] of UNITS) {
    // 59 min 50 s reads better as "in 1 hour" than "in 60 minutes".
    if (Math.abs(seconds) >= size * 0.975) return rtf.format(Math.round(seconds / size), unit);
  }
  return rtf.format(Math.round(seconds / 60) || Math.sign(seconds), "minute");
}

export const absoluteTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });

/**
 * A time shown both ways: relative first, the absolute date beside it. Server and browser clocks and time zones
 * differ, so the text may change on hydration; that is expected.
 */
export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  const now = useNow();
  return (
    <span className={className}>
      <time dateTime={iso} title={absoluteTime(iso)} suppressHydrationWarning>
        {relativeTime(iso, now)}
      </time>{" "}
      <span className="text-xs text-zinc-500" suppressHydrationWarning>
        ({absoluteTime(iso)})
      </span>
    </span>
  );
}

/** The current time, ticking every 30 s so relative times stay true while the page is open. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}
