import { z } from "zod";

export const ZEmail = z.string().trim().toLowerCase().pipe(z.email("Enter a valid e-mail address").max(254));
export const ZPassword = z
  .string()
  .min(10, "Use at least 10 characters")
  .max(200, "Use at most 200 characters");

export const ZSignUpInput = z
  .object({
    email: ZEmail,
    password: ZPassword,
    name: z.string().trim().max(100).optional(),
    team_name: z.string().trim().min(1, "Name your team").max(80).optional(),
    invite_token: z.string().max(200).optional(),
  })
  .strict();
export type TSignUpInput = z.infer<typeof ZSignUpInput>;

export const ZBrandName = z
  .string()
  .trim()
  .min(1, "Give the brand a name")
  .max(80, "Use at most 80 characters");
export const ZCreateBrandInput = z.object({ name: ZBrandName }).strict();
export const ZRenameBrandInput = z.object({ name: ZBrandName }).strict();

export const ZRole = z.enum(["owner", "admin", "member"]);
export const ZCreateInviteInput = z
  .object({ role: ZRole.default("member"), email: ZEmail.optional() })
  .strict();
export type TCreateInviteInput = z.infer<typeof ZCreateInviteInput>;
export const ZChangeRoleInput = z.object({ role: ZRole }).strict();

export const ZOrigin = z
  .string()
  .trim()
  .refine((s) => {
    try {
      const u = new URL(s);
      return (u.protocol === "https:" || u.protocol === "http:") && u.origin === s.replace(/\/$/, "");
    } catch {
      return false;
    }
  }, "Each origin must be scheme://host[:port] with no path, e.g. https://app.example.com");

export const ZUpdateTeamInput = z
  .object({
    name: z.string().trim().min(1, "Name your team").max(80).optional(),
    allowed_origins: z.array(ZOrigin).max(20).optional(),
  })
  .strict();
export type TUpdateTeamInput = z.infer<typeof ZUpdateTeamInput>;

export const ZBrandView = z.object({ id: z.string(), name: z.string(), created_at: z.string() });
export type TBrandView = z.infer<typeof ZBrandView>;
export const toBrandView = (b: { id: string; name: string; createdAt: Date }): TBrandView => ({
  id: b.id,
  name: b.name,
  created_at: b.createdAt.toISOString(),
});
