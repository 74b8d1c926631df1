// The one validated view of process.env. Loaded at start-up (instrumentation.ts) so that a bad value stops the
// server with a clear message instead of failing on the first request.
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { z } from "zod";

const ZSecret = (name: string) =>
  z.string().min(32, `${name} must be at least 32 characters of random data (try: openssl rand -base64 32)`);

const ZBool = z.preprocess(
  (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
  z.enum(["true", "false"]),
);

/** Every variable Patchbay reads (test: lib/env.test.ts checks .env.example lists exactly these). */
const ZEnvShape = {
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  // Read by `npm start` (next start -H); the container's server.js reads HOSTNAME. Validated here only.
  HOST: z.string().min(1).optional(),
  APP_URL: z.url("APP_URL must be an absolute URL such as https://patchbay.example.com").optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgresql:// URL")
    .optional(),
  PATCHBAY_DATA_DIR: z.string().min(1).default(".data"),
  PATCHBAY_SIGNUP: z.enum(["open", "closed"]).default("open"),
  NEXTAUTH_SECRET: ZSecret("NEXTAUTH_SECRET").optional(),
  PATCHBAY_API_KEY_SECRET: ZSecret("PATCHBAY_API_KEY_SECRET").optional(),
  PATCHBAY_VAULT_KEYS: z.string().min(1).optional(),
  PATCHBAY_SANDBOX: z.enum(["true", "false"]).optional(),
  PATCHBAY_SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  PATCHBAY_REFRESH_MARGIN_SECONDS: z.coerce.number().int().min(0).max(86_400).default(600),
  PATCHBAY_HEALTH_CHECK_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 30)
    .default(24),
  PATCHBAY_WORKERS: z.enum(["on", "off"]).default("on"),
  OIDC_ISSUER: z.url("OIDC_ISSUER must be the issuer URL of your identity provider").optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_NAME: z.string().min(1).default("Single sign-on"),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error", "silent"]).default("info"),
  PATCHBAY_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/]/, "PATCHBAY_SMTP_URL must be an smtp:// or smtps:// URL")
    .optional(),
  PATCHBAY_MAIL_FROM: z.string().min(3).max(320).optional(),
  PATCHBAY_TRUSTED_PROXIES: z.string().min(1).optional(),
  PATCHBAY_ALLOW_INSECURE_APP_URL: z.enum(["0", "1"]).optional(),
  // One secret per purpose; unset: derived from PATCHBAY_API_KEY_SECRET with HKDF (see derivedSecret).
  PATCHBAY_INVITE_SECRET: ZSecret("PATCHBAY_INVITE_SECRET").optional(),
  PATCHBAY_OAUTH_STATE_SECRET: ZSecret("PATCHBAY_OAUTH_STATE_SECRET").optional(),
  PATCHBAY_CONNECT_SESSION_SECRET: ZSecret("PATCHBAY_CONNECT_SESSION_SECRET").optional(),
  PATCHBAY_SANDBOX_CLIENT_SECRET: ZSecret("PATCHBAY_SANDBOX_CLIENT_SECRET").optional(),
  // Read live by lib/outbound and lib/oauth through outboundEnv() / tokenTimeoutMs() below; validated here.
  PATCHBAY_OUTBOUND_ALLOW_PRIVATE: ZBool.optional(),
  PATCHBAY_OUTBOUND_ALLOW_HOSTS: z.string().optional(),
  PATCHBAY_OUTBOUND_HOST_MAP: z
    .string()
    .refine((v) => {
      try {
        const j: unknown = JSON.parse(v);
        return Boolean(j) && typeof j === "object" && !Array.isArray(j);
      } catch {
        return false;
      }
    }, "PATCHBAY_OUTBOUND_HOST_MAP must be a JSON object of host → base URL")
    .optional(),
  PATCHBAY_TOKEN_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).optional(),
  // Read live by lib/proxy through proxyEnv() below; validated here.
  PATCHBAY_PROXY_TIMEOUT_MS: z.coerce.number().int().min(1).max(600_000).optional(),
  PATCHBAY_PROXY_MAX_RETRY_WAIT_MS: z.coerce.number().int().min(0).max(120_000).optional(),
  PATCHBAY_PROXY_QUEUE_WAIT_MS: z.coerce.number().int().min(0).max(60_000).optional(),
  PATCHBAY_PROXY_QUEUE_DEPTH: z.coerce.number().int().min(0).max(10_000).optional(),
  // A second listener in the same process serving only the proxy and the inbound-webhook routes (lib/listener),
  // without Next.js routing in front of them. Unset: off (those routes are served on PORT as always).
  PATCHBAY_PROXY_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  PATCHBAY_PROXY_HOST: z.string().min(1).optional(),
  PATCHBAY_DB_POOL: z.coerce.number().int().min(1).max(200).optional(),
  // The embedded database's shared_buffers (PGlite keeps it in the server's own memory): default 16MB.
  PATCHBAY_EMBEDDED_SHARED_BUFFERS: z
    .string()
    .regex(/^[1-9][0-9]{0,6}(kB|MB|GB)$/, "PATCHBAY_EMBEDDED_SHARED_BUFFERS is a size such as 16MB or 128MB")
    .optional(),
  // GET /api/metrics needs "Authorization: Bearer <this>"; unset, the endpoint answers 404.
  PATCHBAY_METRICS_TOKEN: z
    .string()
    .min(16, "PATCHBAY_METRICS_TOKEN must be at least 16 characters")
    .optional(),
  // Graceful shutdown: how long SIGTERM waits for accepted requests (and running jobs) to finish.
  PATCHBAY_SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(20_000),
  // OpenTelemetry traces: off unless an OTLP/HTTP endpoint is set (read by the exporter itself; validated here).
  OTEL_EXPORTER_OTLP_ENDPOINT: z
    .url("OTEL_EXPORTER_OTLP_ENDPOINT must be a URL such as http://collector:4318")
    .optional(),
  OTEL_SERVICE_NAME: z.string().min(1).max(100).optional(),
  // Outbound webhook delivery (lib/events), read live through eventsEnv() below; validated here.
  PATCHBAY_EVENTS_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).optional(),
  PATCHBAY_EVENTS_PAUSE_AFTER: z.coerce.number().int().min(1).max(1000).optional(),
  PATCHBAY_EVENTS_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).optional(),
  PATCHBAY_EVENTS_RETRY_SCALE: z.coerce.number().min(0).max(1).optional(),
};

export const ENV_VARIABLES = Object.keys(ZEnvShape);

const ZEnv = z.object(ZEnvShape).superRefine((env, ctx) => {
  const oidc = [env.OIDC_ISSUER, env.OIDC_CLIENT_ID, env.OIDC_CLIENT_SECRET].filter(Boolean).length;
  if (oidc !== 0 && oidc !== 3) {
    ctx.addIssue({
      code: "custom",
      path: ["OIDC_ISSUER"],
      message: "single sign-on needs all three of OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET",
    });
  }
  if (env.PATCHBAY_VAULT_KEYS) {
    const problem = vaultKeysProblem(env.PATCHBAY_VAULT_KEYS);
    if (problem) ctx.addIssue({ code: "custom", path: ["PATCHBAY_VAULT_KEYS"], message: problem });
  }
  if (env.PATCHBAY_TRUSTED_PROXIES) {
    const problem = trustedProxiesProblem(env.PATCHBAY_TRUSTED_PROXIES);
    if (problem) ctx.addIssue({ code: "custom", path: ["PATCHBAY_TRUSTED_PROXIES"], message: problem });
  }
  if (
    env.NODE_ENV === "production" &&
    env.APP_URL &&
    env.PATCHBAY_ALLOW_INSECURE_APP_URL !== "1" &&
    !isSecureOrLoopback(env.APP_URL)
  ) {
    ctx.addIssue({
      code: "custom",
      path: ["APP_URL"],
      message:
        "APP_URL must be https:// in production (session cookies and OAuth codes would travel in clear text); " +
        "set PATCHBAY_ALLOW_INSECURE_APP_URL=1 only if TLS ends in front of Patchbay on a network you trust",
    });
  }
  if (env.DATABASE_URL) {
    for (const name of ["NEXTAUTH_SECRET", "PATCHBAY_API_KEY_SECRET", "PATCHBAY_VAULT_KEYS"] as const) {
      if (!env[name]) {
        ctx.addIssue({
          code: "custom",
          path: [name],
          message: `${name} is required when DATABASE_URL is set (secrets are generated only in embedded mode)`,
        });
      }
    }
  }
});

export type TEnv = {
  nodeEnv: "development" | "production" | "test";
  port: number;
  appUrl: string;
  appOrigin: string;
  databaseUrl: string | undefined;
  embedded: boolean;
  dataDir: string;
  signup: "open" | "closed";
  authSecret: string;
  /** HMAC key of API keys: PATCHBAY_API_KEY_SECRET itself (stored key hashes depend on it), the master secret. */
  apiKeySecret: string;
  /** One secret per purpose, each overridable by its own variable so it can rotate alone. */
  secrets: { invite: string; legacyInvite: string; oauthState: string; connectSession: string };
  /** Vault key ring, oldest first; the last key seals, every key opens. */
  vaultKeys: TVaultKey[];
  /** The local Sandbox OAuth provider: on in embedded/demo mode, off with DATABASE_URL unless enabled. */
  sandbox: { enabled: boolean; port: number };
  sandboxClientSecret: string;
  /** Proactive refresh: refresh tokens this long before they expire; test connections this often (0 = never). */
  refresh: { marginMs: number; healthCheckMs: number };
  /** Whether this instance works background jobs (off: a web-only instance; it still sends jobs). */
  workers: boolean;
  oidc: { issuer: string; clientId: string; clientSecret: string; name: string } | null;
  logLevel: "debug" | "info" | "warn" | "error" | "silent";
  /** Outgoing mail: SMTP by URL, else null (mail is printed to stdout by the dev mailer). */
  mail: { smtpUrl: string | null; from: string };
  /** Reverse proxies in front of Patchbay whose X-Forwarded-For entries are believed (lib/http/client-ip.ts). */
  trustedProxies: TTrustedProxies;
  /** Bearer token of GET /api/metrics; null: the endpoint does not exist (404). */
  metricsToken: string | null;
  shutdownGraceMs: number;
};

/** none: the socket address is the client; hops: that many proxies in front; cidrs: proxies by address. */
export type TTrustedProxies =
  { kind: "none" } | { kind: "hops"; hops: number } | { kind: "cidrs"; cidrs: string[] };

/** "2" (hop count) or "10.0.0.0/8, 192.168.1.7" (addresses / CIDRs) — null when fine, else what is wrong. */
export function trustedProxiesProblem(spec: string): string | null {
  const s = spec.trim();
  if (/^\d+$/.test(s)) return Number(s) <= 10 ? null : "a hop count above 10 is surely a mistake";
  for (const part of s.split(",").map((p) => p.trim())) {
    const [addr, bits, extra] = part.split("/");
    const family = net.isIP(addr ?? "");
    const max = family === 4 ? 32 : 128;
    if (
      !family ||
      extra !== undefined ||
      (bits !== undefined && !(/^\d+$/.test(bits) && Number(bits) <= max))
    )
      return `"${part}" is neither a hop count nor an IP address / CIDR (e.g. 10.0.0.0/8, fd00::/8)`;
  }
  return null;
}

export function parseTrustedProxies(spec: string | undefined): TTrustedProxies {
  const s = spec?.trim();
  if (!s || s === "0") return { kind: "none" };
  if (/^\d+$/.test(s)) return { kind: "hops", hops: Number(s) };
  return { kind: "cidrs", cidrs: s.split(",").map((p) => p.trim()) };
}

/** https, or plain http to this machine only (local development and the E2E run of the production build). */
function isSecureOrLoopback(appUrl: string): boolean {
  const u = new URL(appUrl);
  if (u.protocol === "https:") return true;
  const host = u.hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127\./.test(host);
}

export class EnvError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "EnvError";
  }
}

export type TVaultKey = { id: string; key: Buffer };

/** "k1:<base64 32 bytes>,k2:<base64 32 bytes>" — null when fine, else what is wrong (never the key itself). */
export function vaultKeysProblem(spec: string): string | null {
  const seen = new Set<string>();
  for (const part of spec.split(",").map((p) => p.trim())) {
    const m = part.match(/^([A-Za-z0-9_-]{1,32}):([A-Za-z0-9+/_=-]+)$/);
    if (!m)
      return `each key must look like <id>:<base64 key>, comma-separated (got an entry of ${part.length} characters)`;
    const [, id, b64] = m as unknown as [string, string, string];
    if (seen.has(id)) return `key id "${id}" appears twice`;
    seen.add(id);
    const key = Buffer.from(b64, "base64");
    if (key.length !== 32)
      return `key "${id}" must be 32 bytes of base64 (openssl rand -base64 32); it decodes to ${key.length}`;
    if (new Set(key).size < 12)
      return `key "${id}" is too weak (too few distinct bytes): generate it with openssl rand -base64 32`;
  }
  return null;
}

export function parseVaultKeys(spec: string): TVaultKey[] {
  return spec.split(",").map((part) => {
    const [id, b64] = part.trim().split(":") as [string, string];
    return { id, key: Buffer.from(b64, "base64") };
  });
}

type TGeneratedSecrets = {
  NEXTAUTH_SECRET: string;
  PATCHBAY_API_KEY_SECRET: string;
  PATCHBAY_VAULT_KEYS: string;
  SANDBOX_CLIENT_SECRET: string;
};

/** Embedded/demo mode only: secrets made on first start, kept under the data directory, never committed. */
function loadOrCreateSecrets(dataDir: string, fromEnv: ReadonlySet<string>): TGeneratedSecrets {
  const file = path.join(dataDir, "secrets.json");
  const existing = fs.existsSync(file)
    ? (JSON.parse(fs.readFileSync(file, "utf8")) as Partial<TGeneratedSecrets>)
    : null;
  const secrets: TGeneratedSecrets = {
    NEXTAUTH_SECRET: existing?.NEXTAUTH_SECRET ?? crypto.randomBytes(32).toString("base64url"),
    PATCHBAY_API_KEY_SECRET:
      existing?.PATCHBAY_API_KEY_SECRET ?? crypto.randomBytes(32).toString("base64url"),
    PATCHBAY_VAULT_KEYS: existing?.PATCHBAY_VAULT_KEYS ?? `k1:${crypto.randomBytes(32).toString("base64")}`,
    SANDBOX_CLIENT_SECRET: existing?.SANDBOX_CLIENT_SECRET ?? crypto.randomBytes(24).toString("base64url"),
  };
  // Values from the file are checked like the environment's: a hand-edited weak or malformed key stops start-up.
  // (Only the values in use: one the environment overrides is never read.)
  const problems: string[] = [];
  for (const name of ["NEXTAUTH_SECRET", "PATCHBAY_API_KEY_SECRET", "SANDBOX_CLIENT_SECRET"] as const) {
    if (fromEnv.has(name === "SANDBOX_CLIENT_SECRET" ? "PATCHBAY_SANDBOX_CLIENT_SECRET" : name)) continue;
    const v: unknown = secrets[name];
    const ok = typeof v === "string" && ZSecret(name).safeParse(v).success;
    if (!ok) problems.push(`${file}: ${name} must be at least 32 characters of random data`);
  }
  const ring: unknown = secrets.PATCHBAY_VAULT_KEYS;
  const ringProblem = fromEnv.has("PATCHBAY_VAULT_KEYS")
    ? null
    : typeof ring === "string"
      ? vaultKeysProblem(ring)
      : "must be a string";
  if (ringProblem) problems.push(`${file}: PATCHBAY_VAULT_KEYS: ${ringProblem}`);
  if (problems.length) throw new EnvError(problems);
  // Files from older versions gain the secrets added since; existing values never change.
  if (!existing || Object.keys(secrets).some((k) => !(k in existing))) {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}

/**
 * A purpose's own secret, derived from the master secret (PATCHBAY_API_KEY_SECRET) with HKDF-SHA256 (RFC 5869),
 * the purpose as `info`. Independent: knowing one derived secret says nothing of the master or the others, and a
 * purpose rotates alone by setting its own variable.
 */
export function derivedSecret(
  master: string,
  purpose: "invite" | "oauth-state" | "sandbox-client" | "connect-session",
): string {
  return Buffer.from(
    crypto.hkdfSync("sha256", Buffer.from(master, "utf8"), Buffer.alloc(0), `patchbay/${purpose}/v1`, 32),
  ).toString("base64url");
}

export function parseEnv(source: Record<string, string | undefined>): TEnv {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = ZEnv.safeParse(cleaned);
  if (!parsed.success) {
    throw new EnvError(parsed.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`));
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.PATCHBAY_DATA_DIR);
  // With an external database every secret comes from the environment (checked above); embedded mode fills gaps.
  const generated = e.DATABASE_URL ? null : loadOrCreateSecrets(dataDir, new Set(Object.keys(cleaned)));
  const master = e.PATCHBAY_API_KEY_SECRET ?? generated!.PATCHBAY_API_KEY_SECRET;
  const appUrl = (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, "");
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    appUrl,
    appOrigin: new URL(appUrl).origin,
    databaseUrl: e.DATABASE_URL,
    embedded: !e.DATABASE_URL,
    dataDir,
    signup: e.PATCHBAY_SIGNUP,
    authSecret: e.NEXTAUTH_SECRET ?? generated!.NEXTAUTH_SECRET,
    apiKeySecret: master,
    secrets: {
      invite: e.PATCHBAY_INVITE_SECRET ?? derivedSecret(master, "invite"),
      // Invites made before per-purpose secrets were HMAC'd with the master itself (see invite-token.ts).
      legacyInvite: master,
      oauthState: e.PATCHBAY_OAUTH_STATE_SECRET ?? derivedSecret(master, "oauth-state"),
      connectSession: e.PATCHBAY_CONNECT_SESSION_SECRET ?? derivedSecret(master, "connect-session"),
    },
    vaultKeys: parseVaultKeys(e.PATCHBAY_VAULT_KEYS ?? generated!.PATCHBAY_VAULT_KEYS),
    sandbox: {
      enabled: e.PATCHBAY_SANDBOX ? e.PATCHBAY_SANDBOX === "true" : !e.DATABASE_URL,
      port: e.PATCHBAY_SANDBOX_PORT ?? e.PORT + 1,
    },
    // Embedded mode keeps the one generated into secrets.json (already its own secret).
    sandboxClientSecret:
      e.PATCHBAY_SANDBOX_CLIENT_SECRET ??
      generated?.SANDBOX_CLIENT_SECRET ??
      derivedSecret(master, "sandbox-client"),
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID && e.OIDC_CLIENT_SECRET
        ? {
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            name: e.OIDC_NAME,
          }
        : null,
    logLevel: e.LOG_LEVEL,
    mail: {
      smtpUrl: e.PATCHBAY_SMTP_URL ?? null,
      from: e.PATCHBAY_MAIL_FROM ?? `Patchbay <no-reply@${new URL(appUrl).hostname}>`,
    },
    trustedProxies: parseTrustedProxies(e.PATCHBAY_TRUSTED_PROXIES),
    metricsToken: e.PATCHBAY_METRICS_TOKEN ?? null,
    shutdownGraceMs: e.PATCHBAY_SHUTDOWN_GRACE_MS,
    refresh: {
      marginMs: e.PATCHBAY_REFRESH_MARGIN_SECONDS * 1000,
      healthCheckMs: e.PATCHBAY_HEALTH_CHECK_HOURS * 3_600_000,
    },
    workers: e.PATCHBAY_WORKERS === "on",
  };
}

const g = globalThis as { __patchbayEnv?: TEnv };

/** The validated configuration (parsed once per process). */
export function env(): TEnv {
  if (!g.__patchbayEnv) {
    g.__patchbayEnv = parseEnv(process.env);
    // next-auth v4 reads these from process.env itself.
    process.env.NEXTAUTH_URL = g.__patchbayEnv.appUrl;
    process.env.NEXTAUTH_SECRET = g.__patchbayEnv.authSecret;
  }
  return g.__patchbayEnv;
}

/**
 * Variables read on every use rather than once (tests and scripts change them around one flow, and these modules
 * are loaded by scripts that never call env()). Start-up validates them with the rest (ZEnvShape); here a bad
 * value falls back to the default.
 */
export function outboundEnv(source: Record<string, string | undefined> = process.env) {
  return {
    production: source.NODE_ENV === "production",
    allowPrivate: source.PATCHBAY_OUTBOUND_ALLOW_PRIVATE?.trim().toLowerCase() === "true",
    allowHosts: source.PATCHBAY_OUTBOUND_ALLOW_HOSTS ?? "",
    hostMap: source.PATCHBAY_OUTBOUND_HOST_MAP?.trim() ?? "",
  };
}

const DEFAULT_TOKEN_TIMEOUT_MS = 15_000;

/** PATCHBAY_TOKEN_TIMEOUT_MS: the whole token-endpoint call; default 15 s. */
export function tokenTimeoutMs(source: Record<string, string | undefined> = process.env): number {
  const n = Number(source.PATCHBAY_TOKEN_TIMEOUT_MS);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_TOKEN_TIMEOUT_MS;
}

const intOr = (raw: string | undefined, fallback: number): number => {
  const n = Number(raw);
  return raw !== undefined && raw.trim() !== "" && Number.isInteger(n) && n >= 0 ? n : fallback;
};

/**
 * The embedded database's shared_buffers (PATCHBAY_EMBEDDED_SHARED_BUFFERS, e.g. 16MB, 128MB; default 16MB). PGlite
 * runs in the server's process, so its buffer pool is the server's memory: Postgres's default 128MB made the
 * embedded server ~130 MB larger (README "Benchmarks → Proxy", RSS) for data an embedded instance rarely has. A value
 * env() would refuse falls back to the default here (start-up validation reports it).
 */
export function embeddedSharedBuffers(source: Record<string, string | undefined> = process.env): string {
  const v = source.PATCHBAY_EMBEDDED_SHARED_BUFFERS?.trim();
  return v && /^[1-9][0-9]{0,6}(kB|MB|GB)$/.test(v) ? v : "16MB";
}

/** Connections in the app's database pool (PATCHBAY_DB_POOL, 1–200, default 10), read when the pool is made. */
export function dbPoolSize(source: Record<string, string | undefined> = process.env): number {
  const n = intOr(source.PATCHBAY_DB_POOL, 10);
  return n >= 1 && n <= 200 ? n : 10;
}

/**
 * The proxy's knobs, read live (tests change them): PATCHBAY_PROXY_TIMEOUT_MS — time to the upstream's response
 * headers and between body chunks (default 60 s); PATCHBAY_PROXY_MAX_RETRY_WAIT_MS — total time one request may
 * spend waiting between retries (default 10 s); PATCHBAY_PROXY_QUEUE_WAIT_MS / PATCHBAY_PROXY_QUEUE_DEPTH — how
 * long and how many requests per connection may wait for provider quota before a 429 (default 5 s / 100).
 */
export function proxyEnv(source: Record<string, string | undefined> = process.env) {
  return {
    timeoutMs: Math.max(1, intOr(source.PATCHBAY_PROXY_TIMEOUT_MS, 60_000)),
    maxRetryWaitMs: intOr(source.PATCHBAY_PROXY_MAX_RETRY_WAIT_MS, 10_000),
    queueWaitMs: intOr(source.PATCHBAY_PROXY_QUEUE_WAIT_MS, 5_000),
    queueDepth: intOr(source.PATCHBAY_PROXY_QUEUE_DEPTH, 100),
  };
}

/**
 * Outbound webhook delivery settings (lib/events), read on every use like outboundEnv(): the timeout of one
 * attempt (default 10 s), dead letters in a row before an endpoint is paused (5), how long events are kept (30
 * days), and — tests only — a factor applied to the retry schedule (1 = the real schedule of about a day).
 */
export function eventsEnv(source: Record<string, string | undefined> = process.env) {
  const int = (v: string | undefined, d: number) => {
    const n = Number(v);
    return v && Number.isInteger(n) && n > 0 ? n : d;
  };
  const scale = Number(source.PATCHBAY_EVENTS_RETRY_SCALE);
  return {
    timeoutMs: int(source.PATCHBAY_EVENTS_TIMEOUT_MS, 10_000),
    pauseAfterDeadLetters: int(source.PATCHBAY_EVENTS_PAUSE_AFTER, 5),
    retentionDays: int(source.PATCHBAY_EVENTS_RETENTION_DAYS, 30),
    retryScale:
      source.PATCHBAY_EVENTS_RETRY_SCALE && Number.isFinite(scale) && scale >= 0 && scale <= 1 ? scale : 1,
  };
}

/** The dedicated proxy/webhook listener (PATCHBAY_PROXY_PORT, PATCHBAY_PROXY_HOST), or null when it is off. */
export function proxyListenerEnv(
  source: Record<string, string | undefined> = process.env,
): { port: number; host: string } | null {
  const port = Number(source.PATCHBAY_PROXY_PORT);
  if (!source.PATCHBAY_PROXY_PORT || !Number.isInteger(port) || port < 1 || port > 65535) return null;
  return { port, host: source.PATCHBAY_PROXY_HOST || source.HOST || "127.0.0.1" };
}
