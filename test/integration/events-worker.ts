// A second (and third) Patchbay process for events-outbox.int.test.ts. Run with tsx:
//   node --import tsx test/integration/events-worker.ts change <teamId> <userId> <connectionId>
//       starts the job sender like an app at boot, disables the connection (the change, its event, delivery row
//       and delivery job commit together), prints "COMMITTED", then
//       waits to be killed — it runs no workers, so nothing of it is delivered by this process.
//   node --import tsx test/integration/events-worker.ts change-cold <teamId> <userId> <connectionId>
//       the same without starting the job sender first (and it is not killed: its deferred jobs must go out)
//   node --import tsx test/integration/events-worker.ts work [sweepEveryMs]
//       starts the event workers (EVENT_JOBS) like an app instance, prints "READY"; with sweepEveryMs it also
//       runs the stalled-delivery sweep that often (in production a cron job does, once a minute). Ends when
//       stdin closes.
import { updateConnection } from "@/lib/connections/manage-connection";
import { disconnectDb } from "@/lib/db";
import { prepareEventQueue } from "@/lib/events/emit-event";
import { EVENT_JOBS, sweepStalledDeliveries } from "@/lib/events/jobs";
import { setOutboundPolicyForTests } from "@/lib/outbound/guarded-fetch";
import { startWorkers, stopQueue } from "@/lib/queue/queue";

setOutboundPolicyForTests({ allowPrivate: true }); // the test's receiver is on 127.0.0.1
const [mode, ...args] = process.argv.slice(2);

if (mode === "change" || mode === "change-cold") {
  const [teamId, userId, connectionId] = args;
  if (!teamId || !userId || !connectionId) process.exit(2);
  // What an app instance's boot does (startWorkers), without its workers. "change-cold" skips it: the first
  // event of the process is emitted with no job sender started (emitEvent's deferred path).
  if (mode === "change") await prepareEventQueue();
  await updateConnection(
    {
      actor: { kind: "user", userId, sessionId: "events-worker", isSuperuser: false },
      teamId,
      role: "owner",
    },
    connectionId,
    { enabled: false },
  );
  process.stdout.write("COMMITTED\n");
  await new Promise(() => undefined); // killed here, with the event committed and not delivered
} else if (mode === "work") {
  const sweepMs = Number(args[0] ?? 0);
  await startWorkers(EVENT_JOBS);
  const timer =
    sweepMs > 0 ? setInterval(() => void sweepStalledDeliveries(0).catch(() => undefined), sweepMs) : null;
  process.stdout.write("READY\n");
  process.stdin.resume();
  await new Promise((r) => process.stdin.once("end", r));
  if (timer) clearInterval(timer);
  await stopQueue(2_000);
  await disconnectDb();
} else {
  process.stderr.write(
    "usage: events-worker.ts change <teamId> <userId> <connectionId> | work [sweepEveryMs]\n",
  );
  process.exit(2);
}
