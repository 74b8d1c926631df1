import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { sessionContextFromCookies } from "@/lib/auth/session-context";
import { listBrands } from "@/lib/tenancy/brands";
import { BRAND_COOKIE, type TSessionContext } from "@/lib/tenancy/resolve-context";
import type { TBrandView } from "@/lib/tenancy/schemas";

export type TDashboardContext = TSessionContext & { brands: TBrandView[]; brand: TBrandView };

/** For dashboard pages: the signed-in user's team, role and selected brand — or a redirect to sign-in. */
export async function requireDashboardContext(): Promise<TDashboardContext> {
  const ctx = await sessionContextFromCookies();
  if (!ctx) redirect("/login");
  const brands = await listBrands(ctx);
  const wanted = (await cookies()).get(BRAND_COOKIE)?.value;
  const brand = brands.find((b) => b.id === wanted) ?? brands[0];
  if (!brand) throw new Error("team has no brand"); // invariant: deleteBrand refuses the last one
  return { ...ctx, brands, brand };
}
