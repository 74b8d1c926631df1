// `{placeholder}` templates in provider URLs and headers, and the values the engine fills in itself.
import type { THookName, THookSlot } from "@/lib/providers/hooks";
export const PLACEHOLDER_NAME = /^[a-z][a-z0-9_]*$/;
const PLACEHOLDER_GLOBAL = /\{([a-z][a-z0-9_]*)\}/g;

/** `{name}` placeholders used in a URL or header template, in order of appearance (duplicates kept). */
export function placeholdersIn(template: string): string[] {
  return Array.from(template.matchAll(PLACEHOLDER_GLOBAL), (m) => m[1] ?? "");
}

/** Replace `{name}` placeholders; unknown names are left as they are. Values are inserted verbatim. */
export function fillTemplate(template: string, values: Readonly<Record<string, string | undefined>>): string {
  return template.replace(PLACEHOLDER_GLOBAL, (whole, name: string) => values[name] ?? whole);
}

/** Always available: the OAuth app's own client id (e.g. GitHub's revocation URL). */
export const BUILTIN_PARAMS = { client_id: { sample: "client-id-123" } } as const;

/**
 * Values only known after the token exchange. Each is produced by one hook, so a provider may use the
 * placeholder only if it declares that hook, and only in URLs used after the exchange.
 */
export const TOKEN_DERIVED_PARAMS = {
  instance_url: {
    sample: "https://acme.my.salesforce.com",
    slot: "parseTokenResponse",
    hook: "salesforce_instance_url",
  },
  cloud_id: {
    sample: "1324a887-45db-1bf4-1e99-ef0ff456d421",
    slot: "afterToken",
    hook: "atlassian_cloud_id",
  },
  api_domain: {
    sample: "https://acme.pipedrive.com",
    slot: "parseTokenResponse",
    hook: "pipedrive_api_domain",
  },
} as const satisfies Record<string, { sample: string; slot: THookSlot; hook: THookName }>;
export type TTokenDerivedParam = keyof typeof TOKEN_DERIVED_PARAMS;
