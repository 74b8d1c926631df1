// The quirk hooks a provider entry may name (providers are data; the OAuth engine owns one implementation per
// name, in lib/oauth/hooks/).
/** Quirk hooks. The registry only names them; the OAuth engine owns one implementation per name. */
export const HOOKS = {
  verifyCallback: ["shopify_hmac"],
  authorizationParams: ["tiktok_app_id"],
  tokenRequest: ["tiktok_business"],
  parseTokenResponse: [
    "slack_oauth_v2",
    "salesforce_instance_url",
    "meta_graph",
    "tiktok_business",
    "notion_workspace",
    "github_oauth",
    "pipedrive_api_domain",
  ],
  afterToken: ["meta_long_lived_exchange", "atlassian_cloud_id", "salesforce_identity"],
  /** Renews tokens instead of the RFC 6749 §6 refresh_token grant (lib/oauth/hooks/refresh.ts). */
  refresh: ["meta_long_lived_exchange"],
  revoke: ["github_delete_token", "tiktok_revoke_token"],
} as const;

export type THookSlot = keyof typeof HOOKS;
export type THookName<S extends THookSlot = THookSlot> = (typeof HOOKS)[S][number];

/** What each hook has to do — the engine's checklist, and documentation for whoever reads an entry. */
export const HOOK_DESCRIPTIONS: Readonly<{ [S in THookSlot]: Readonly<Record<THookName<S>, string>> }> = {
  verifyCallback: {
    shopify_hmac:
      "Verify the callback's `hmac` (HMAC-SHA256 over the other query params, sorted, with the client secret) " +
      "and that `shop` matches the shop the flow was started for, before exchanging the code.",
  },
  authorizationParams: {
    tiktok_app_id:
      "TikTok Business sends `app_id` instead of `client_id`, takes no `scope`/`response_type`, and redirects " +
      "back with `auth_code`.",
  },
  tokenRequest: {
    tiktok_business:
      "Token exchange is a JSON POST of { app_id, secret, auth_code } instead of the RFC 6749 form fields.",
  },
  parseTokenResponse: {
    slack_oauth_v2:
      "Errors arrive as HTTP 200 { ok: false, error }; the bot token is `access_token`, a user token is in " +
      "`authed_user.access_token`; keep `team.id`/`team.name` as account metadata; `refresh_token`/" +
      "`expires_in` appear only when token rotation is enabled.",
    salesforce_instance_url:
      "Capture `instance_url` (API host of the org) and `id` (identity URL); there is no `expires_in` — the " +
      "session lifetime is an org policy, so refresh on 401; `signature` = HMAC-SHA256(id + issued_at, secret).",
    meta_graph:
      "Errors are nested { error: { message, type, code, fbtrace_id } }; `expires_in` may be missing " +
      "(non-expiring page/system-user tokens).",
    tiktok_business:
      "Response is wrapped { code, message, data: { access_token, advertiser_ids, scope } } with HTTP 200 even on " +
      "errors (code != 0); tokens do not expire.",
    notion_workspace:
      "Capture `workspace_id`, `workspace_name`, `workspace_icon`, `bot_id` and `owner` as account metadata.",
    github_oauth:
      "Send `Accept: application/json`; errors come back as HTTP 200 { error, error_description }; granted " +
      "`scope` is comma-separated although the request is space-separated.",
    pipedrive_api_domain:
      "Capture `api_domain` (the company's https://<company>.pipedrive.com host) and use it as the API host.",
  },
  afterToken: {
    meta_long_lived_exchange:
      "Exchange the ~1 h user token for a ~60 day one (GET oauth/access_token?grant_type=fb_exchange_token); " +
      "there is no refresh token, so re-run the exchange while the token is still valid or ask to reconnect.",
    atlassian_cloud_id:
      "GET https://api.atlassian.com/oauth/token/accessible-resources and store the chosen site's `id` as " +
      "`cloud_id` (plus its url/name); API calls go through api.atlassian.com/ex/jira/{cloud_id}.",
    salesforce_identity:
      "GET the `id` identity URL with the new token to record user id, org id, username and display name.",
  },
  refresh: {
    meta_long_lived_exchange:
      "No refresh token: renew by exchanging the still-valid long-lived token (fb_exchange_token) for a new one; " +
      "resending the exchange is harmless, so an unanswered attempt may be retried.",
  },
  revoke: {
    github_delete_token:
      "DELETE https://api.github.com/applications/{client_id}/token with HTTP Basic client_id:client_secret " +
      'and JSON { "access_token": … }.',
    tiktok_revoke_token: "POST JSON { app_id, secret, access_token } to the revocation URL.",
  },
};
