// Re-saving a provider's OAuth app must not lose what the form never shows: the client secret (already kept) and
// secret settings such as Google Ads' developer token. Found while closing finding 9: an update without the
// developer token deleted it, and every Google Ads call then failed.
import { describe, expect, it } from "vitest";
import { configureOAuthApp } from "@/lib/providers/configure-app";
import { resolveOAuthApp } from "@/lib/providers/resolve-app";
import { makeOwner } from "../factories";

describe("updating a provider app keeps its secrets", () => {
  it("an update without the developer token keeps the stored one; a new value replaces it", async () => {
    const owner = await makeOwner();
    await configureOAuthApp(owner.ctx, "google-ads", {
      level: "team",
      client_id: "ads-client.apps.googleusercontent.com",
      client_secret: "first-client-secret-value",
      settings: { developer_token: "dev-token-one-1234567890" },
    });
    // the dashboard's "Set OAuth app" again, changing only the client id
    await configureOAuthApp(owner.ctx, "google-ads", {
      level: "team",
      client_id: "ads-client-2.apps.googleusercontent.com",
      settings: {},
    });
    const kept = await resolveOAuthApp(owner.teamId, "google-ads");
    expect(kept?.clientId).toBe("ads-client-2.apps.googleusercontent.com");
    expect(kept?.clientSecret).toBe("first-client-secret-value");
    expect(kept?.secretSettings).toEqual({ developer_token: "dev-token-one-1234567890" });

    await configureOAuthApp(owner.ctx, "google-ads", {
      level: "team",
      client_id: "ads-client-2.apps.googleusercontent.com",
      settings: { developer_token: "dev-token-two-1234567890" },
    });
    expect((await resolveOAuthApp(owner.teamId, "google-ads"))?.secretSettings).toEqual({
      developer_token: "dev-token-two-1234567890",
    });
  });
});
