"use client";

// Kept for the connection components' imports: the one date formatter lives in components/ui/date-time.
export { absoluteTime, DateTime as RelativeTime, relativeTime, useNow } from "@/components/ui/date-time";
