// Primitives the provider schema validates with: anchored patterns (connection parameters) and URL templates.
import { z } from "zod";

/** A top-level `|` would defeat `^…$` anchoring (`^a|b$` matches "xb"), so alternatives must be grouped. */
function hasTopLevelAlternation(source: string): boolean {
  let depth = 0;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (ch === "\\") {
      i++;
    } else if (inClass) {
      if (ch === "]") inClass = false;
    } else if (ch === "[") {
      inClass = true;
    } else if (ch === "(") {
      depth++;
    } else if (ch === ")") {
      depth--;
    } else if (ch === "|" && depth === 0) {
      return true;
    }
  }
  return false;
}

function compiles(source: string): boolean {
  try {
    new RegExp(source, "u");
    return true;
  } catch {
    return false;
  }
}

/** A regular-expression source that must match the whole value: `^…$`, no top-level alternation. */
export const ZAnchoredPattern = z
  .string()
  .min(2)
  .refine((s) => s.startsWith("^") && s.endsWith("$") && !s.endsWith("\\$"), {
    message: "pattern must be anchored with ^ and $",
  })
  .refine(compiles, { message: "pattern is not a valid regular expression" })
  .refine((s) => !hasTopLevelAlternation(s), {
    message: "wrap alternatives in a group, e.g. ^(?:a|b)$, so both anchors apply",
  });

export function matchesPattern(pattern: string, value: string): boolean {
  return compiles(pattern) && new RegExp(pattern, "u").test(value);
}

/** Absolute URL, or a template starting with a placeholder such as `{issuer}/auth`. */
export const ZUrlTemplate = z
  .string()
  .regex(/^(?:https?:\/\/|\{[a-z][a-z0-9_]*\})\S*$/, "must be an absolute URL or start with a {placeholder}");
