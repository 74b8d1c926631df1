/** Only same-site relative paths: "/x" yes; "//evil.com", "/\\evil.com", "/.//evil.com", "https://…" no. */
export function safeLocalPath(value: string | null | undefined, fallback = "/"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\")) return fallback;
  try {
    const u = new URL(value, "http://local.invalid");
    if (u.origin !== "http://local.invalid") return fallback;
    const path = `${u.pathname}${u.search}${u.hash}`;
    // Check what we return, not what we were given: normalisation can turn "/.//evil.com" into "//evil.com".
    return path.startsWith("//") || path.startsWith("/\\") ? fallback : path;
  } catch {
    return fallback;
  }
}
