import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), "pb-env-"));

describe("parseEnv", () => {
  it("embedded mode generates secrets once and keeps them", () => {
    const dir = tmp();
    const a = parseEnv({ PATCHBAY_DATA_DIR: dir });
    const b = parseEnv({ PATCHBAY_DATA_DIR: dir });
    expect(a.embedded).toBe(true);
    expect(a.authSecret.length).toBeGreaterThanOrEqual(32);
    expect(b.authSecret).toBe(a.authSecret);
    expect(b.apiKeySecret).toBe(a.apiKeySecret);
    expect((fs.statSync(path.join(dir, "secrets.json")).mode & 0o777).toString(8)).toBe("600");
    expect(a.appUrl).toBe("http://localhost:3000");
  });

  it("PostgreSQL mode requires real secrets and says which", () => {
    const run = () => parseEnv({ DATABASE_URL: "postgresql://x@127.0.0.1/db", PATCHBAY_DATA_DIR: tmp() });
    expect(run).toThrow(EnvError);
    expect(run).toThrow(/NEXTAUTH_SECRET is required when DATABASE_URL is set/);
    expect(run).toThrow(/PATCHBAY_API_KEY_SECRET/);
  });

  it("explains bad values", () => {
    expect(() => parseEnv({ APP_URL: "not a url", PATCHBAY_DATA_DIR: tmp() })).toThrow(
      /APP_URL must be an absolute URL/,
    );
    expect(() => parseEnv({ NEXTAUTH_SECRET: "short", PATCHBAY_DATA_DIR: tmp() })).toThrow(
      /at least 32 characters/,
    );
    expect(() => parseEnv({ OIDC_ISSUER: "https://idp.example", PATCHBAY_DATA_DIR: tmp() })).toThrow(
      /all three of OIDC_ISSUER/,
    );
    expect(() => parseEnv({ DATABASE_URL: "mysql://x", PATCHBAY_DATA_DIR: tmp() })).toThrow(
      /postgresql:\/\//,
    );
  });
});

describe("parseEnv, embedded with some secrets given", () => {
  it("fills the missing ones (vault key ring) from the data directory", () => {
    const dir = tmp();
    const e = parseEnv({
      PATCHBAY_DATA_DIR: dir,
      NEXTAUTH_SECRET: "x".repeat(40),
      PATCHBAY_API_KEY_SECRET: "y".repeat(40),
    });
    expect(e.authSecret).toBe("x".repeat(40));
    expect(e.vaultKeys).toHaveLength(1);
    expect(e.vaultKeys[0]!.key.length).toBe(32);
  });
});
