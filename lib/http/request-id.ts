import crypto from "node:crypto";

export const newRequestId = () => `req_${crypto.randomBytes(9).toString("base64url")}`;
