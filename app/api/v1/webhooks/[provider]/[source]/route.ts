// Inbound provider webhooks for a team's provider app, or one connection's automatically registered endpoint;
// GET answers the providers' challenges. Defined in lib/listener/routes.ts, also served by the dedicated listener.
import { sourceWebhookGet, sourceWebhookPost } from "@/lib/listener/routes";

export const dynamic = "force-dynamic";

export { sourceWebhookPost as POST, sourceWebhookGet as GET };
