import type { TLocale } from "@/lib/connect-sessions/schemas";

const SUPPORTED: readonly TLocale[] = ["en", "de"];

/** The session's locale if it set one, else the browser's best supported language (Accept-Language q order). */
export function pickLocale(sessionLocale: TLocale | null, acceptLanguage: string | null): TLocale {
  if (sessionLocale) return sessionLocale;
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, i) => {
      const [tag = "", ...params] = part.trim().split(";");
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { lang: tag.toLowerCase().split("-")[0] ?? "", q: q ? Number(q) : 1, i };
    })
    .filter((r) => r.lang && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked.map((r) => r.lang).find((l): l is TLocale => SUPPORTED.includes(l as TLocale)) ?? "en";
}
