import os from "node:os";
import path from "node:path";
import { inject } from "vitest";

// Test-only secrets: fixed so failures reproduce; never used outside tests.
process.env.DATABASE_URL = inject("databaseUrl");
process.env.NEXTAUTH_SECRET = "test-nextauth-secret-0123456789abcdef0123456789";
process.env.PATCHBAY_API_KEY_SECRET = "test-api-key-secret-0123456789abcdef0123456789";
process.env.PATCHBAY_VAULT_KEYS = `old:${Buffer.alloc(32, "old-test-key-0123456789abcdefgh").toString("base64")},new:${Buffer.from("new-test-key-0123456789ABCDEFGHIJ").subarray(0, 32).toString("base64")}`;
process.env.PATCHBAY_DATA_DIR = path.join(os.tmpdir(), "patchbay-vitest");
process.env.APP_URL = "http://localhost:3999";
process.env.LOG_LEVEL ??= "warn";
process.env.PATCHBAY_SANDBOX = "true";
process.env.PATCHBAY_SANDBOX_PORT = "0";
