// The provider form: /api/v1/proxy/{provider}/… with the connection named by a header (Connection-Id; partner
// accounts add X-Account-Id through lib/proxy/resolve-target.ts). Same core, same streaming. Defined in
// lib/listener/routes.ts, which the dedicated listener (PATCHBAY_PROXY_PORT) serves as well.
import { providerProxyRoute as handler } from "@/lib/listener/routes";

export const dynamic = "force-dynamic";

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
export { handler as HEAD, handler as OPTIONS };
