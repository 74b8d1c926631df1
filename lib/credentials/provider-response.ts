// Reading a provider's "who am I" answer: dot paths (expectJson), a best-effort identity, and the reason a provider
// gives for refusing a credential. Everything returned is a short plain string; nothing here decides what is safe
// to show — callers scrub the submitted secret out of it first.

export type TIdentity = { id?: string; name?: string; email?: string };

/** Longer strings are ignored rather than cut: a cut could split an echoed secret below what scrubbing detects. */
const MAX_RAW_LENGTH = 2000;
const MAX_TEXT_BODY_LENGTH = 300;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `a.b.0.c` → value, or undefined. Numeric segments index arrays; nothing else is traversed. */
export function readJsonPath(root: unknown, path: string): unknown {
  let current: unknown = root;
  for (const segment of path.split(".")) {
    if (Array.isArray(current) && /^\d+$/.test(segment)) current = current[Number(segment)];
    else if (isRecord(current) && Object.hasOwn(current, segment)) current = current[segment];
    else return undefined;
  }
  return current;
}

/**
 * Single-line and trimmed; undefined when empty or longer than 2000 characters. Integer ids (Zendesk) become
 * strings. Not shortened here: callers scrub first, then clip().
 */
function plain(value: unknown): string | undefined {
  let text: string;
  if (typeof value === "string") text = value;
  else if (typeof value === "number" && Number.isSafeInteger(value)) text = String(value);
  else return undefined;
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  text = text.replace(/[\u0000-\u001f\u007f]+/g, " ").trim();
  return text.length === 0 || text.length > MAX_RAW_LENGTH ? undefined : text;
}

/** At most `max` characters, with an ellipsis when shortened. */
export function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function firstPlain(root: unknown, paths: readonly string[]): string | undefined {
  for (const path of paths) {
    const value = plain(readJsonPath(root, path));
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Where "who am I" answers keep the subject: top level, JSON:API `data[0]`, GraphQL `data.me`, `user`, `account`. */
const CONTAINERS = ["", "data.0", "data", "data.me", "data.viewer", "user", "account", "me", "resource"];
const ID_FIELDS = ["id", "uuid", "user_id", "account_id"];
const NAME_FIELDS = [
  "name",
  "display_name",
  "business_profile.name",
  "settings.dashboard.display_name",
  "attributes.name",
  "attributes.contact_information.organization_name",
  "organization_name",
  "organization.name",
  "handle",
  "username",
  "domain",
];
const EMAIL_FIELDS = ["email", "attributes.email", "attributes.contact_information.default_sender_email"];

/** A best-effort identity for the account the credential belongs to: plain strings, not yet scrubbed or clipped. */
export function extractIdentity(body: unknown): TIdentity {
  const identity: TIdentity = {};
  for (const container of CONTAINERS) {
    const subject = container === "" ? body : readJsonPath(body, container);
    if (!isRecord(subject)) continue;
    const id = firstPlain(subject, ID_FIELDS);
    const name = firstPlain(subject, NAME_FIELDS);
    const email = firstPlain(subject, EMAIL_FIELDS);
    if (id !== undefined) identity.id ??= id;
    if (name !== undefined) identity.name ??= name;
    if (email?.includes("@")) identity.email ??= email;
  }
  return identity;
}

/**
 * The human-readable reason in a provider's error answer: Stripe/Meta/Vercel `error.message`, JSON:API
 * `errors[0].detail` (Klaviyo), GraphQL `errors[0].message` (Railway), DRF `detail` (PostHog), Slack/Zendesk
 * `error`, Figma `err`, OAuth `error_description`, generic `message`. A short plain-text body is used as a last
 * resort; HTML is not.
 */
export function extractProviderReason(body: unknown, text: string): string | undefined {
  if (body !== undefined) {
    return firstPlain(body, [
      "error.message",
      "error.error_description",
      "errors.0.detail",
      "errors.0.message",
      "errors.0.title",
      "detail",
      "error_description",
      "message",
      "error.msg",
      "msg",
      "err",
      "error",
      "error.code",
      "errors.0.code",
      "code",
    ]);
  }
  const trimmed = text.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_TEXT_BODY_LENGTH || /[<>\r\n]/.test(trimmed))
    return undefined;
  return plain(trimmed);
}
