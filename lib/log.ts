// Structured JSON logs. Everything passes through redact(): keys that name secrets are masked, and values that
// look like tokens — Patchbay API keys, bearer tokens, bare JWTs and provider token formats, secret query
// parameters, long random strings — are masked wherever they appear.
import { AsyncLocalStorage } from "node:async_hooks";
import { trace } from "@opentelemetry/api";
import { env } from "@/lib/env";

type TLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<TLevel | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

const SECRET_KEY =
  /pass(word)?|secret|token|api[-_]?key|authorization|cookie|credential|code_verifier|private[-_]?key|key[-_]?json|service[-_]?account|assertion|^key$|^code$|^state$/i;
// Token formats recognised wherever they appear, with or without "Bearer": Patchbay API keys, JWTs (access and ID
// tokens), and providers' own prefixes (Google, GitHub, Slack, Stripe, Shopify, Notion, HubSpot, Salesforce, OpenAI-
// style), plus vault ciphertext (no use in a log line).
const SECRET_VALUE = [
  /pbk_[A-Za-z0-9]{20,}/g,
  /(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi,
  /eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g,
  /\bya29\.[A-Za-z0-9._-]{10,}/g,
  /\b1\/\/[A-Za-z0-9._-]{20,}/g,
  /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g,
  /\bxox[abposre]-[A-Za-z0-9-]{10,}/g,
  /\b[rsp]k_(live|test)_[A-Za-z0-9]{10,}/g,
  /\bshp(at|ca|pa|ss)_[A-Fa-f0-9]{16,}/g,
  /\b(secret|ntn)_[A-Za-z0-9]{20,}/g,
  /\bpat-(na|eu)1-[A-Fa-f0-9-]{20,}/g,
  /\b00D[A-Za-z0-9]{10,17}![A-Za-z0-9._]{20,}/g,
  /\bsk-[A-Za-z0-9_-]{20,}/g,
  /\bpbv1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g,
];
// A secret-named parameter inside a URL, query string or form body: the name stays, the value goes.
const SECRET_PARAM =
  /\b((?:access_|refresh_|id_|bind_)?token|code|state|client_secret|code_verifier|api[-_]?key|password|assertion|signature|hmac|t)=([^&\s"'#]+)/gi;
// Anything else that looks like a random secret: a run of ≥32 token characters with high entropy and both letters
// and digits. Hex digests (≤4 bits a character), ids such as conn_… and ordinary words stay readable.
const LONG_RUN = /[A-Za-z0-9_\-+=.~]{32,}/g;

function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

const looksRandom = (run: string) =>
  /[A-Za-z]/.test(run) && /[0-9]/.test(run) && !/^[0-9a-f.-]+$/i.test(run) && entropy(run) >= 4.3;

function redactString(value: string): string {
  const known = SECRET_VALUE.reduce((s, re) => s.replace(re, "[redacted]"), value);
  const params = known.replace(SECRET_PARAM, (_m, name: string) => `${name}=[redacted]`);
  return params.replace(LONG_RUN, (run) => (looksRandom(run) ? "[redacted]" : run));
}

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return "[depth]";
  if (typeof value === "string") {
    return redactString(value);
  }
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (value instanceof Error) return { name: value.name, message: redact(value.message, depth + 1) };
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? "[redacted]" : redact(v, depth + 1)]),
    );
  }
  return value;
}

type TSink = (line: string) => void;
type TLogContext = { requestId: string };
// On globalThis: route bundles and instrumentation are separate module graphs but must share one context.
const g = globalThis as { __patchbayLogSink?: TSink; __patchbayLogContext?: AsyncLocalStorage<TLogContext> };
const context = (g.__patchbayLogContext ??= new AsyncLocalStorage<TLogContext>());

/** Every line logged inside fn (awaited work included) carries this request id (defineRoute sets it). */
export function withLogContext<T>(ctx: TLogContext, fn: () => T): T {
  return context.run(ctx, fn);
}

export function currentRequestId(): string | undefined {
  return context.getStore()?.requestId;
}

/** Tests capture log lines by installing a sink. */
export function setLogSink(sink: TSink | undefined) {
  g.__patchbayLogSink = sink;
}

function write(level: TLevel, msg: string, fields: Record<string, unknown> = {}) {
  let threshold: TLevel | "silent" = "info";
  try {
    threshold = env().logLevel;
  } catch {
    // configuration is itself broken: still log
  }
  if (ORDER[level] < ORDER[threshold]) return;
  const requestId = context.getStore()?.requestId;
  // With tracing on, the trace id joins a log line to its trace (no provider registered: no active span).
  const traceId = trace.getActiveSpan()?.spanContext().traceId;
  const line = JSON.stringify({
    time: new Date().toISOString(),
    level,
    msg,
    ...(requestId ? { requestId } : {}),
    ...(traceId ? { traceId } : {}),
    ...(redact(fields) as object),
  });
  if (g.__patchbayLogSink) g.__patchbayLogSink(line);
  else if (level === "error" || level === "warn") process.stderr.write(line + "\n");
  else process.stdout.write(line + "\n");
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => write("debug", msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => write("info", msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => write("warn", msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => write("error", msg, fields),
};
