// Inbound provider webhooks for the instance's provider app (POST, signature verified over the raw body) and the
// providers' challenges (GET). Defined in lib/listener/routes.ts, also served by the dedicated listener.
import { instanceWebhookGet, instanceWebhookPost } from "@/lib/listener/routes";

export const dynamic = "force-dynamic";

export { instanceWebhookPost as POST, instanceWebhookGet as GET };
