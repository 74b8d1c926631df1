import type { Metadata } from "next";
import { sessionContextFromCookies } from "@/lib/auth/session-context";

/**
 * A dashboard page's <title>: "Connections · Acme · Patchbay" (the root layout adds " · Patchbay"). Use as
 * `export const generateMetadata = dashboardTitle("Connections")`; without a session only the page name shows.
 */
export function dashboardTitle(page: string) {
  return async function generateMetadata(): Promise<Metadata> {
    const ctx = await sessionContextFromCookies();
    return { title: ctx ? `${page} · ${ctx.team.name}` : page };
  };
}
