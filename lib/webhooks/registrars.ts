// Automatic registration, one entry per `webhooks.registration` kind on the provider entry (providers are data:
// the kinds are the named quirks, like lib/oauth/hooks). Each registers Patchbay's endpoint for the entry's
// events at the provider's real API and removes it again; every remote object is recorded the moment it exists,
// so a retry after a partial failure continues instead of registering twice.
import crypto from "node:crypto";
import type { TProvider } from "@/lib/providers/schemas";
import { RegistrationFailed, type TProviderApi } from "./provider-api";

export type TRemote = { key: string; id: string };

export type TRegisterContext = {
  api: TProviderApi;
  provider: TProvider;
  connection: { id: string; settings: Record<string, unknown> };
  done: readonly TRemote[];
  record: (r: TRemote) => Promise<void>;
  /** The app-wide endpoint this connection's deliveries arrive at (Shopify: signed with the app secret). */
  appEndpointUrl: () => Promise<string>;
  /** This connection's own endpoint; `secret` (when given) replaces its signing secrets. */
  connectionEndpoint: (secret?: string) => Promise<{ url: string; secret: string | null }>;
};

export type TRegistrar = {
  register(c: TRegisterContext): Promise<{ configured: boolean; message?: string }>;
  remove(api: TProviderApi, remotes: readonly TRemote[]): Promise<void>;
};

const isDone = (c: TRegisterContext, key: string) => c.done.some((d) => d.key === key);

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

// ---- Shopify: GraphQL Admin API webhookSubscriptionCreate / webhookSubscriptionDelete ------------------------
// (the REST Admin API is legacy since 2024-10). `callbackUrl` is the field of the pinned version 2025-07; `uri`
// replaces it from 2025-10.

const SHOPIFY_CREATE = `mutation webhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
    webhookSubscription { id topic }
    userErrors { field message }
  }
}`;
const SHOPIFY_DELETE = `mutation webhookSubscriptionDelete($id: ID!) {
  webhookSubscriptionDelete(id: $id) {
    deletedWebhookSubscriptionId
    userErrors { field message }
  }
}`;

/** "orders/create" → "ORDERS_CREATE" (the GraphQL enum of a REST topic). */
export const shopifyTopic = (event: string) => event.replace(/[/.]/g, "_").toUpperCase();

function shopifyPayload(json: unknown, field: string): Record<string, unknown> {
  const root = obj(json);
  const errors = root.errors;
  if (errors) throw new RegistrationFailed(`Shopify GraphQL error: ${JSON.stringify(errors).slice(0, 300)}`);
  const payload = obj(obj(root.data)[field]);
  const userErrors = Array.isArray(payload.userErrors) ? payload.userErrors : [];
  if (userErrors.length)
    throw new RegistrationFailed(
      `Shopify refused: ${userErrors.map((e) => String(obj(e).message)).join("; ")}`,
    );
  return payload;
}

const shopify: TRegistrar = {
  async register(c) {
    const url = await c.appEndpointUrl();
    for (const event of c.provider.webhooks!.events) {
      const topic = shopifyTopic(event);
      if (isDone(c, topic)) continue;
      const res = await c.api("POST", "/graphql.json", {
        json: {
          query: SHOPIFY_CREATE,
          variables: { topic, webhookSubscription: { callbackUrl: url, format: "JSON" } },
        },
      });
      const id = obj(shopifyPayload(res.json, "webhookSubscriptionCreate").webhookSubscription).id;
      if (typeof id !== "string") throw new RegistrationFailed("Shopify returned no subscription id");
      await c.record({ key: topic, id });
    }
    return { configured: true };
  },
  async remove(api, remotes) {
    for (const r of remotes) {
      const res = await api("POST", "/graphql.json", {
        json: { query: SHOPIFY_DELETE, variables: { id: r.id } },
      });
      shopifyPayload(res.json, "webhookSubscriptionDelete");
    }
  },
};

// ---- Stripe: POST /v1/webhook_endpoints returns the endpoint's own signing secret (whsec_…), once -----------

const stripe: TRegistrar = {
  async register(c) {
    if (isDone(c, "endpoint")) return { configured: true };
    const { url } = await c.connectionEndpoint();
    const form = new URLSearchParams();
    form.set("url", url);
    for (const e of c.provider.webhooks!.events) form.append("enabled_events[]", e);
    form.set("description", "Patchbay");
    form.set("metadata[patchbay_connection]", c.connection.id);
    const res = await c.api("POST", "/webhook_endpoints", { form });
    const body = obj(res.json);
    if (typeof body.id !== "string" || typeof body.secret !== "string")
      throw new RegistrationFailed("Stripe returned no endpoint id or secret");
    // The secret first, then the id: if recording the id fails, the retry registers again (and the orphan is
    // listed in Stripe's dashboard) — never an endpoint whose deliveries we cannot verify.
    await c.connectionEndpoint(body.secret);
    await c.record({ key: "endpoint", id: body.id });
    return { configured: true };
  },
  async remove(api, remotes) {
    for (const r of remotes) await api("DELETE", `/webhook_endpoints/${encodeURIComponent(r.id)}`);
  },
};

// ---- GitHub: repository hooks with a secret Patchbay generates per connection -------------------------------
// Which repositories: the connection setting `webhook_repositories` (["owner/name", …]).

const REPO = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/;

export function githubRepositories(settings: Record<string, unknown>): string[] {
  const v = settings.webhook_repositories;
  return Array.isArray(v) ? v.filter((r): r is string => typeof r === "string" && REPO.test(r)) : [];
}

const github: TRegistrar = {
  async register(c) {
    const repos = githubRepositories(c.connection.settings);
    if (repos.length === 0)
      return {
        configured: false,
        message:
          'No repositories chosen: set the connection setting "webhook_repositories" to ["owner/repo", …].',
      };
    let endpoint = await c.connectionEndpoint();
    if (!endpoint.secret) endpoint = await c.connectionEndpoint(crypto.randomBytes(32).toString("base64url"));
    const secret = endpoint.secret;
    for (const repo of repos) {
      const key = `repo:${repo}`;
      if (isDone(c, key)) continue;
      const res = await c.api("POST", `/repos/${repo}/hooks`, {
        json: {
          name: "web",
          active: true,
          events: c.provider.webhooks!.events,
          config: { url: endpoint.url, content_type: "json", secret, insecure_ssl: "0" },
        },
      });
      const id = obj(res.json).id;
      if (typeof id !== "number" && typeof id !== "string")
        throw new RegistrationFailed("GitHub returned no hook id");
      await c.record({ key, id: String(id) });
    }
    return { configured: true };
  },
  async remove(api, remotes) {
    for (const r of remotes) {
      const repo = r.key.replace(/^repo:/, "");
      if (REPO.test(repo)) await api("DELETE", `/repos/${repo}/hooks/${encodeURIComponent(r.id)}`);
    }
  },
};

export const REGISTRARS = {
  shopify_graphql: shopify,
  stripe_webhook_endpoints: stripe,
  github_repo_hooks: github,
} as const satisfies Record<NonNullable<TProvider["webhooks"]>["registration"] & string, TRegistrar>;
