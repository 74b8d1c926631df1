// Slack tools, on the Web API (https://api.slack.com/web) with the connection's bot token. Slack answers HTTP 200
// even when a method fails, with `{ ok: false, error: "<code>" }`: that is turned into a provider_error here, with
// Slack's code and what it means. Lists page with `response_metadata.next_cursor` ("" on the last page) →
// `cursor`. Rate limits are HTTP 429 + Retry-After, which the proxy waits for and retries.
import { z } from "zod";
import { defineTool, type TAnyTool, type TToolContext } from "../define-tool";
import { ToolError } from "../tool-error";
import { ZMaxResults, ZPartial, readPages, pageCap } from "./ops-shared";

/** What Slack's error codes mean for the caller (the rest are passed on as Slack said them). */
const SLACK_ERRORS: Record<string, string> = {
  channel_not_found: "the channel does not exist or the bot cannot see it",
  not_in_channel: "the bot is not a member of the channel; invite it (/invite @bot) first",
  is_archived: "the channel is archived",
  missing_scope: "the token lacks a scope this method needs; reconnect Slack asking for it",
  invalid_auth: "the token is not valid any more; reconnect Slack",
  not_authed: "no token was sent",
  token_revoked: "the token was revoked; reconnect Slack",
  account_inactive: "the workspace or bot user is inactive",
  no_text: "the message has no text",
  msg_too_long: "the message is too long (40,000 characters at most)",
  restricted_action: "a workspace preference stops the bot from posting there",
  ratelimited: "Slack rate-limited the request",
  invalid_cursor: "the page cursor is not valid",
};

const ZSlackError = z.object({
  ok: z.literal(false),
  error: z.string(),
  needed: z.string().optional(),
  provided: z.string().optional(),
});

/** Throws a ToolError when Slack said ok: false; otherwise hands the body back. */
export function slackOk(method: string, body: unknown): unknown {
  const failed = ZSlackError.safeParse(body);
  if (!failed.success) return body;
  const { error, needed, provided } = failed.data;
  const meaning = SLACK_ERRORS[error];
  throw new ToolError(
    "provider_error",
    "bad_gateway",
    `slack ${method} failed: ${error}${meaning ? ` (${meaning})` : ""}${needed ? `; needed scope: ${needed}` : ""}.`,
    {
      provider: "slack",
      provider_status: 200,
      provider_error: error,
      ...(needed ? { needed_scope: needed } : {}),
      ...(provided ? { provided_scopes: provided } : {}),
    },
  );
}

// --- Wire formats (only the fields read) -------------------------------------------------------------------

const ZChannel = z.object({
  id: z.string(),
  name: z.string(),
  is_private: z.boolean().default(false),
  is_archived: z.boolean().default(false),
  is_member: z.boolean().default(false),
  num_members: z.number().int().nullable().optional(),
  created: z.number().nullable().optional(),
  topic: z.object({ value: z.string() }).nullable().optional(),
  purpose: z.object({ value: z.string() }).nullable().optional(),
});
const ZChannels = z.object({ ok: z.literal(true), channels: z.array(ZChannel) });

const ZCursor = z.object({ response_metadata: z.object({ next_cursor: z.string().optional() }).optional() });

const ZPosted = z.object({ ok: z.literal(true), channel: z.string(), ts: z.string() });

// --- Tools ---------------------------------------------------------------------------------------------------

export const slackListChannels = defineTool({
  name: "slack.list_channels",
  title: "List channels",
  description:
    "Channels of the Slack workspace the bot can see: id, name, whether it is private or archived, whether the bot is a member (it can post only where it is), member count, topic and purpose. Use the id with slack.post_message. Private channels need the groups:read scope and appear only when the bot was invited.",
  providers: ["slack"],
  requiredScopes: ["channels:read"],
  access: "read",
  input: z.object({
    include_private: z
      .boolean()
      .default(false)
      .describe("Also private channels the bot is in (needs groups:read)"),
    include_archived: z.boolean().default(false),
    max_results: ZMaxResults(1_000),
  }),
  output: z.object({
    channels: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        is_private: z.boolean(),
        is_archived: z.boolean(),
        is_member: z.boolean(),
        members: z.number().int().nullable(),
        topic: z.string().nullable(),
        purpose: z.string().nullable(),
        created_at: z.string().nullable(),
      }),
    ),
    count: z.number().int(),
    ...ZPartial,
  }),
  async run(tctx, input) {
    // readPages rather than the core's paginate: Slack's `ok: false` must reach the caller as Slack's error, not as
    // "an answer of the wrong shape".
    const page = await readPages(tctx, {
      first: {
        path: "/conversations.list",
        query: {
          types: input.include_private ? "public_channel,private_channel" : "public_channel",
          exclude_archived: !input.include_archived,
          limit: 200,
        },
      },
      items: (b) => ZChannels.parse(slackOk("conversations.list", b)).channels,
      next: (req, b) => {
        const cursor = ZCursor.parse(b).response_metadata?.next_cursor;
        return cursor ? { ...req, query: { ...req.query, cursor } } : null;
      },
      maxItems: input.max_results,
      maxPages: pageCap(input.max_results, 200),
    });
    const channels = page.items.slice(0, input.max_results).map((c) => ({
      id: c.id,
      name: c.name,
      is_private: c.is_private,
      is_archived: c.is_archived,
      is_member: c.is_member,
      members: c.num_members ?? null,
      topic: c.topic?.value || null,
      purpose: c.purpose?.value || null,
      created_at: typeof c.created === "number" ? new Date(c.created * 1000).toISOString() : null,
    }));
    return { channels, count: channels.length, partial: page.partial, pages: page.pages };
  },
});

async function postMessage(
  tctx: TToolContext,
  input: { channel: string; text: string; thread_ts?: string | undefined },
) {
  const res = await tctx.request({
    method: "POST",
    path: "/chat.postMessage",
    headers: { "content-type": "application/json; charset=utf-8" },
    body: {
      channel: input.channel,
      text: input.text,
      ...(input.thread_ts ? { thread_ts: input.thread_ts } : {}),
    },
  });
  return ZPosted.parse(slackOk("chat.postMessage", await res.json()));
}

export const slackPostMessage = defineTool({
  name: "slack.post_message",
  title: "Post a message",
  description:
    "Posts a message as the bot to a Slack channel (by id such as C0123ABCD, or #name) — the one tool that changes something: it needs an API key with the tools:write scope and a connection granted chat:write. The bot must be a member of the channel. Optionally replies in a thread (thread_ts). Returns the channel id and the message's ts (its id). Not retried on failure, so a message is never posted twice.",
  providers: ["slack"],
  requiredScopes: ["chat:write"],
  access: "write",
  input: z.object({
    channel: z.string().min(1).max(100).describe("Channel id (C…, G…) or #name"),
    text: z.string().min(1).max(40_000).describe("Message text (Slack mrkdwn)"),
    thread_ts: z
      .string()
      .regex(/^\d+\.\d+$/, "a Slack message ts such as 1764590400.000100")
      .optional()
      .describe("Reply in the thread of this message"),
  }),
  output: z.object({ channel: z.string(), ts: z.string(), thread_ts: z.string().nullable() }),
  async run(tctx, input) {
    const posted = await postMessage(tctx, input);
    return { channel: posted.channel, ts: posted.ts, thread_ts: input.thread_ts ?? null };
  },
});

export const slackTools: readonly TAnyTool[] = [slackListChannels, slackPostMessage];
