import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/auth-options";

export const dynamic = "force-dynamic";

type TNextAuthCtx = { params: Promise<{ nextauth: string[] }> };

// next-auth v4 expects synchronous params; Next 16 passes a promise.
async function handler(req: Request, ctx: TNextAuthCtx) {
  const params = await ctx.params;
  return (
    NextAuth(authOptions()) as (r: Request, c: { params: { nextauth: string[] } }) => Promise<Response>
  )(req, { params });
}

export { handler as GET, handler as POST };
