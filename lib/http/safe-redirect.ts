/** Only same-site relative paths: "/x" yes; "//evil.com", "/\\evil.com", "https://…" no. */
export function safeLocalPath(value: string | null | undefined, fallback = "/"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  try {
    const u = new URL(value, "http://local.invalid");
    return u.origin === "http://local.invalid" ? `${u.pathname}${u.search}${u.hash}` : fallback;
  } catch {
    return fallback;
  }
}
