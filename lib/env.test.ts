import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { derivedSecret, embeddedSharedBuffers, ENV_VARIABLES, EnvError, parseEnv } from "@/lib/env";

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

const API_KEY_SECRET = "api-key-secret-0123456789abcdef0123456789abcdef";
const VAULT = `k1:${Buffer.from("0123456789abcdefghijklmnopqrstuv").toString("base64")}`;
const pg = (extra: Record<string, string> = {}) =>
  parseEnv({
    DATABASE_URL: "postgresql://x@127.0.0.1/db",
    NEXTAUTH_SECRET: "nextauth-secret-0123456789abcdef0123456789abcdef",
    PATCHBAY_API_KEY_SECRET: API_KEY_SECRET,
    PATCHBAY_VAULT_KEYS: VAULT,
    PATCHBAY_DATA_DIR: tmp(),
    ...extra,
  });

describe("finding 10: .env.example lists every variable lib/env.ts reads", () => {
  it("has exactly the schema's variables", () => {
    const text = fs.readFileSync(path.join(process.cwd(), ".env.example"), "utf8");
    const listed = [...text.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!);
    expect([...new Set(listed)].sort()).toEqual([...ENV_VARIABLES].sort());
  });

  it("no PATCHBAY_* variable is read from process.env outside lib/env.ts", () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, entry.name);
        if (entry.isDirectory()) {
          if (entry.name !== "generated") walk(p);
        } else if (
          /\.tsx?$/.test(entry.name) &&
          !/\.test\.tsx?$/.test(entry.name) &&
          p !== path.join("lib", "env.ts")
        ) {
          if (/process\.env\.PATCHBAY_/.test(fs.readFileSync(p, "utf8"))) offenders.push(p);
        }
      }
    };
    walk("lib");
    expect(offenders).toEqual([]);
  });
});

describe("finding 10: keys read from .data/secrets.json are validated like env keys", () => {
  const withFile = (patch: Record<string, unknown>) => {
    const dir = tmp();
    parseEnv({ PATCHBAY_DATA_DIR: dir }); // generates a good file
    const file = path.join(dir, "secrets.json");
    const good = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    fs.writeFileSync(file, JSON.stringify({ ...good, ...patch }));
    return () => parseEnv({ PATCHBAY_DATA_DIR: dir });
  };

  it("refuses a weak or malformed vault key, and a short secret, naming the file", () => {
    expect(withFile({ PATCHBAY_VAULT_KEYS: `k1:${Buffer.alloc(32, 1).toString("base64")}` })).toThrow(
      /secrets\.json: PATCHBAY_VAULT_KEYS: key "k1" is too weak/,
    );
    expect(withFile({ PATCHBAY_VAULT_KEYS: "k1:c2hvcnQ=" })).toThrow(/must be 32 bytes/);
    expect(withFile({ PATCHBAY_API_KEY_SECRET: "short" })).toThrow(/secrets\.json: PATCHBAY_API_KEY_SECRET/);
    expect(withFile({ NEXTAUTH_SECRET: 42 })).toThrow(EnvError);
  });

  it("does not judge a file value the environment overrides", () => {
    const dir = tmp();
    parseEnv({ PATCHBAY_DATA_DIR: dir });
    const file = path.join(dir, "secrets.json");
    const good = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
    fs.writeFileSync(file, JSON.stringify({ ...good, PATCHBAY_VAULT_KEYS: "k1:c2hvcnQ=" }));
    expect(parseEnv({ PATCHBAY_DATA_DIR: dir, PATCHBAY_VAULT_KEYS: VAULT }).vaultKeys[0]!.id).toBe("k1");
  });

  it("never prints the key itself", () => {
    const weak = `k1:${Buffer.alloc(32, 7).toString("base64")}`;
    try {
      withFile({ PATCHBAY_VAULT_KEYS: weak })();
    } catch (err) {
      expect(String(err)).not.toContain(weak.slice(3));
    }
  });
});

describe("finding 10: one secret per purpose, derived with HKDF, each overridable", () => {
  it("keeps the API-key secret as configured and derives distinct invite, OAuth-state and Sandbox secrets", () => {
    const e = pg();
    expect(e.apiKeySecret).toBe(API_KEY_SECRET); // stored API-key hashes stay valid
    const all = [e.apiKeySecret, e.secrets.invite, e.secrets.oauthState, e.sandboxClientSecret];
    expect(new Set(all).size).toBe(4);
    expect(e.secrets.invite).toBe(derivedSecret(API_KEY_SECRET, "invite"));
    expect(e.secrets.oauthState).toBe(derivedSecret(API_KEY_SECRET, "oauth-state"));
    expect(e.sandboxClientSecret).toBe(derivedSecret(API_KEY_SECRET, "sandbox-client"));
    expect(e.secrets.legacyInvite).toBe(API_KEY_SECRET);
    expect(pg().secrets).toEqual(e.secrets); // deterministic: every instance derives the same
  });

  it("an explicit per-purpose variable rotates that purpose alone", () => {
    const e = pg({ PATCHBAY_OAUTH_STATE_SECRET: "rotated-oauth-state-secret-0123456789abcdef" });
    expect(e.secrets.oauthState).toBe("rotated-oauth-state-secret-0123456789abcdef");
    expect(e.secrets.invite).toBe(pg().secrets.invite);
    expect(e.apiKeySecret).toBe(API_KEY_SECRET);
    expect(() => pg({ PATCHBAY_INVITE_SECRET: "short" })).toThrow(
      /PATCHBAY_INVITE_SECRET must be at least 32/,
    );
  });
});

describe("PATCHBAY_EMBEDDED_SHARED_BUFFERS", () => {
  it("is a Postgres size, 16MB by default; start-up refuses anything else", () => {
    expect(embeddedSharedBuffers({})).toBe("16MB");
    expect(embeddedSharedBuffers({ PATCHBAY_EMBEDDED_SHARED_BUFFERS: "128MB" })).toBe("128MB");
    expect(embeddedSharedBuffers({ PATCHBAY_EMBEDDED_SHARED_BUFFERS: "512kB" })).toBe("512kB");
    // never handed to Postgres as written: a value with anything else in it is not a setting of ours
    expect(embeddedSharedBuffers({ PATCHBAY_EMBEDDED_SHARED_BUFFERS: "16MB\nfsync=off" })).toBe("16MB");
    expect(() => parseEnv({ PATCHBAY_EMBEDDED_SHARED_BUFFERS: "lots", PATCHBAY_DATA_DIR: tmp() })).toThrow(
      /PATCHBAY_EMBEDDED_SHARED_BUFFERS is a size such as 16MB/,
    );
  });
});
