/** Client credentials for a provider's OAuth app, resolved from the team, the instance or the built-in sandbox. */
export type TOAuthApp = {
  source: "team" | "instance" | "sandbox";
  /** The OAuthApp row (null for the built-in sandbox): keys a custom provider's redirect URI and pins connections. */
  id?: string | null;
  clientId: string;
  clientSecret: string;
  settings: Record<string, string>;
  /** Secret app settings (Google Ads' developer token), opened from the vault; only ever filled into headers. */
  secretSettings?: Record<string, string>;
};
