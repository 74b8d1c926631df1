import crypto from "node:crypto";

// 9 random bytes per id, taken from a pool filled 512 ids at a time: one CSPRNG call per 512 requests instead of
// one per request (it showed in the proxy's profile). Ids are not secrets; they only need to be unique.
const ID_BYTES = 9;
const POOL_IDS = 512;
let pool = Buffer.alloc(0);
let offset = 0;

export const newRequestId = (): string => {
  if (offset + ID_BYTES > pool.length) {
    pool = crypto.randomBytes(ID_BYTES * POOL_IDS);
    offset = 0;
  }
  const id = pool.toString("base64url", offset, offset + ID_BYTES);
  offset += ID_BYTES;
  return `req_${id}`;
};
