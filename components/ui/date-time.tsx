"use client";

import { useEffect, useState } from "react";

// The one way the dashboard shows a date: relative text ("3 minutes ago", "in 6 days") in a <time> whose title
// (hover, and what assistive technology can read) is the absolute date in the reader's locale and time zone.

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

const ABSOLUTE = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
/** "Dec 1, 2026, 6:32 AM" (in the reader's locale). */
export const absoluteTime = (iso: string) => ABSOLUTE.format(new Date(iso));

/**
 * A date as the dashboard shows it everywhere. Server and browser clocks and time zones differ, so the text may
 * change on hydration; that is expected (and the relative text ticks while the page stays open).
 */
export function DateTime({ iso, className }: { iso: string; className?: string }) {
  const now = useNow();
  return (
    <time dateTime={iso} title={absoluteTime(iso)} className={className} suppressHydrationWarning>
      {relativeTime(iso, now)}
    </time>
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
