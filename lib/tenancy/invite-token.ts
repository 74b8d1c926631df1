import crypto from "node:crypto";
import { env } from "@/lib/env";

export const newInviteToken = () => crypto.randomBytes(24).toString("base64url");
export const hashInviteToken = (token: string) =>
  crypto.createHmac("sha256", env().apiKeySecret).update(`invite:${token}`).digest("hex");
