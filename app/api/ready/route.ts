import { checkReadiness } from "@/lib/health/check-readiness";
import { defineRoute } from "@/lib/http/define-route";

export const dynamic = "force-dynamic";

export const GET = defineRoute({ auth: "public" }, async () => {
  const r = await checkReadiness();
  return Response.json(r, { status: r.ready ? 200 : 503 });
});
