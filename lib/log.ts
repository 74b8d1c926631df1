// Structured JSON logs. Everything passes through redact(): keys that name secrets are masked and values
// that look like Patchbay API keys or bearer tokens are masked wherever they appear.
import { env } from "@/lib/env";

type TLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<TLevel | "silent", number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 99 };

const SECRET_KEY =
  /pass(word)?|secret|token|api[-_]?key|authorization|cookie|credential|code_verifier|private[-_]?key|key[-_]?json|service[-_]?account|assertion|^key$|^code$|^state$/i;
const SECRET_VALUE = [/pbk_[A-Za-z0-9]{20,}/g, /(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi];

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return "[depth]";
  if (typeof value === "string") {
    return SECRET_VALUE.reduce((s, re) => s.replace(re, "[redacted]"), value);
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
const g = globalThis as { __patchbayLogSink?: TSink };

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
  const line = JSON.stringify({ time: new Date().toISOString(), level, msg, ...(redact(fields) as object) });
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
