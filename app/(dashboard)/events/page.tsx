// Live without reload by React Query polling (every 2 s while the tab is visible), not server-sent events: the
// data is written by whichever instance ran the job, and on the embedded database LISTEN/NOTIFY does not cross
// connections, so an SSE route would itself have to poll the database per open page — SSE would only move the
// same indexed query server-side while adding a long-lived connection per tab. Polling the server action is one
// small query, works behind any proxy, and stops when the tab is hidden.
import { redirect } from "next/navigation";
import { EventLog } from "@/components/events/event-log";
import { PageHeader } from "@/components/ui/card";
import { hasRole } from "@/lib/actor";
import { requireDashboardContext } from "@/lib/auth/dashboard-context";
import { listEndpoints } from "@/lib/events/endpoints";
import { listEvents } from "@/lib/events/event-log";

export default async function EventsPage() {
  const ctx = await requireDashboardContext();
  if (!ctx.role || !hasRole(ctx.role, "admin")) redirect("/");
  const [initial, endpoints] = await Promise.all([listEvents(ctx, { limit: 50 }), listEndpoints(ctx)]);
  return (
    <>
      <PageHeader
        title="Events"
        description="What happened to your connections, and each delivery to your endpoints — every attempt with its status and latency."
      />
      <section aria-labelledby="outbound-events" className="space-y-3">
        <h2 id="outbound-events" className="text-lg font-medium">
          Outbound events
        </h2>
        <EventLog initial={initial} endpoints={endpoints.map((e) => ({ id: e.id, url: e.url }))} />
      </section>
      {/* Inbound provider events (received webhooks) go in their own section below. */}
    </>
  );
}
