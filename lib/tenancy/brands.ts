// Brand use-cases. (Grouped: each is a few lines around one repo call.)
import { toPage, type TPageQuery } from "@/lib/pagination";
import { invalidateHere } from "@/lib/cache-bus/bus";
import { ALL_IDS, CONNECTION_ROW_TOPIC } from "@/lib/cache-bus/topics";
import { recordAudit } from "@/lib/audit/record-audit";
import type { TAuthContext } from "@/lib/actor";
import { AppError, notFound } from "@/lib/errors";
import { Prisma } from "@/lib/generated/prisma/client";
import { deleteBrandRow, findBrand, findBrands, insertBrand, renameBrandRow } from "@/lib/tenancy/repo";
import { toBrandView } from "@/lib/tenancy/schemas";

function duplicateName(err: unknown): never {
  if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") {
    throw new AppError("conflict", {
      message: "A brand with this name already exists.",
      details: { field: "name" },
    });
  }
  throw err;
}

export async function listBrands(ctx: TAuthContext) {
  return (await findBrands({ teamId: ctx.teamId })).map(toBrandView);
}

/** GET /api/v1/brands: one page, oldest first (the first brand is the team's default). */
export async function listBrandPage(ctx: TAuthContext, q: TPageQuery) {
  const rows = await findBrands({ teamId: ctx.teamId }, { take: q.limit + 1, after: q.cursor });
  return toPage(rows, q.limit, toBrandView);
}

export async function getBrandOrThrow(ctx: TAuthContext, brandId: string) {
  const brand = await findBrand({ teamId: ctx.teamId }, brandId);
  if (!brand) throw notFound("Brand");
  return toBrandView(brand);
}

export async function createBrand(ctx: TAuthContext, name: string) {
  const brand = await insertBrand({ teamId: ctx.teamId }, name).catch(duplicateName);
  await recordAudit(ctx, "brand.created", { type: "brand", id: brand.id }, { name });
  return toBrandView(brand);
}

export async function renameBrand(ctx: TAuthContext, brandId: string, name: string) {
  const brand = await renameBrandRow({ teamId: ctx.teamId }, brandId, name).catch(duplicateName);
  if (!brand) throw notFound("Brand");
  await recordAudit(ctx, "brand.renamed", { type: "brand", id: brand.id }, { name });
  return toBrandView(brand);
}

export async function deleteBrand(ctx: TAuthContext, brandId: string) {
  const result = await deleteBrandRow({ teamId: ctx.teamId }, brandId);
  if (result === "not_found") throw notFound("Brand");
  if (result === "last_brand") {
    throw new AppError("conflict", {
      message: "A team needs at least one brand; create another before deleting this one.",
    });
  }
  invalidateHere(CONNECTION_ROW_TOPIC, ALL_IDS); // the brand's connections went with it (a cascade the connection repo never sees)
  await recordAudit(ctx, "brand.deleted", { type: "brand", id: brandId });
}
