"use client";

// Keeps a server-rendered page live: re-renders it from the server every `intervalMs` while the tab is visible
// (router.refresh keeps client state such as open dialogs and scroll). Used where the page is a server
// component (the connection list); client pages poll their React Query data instead.
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function LiveRefresh({ intervalMs = 5_000 }: { intervalMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const t = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, intervalMs);
    return () => clearInterval(t);
  }, [router, intervalMs]);
  return null;
}
