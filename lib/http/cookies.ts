import { env } from "@/lib/env";

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.get("cookie") ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

/** HttpOnly, SameSite=Lax (sent on the provider's top-level redirect back to us), Secure on https. */
export function cookieHeader(name: string, value: string, opts: { path: string; maxAgeSec: number }): string {
  const secure = env().appUrl.startsWith("https://") ? "; Secure" : "";
  return `${name}=${encodeURIComponent(value)}; Path=${opts.path}; HttpOnly; SameSite=Lax; Max-Age=${opts.maxAgeSec}${secure}`;
}
