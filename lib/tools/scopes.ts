// Which provider OAuth scopes a connection was granted, against what a tool needs. Checked before any request:
// a tool that cannot succeed is refused with the list of what is missing, and the provider sees nothing.
//
// Implications are data per provider: at Shopify a `write_X` grant includes `read_X`. Connections made with an API
// key, basic credentials or a service account carry no OAuth grant to check (the provider decides per request).

const IMPLIED_BY: Record<string, (scope: string) => string[]> = {
  shopify: (s) => (s.startsWith("read_") ? [`write_${s.slice(5)}`] : []),
};

export function missingScopes(
  provider: string,
  authMode: string,
  granted: readonly string[],
  required: readonly string[],
): string[] {
  if (authMode !== "oauth2") return [];
  const have = new Set(granted);
  const implied = IMPLIED_BY[provider] ?? (() => []);
  return required.filter((s) => !have.has(s) && !implied(s).some((alt) => have.has(alt)));
}
