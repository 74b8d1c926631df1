// @patchbay/sdk — the browser-safe entry (no Node-only imports: WebCrypto, fetch, URL and streams only).
export { Patchbay, settleGrant, settleSession } from "./client.js";
export type { PatchbayOptions, RequestOptions, WaitOptions } from "./client.js";
export { PatchbayError, isPatchbayError, errorFromBody, errorFromResponse } from "./errors.js";
export type { PatchbayErrorCode, PatchbayErrorInit } from "./errors.js";
export { paginate, collect } from "./pagination.js";
export type { Page, PaginateOptions } from "./pagination.js";
export { poll, sleep } from "./poll.js";
export type { PollOptions } from "./poll.js";
export { ProxyResponse, proxyUrl } from "./proxy.js";
export type { ProxyClient, ProxyRequestOptions, ProxyTarget, QueryValue } from "./proxy.js";
export { verifyWebhook, signWebhook, WebhookVerificationError } from "./webhooks.js";
export type {
  VerifyWebhookInput,
  WebhookEvent,
  WebhookHeaders,
  WebhookVerificationReason,
} from "./webhooks.js";
export type * from "./types.js";
