// The one set of rules for a connection's `params` (shop, subdomain, host …), used by every connect path: the
// OAuth connect start, programmatic POST /api/v1/connections (OAuth material, API key, basic, service account)
// and the credential verification itself.
//  - a key the provider does not declare is refused (in particular a token-derived value such as instance_url,
//    which would otherwise choose the host that later receives the access token);
//  - a value is trimmed; empty means "not given", and then the declared default applies;
//  - a value (given or default) must match the declared pattern; a parameter with neither is required.
import { AppError, type TFieldIssue } from "@/lib/errors";
import { matchesPattern } from "@/lib/providers/validation";
import { type TProvider } from "@/lib/providers/schemas";

export type TParamCheck = {
  /** The declared params the caller gave, trimmed (what is stored on the grant or connection). */
  params: Record<string, string>;
  /** params plus defaults: the template values. */
  values: Record<string, string>;
  issues: TFieldIssue[];
};

export type TParamOptions = {
  /**
   * "refuse" (default) at every entry point; "ignore" only where stored params are re-checked (a credential
   * re-verified by "Test connection"), which must not turn a stored extra key into "credentials rejected".
   */
  unknownKeys?: "refuse" | "ignore";
};

export function checkConnectionParams(
  provider: Pick<TProvider, "name" | "connectionParams">,
  given: Record<string, string>,
  opts: TParamOptions = {},
): TParamCheck {
  const issues: TFieldIssue[] = [];
  const params: Record<string, string> = {};
  const values: Record<string, string> = {};
  if (opts.unknownKeys !== "ignore") {
    const known = new Set(provider.connectionParams.map((p) => p.name));
    for (const name of Object.keys(given)) {
      if (!known.has(name))
        issues.push({
          path: `body.params.${name}`,
          message: `${provider.name} takes no parameter "${name}".`,
          code: "unrecognized_keys",
        });
    }
  }
  for (const p of provider.connectionParams) {
    const raw = Object.hasOwn(given, p.name) ? given[p.name] : undefined;
    const trimmed = typeof raw === "string" ? raw.trim() : "";
    const value = trimmed || p.default;
    const path = `body.params.${p.name}`;
    if (value === undefined) {
      issues.push({ path, message: `${p.label} is required, e.g. ${p.example}.`, code: "invalid_type" });
    } else if (!matchesPattern(p.pattern, value)) {
      issues.push({ path, message: `${p.label} must look like ${p.example}.`, code: "invalid_format" });
    } else {
      if (trimmed) params[p.name] = trimmed;
      values[p.name] = value;
    }
  }
  return { params, values, issues };
}

/** Throws validation_failed (422 with field paths) unless every param is declared and valid; returns the check. */
export function validateConnectionParams(
  provider: Pick<TProvider, "name" | "connectionParams">,
  given: Record<string, string>,
  opts: TParamOptions = {},
): TParamCheck {
  const check = checkConnectionParams(provider, given, opts);
  if (check.issues.length)
    throw new AppError("validation_failed", {
      message: "Some connection parameters are missing or invalid.",
      details: { issues: check.issues },
    });
  return check;
}
