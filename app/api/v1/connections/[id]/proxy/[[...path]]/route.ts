// Any method, any path under the connection's API base: the provider's answer, streamed (lib/proxy). Defined in
// lib/listener/routes.ts, which the dedicated listener (PATCHBAY_PROXY_PORT) serves as well.
import { connectionProxyRoute as handler } from "@/lib/listener/routes";

export const dynamic = "force-dynamic";

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
export { handler as HEAD, handler as OPTIONS };
