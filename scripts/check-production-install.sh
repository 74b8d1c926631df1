#!/usr/bin/env bash
# Proves that a production install (`npm ci --omit=dev`) runs the Sandbox and the README's operator scripts:
# copies the project's source files (no node_modules, no build output) into a temporary directory, installs only
# the `dependencies` there, then
#   1. starts the lean Sandbox server (lib/sandbox/oauth-server.ts) with that install's tsx and fetches its
#      /.well-known/openid-configuration;
#   2. runs `npm run db:migrate`, `user:create` and `keys:rotate` far enough to load every module they import and
#      validate their arguments (no database needed), and `user:create` for real on a fresh embedded database.
# Any missing package fails loudly. Called by .ci/run; needs the npm registry (or a warm npm cache).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
started=$SECONDS
step_started=$SECONDS
step() {
  echo "   ($((SECONDS - step_started)) s)"
  step_started=$SECONDS
  echo "── production install: $*"
}
fail() {
  echo "PRODUCTION INSTALL CHECK FAILED: $*" >&2
  exit 1
}

work=$(mktemp -d "${TMPDIR:-/tmp}/patchbay-prod-install-XXXXXX")
cleanup() {
  local t=$SECONDS
  rm -rf "$work"
  echo "── production install: removed $work ($((SECONDS - t)) s)"
}
trap cleanup EXIT

echo "── production install: copying the source files to $work"
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  # Tracked and new (not ignored) files as they are on disk; deleted ones are skipped.
  git -C "$root" ls-files -z --cached --others --exclude-standard |
    (cd "$root" && xargs -0 sh -c 'for f; do [ -e "$f" ] && printf "%s\0" "$f"; done' _) |
    tar -C "$root" --null -T - -cf - | tar -C "$work" -xf -
else
  tar -C "$root" --exclude=./node_modules --exclude=./.next --exclude=./.data --exclude=./.git \
    --exclude=./test-results --exclude=./playwright-report -cf - . | tar -C "$work" -xf -
fi
cd "$work"

# --prefer-offline: .ci/run's own `npm ci` has just filled the npm cache with the same lockfile.
step "npm ci --omit=dev"
npm ci --omit=dev --ignore-scripts --no-audit --no-fund --prefer-offline --loglevel=error || fail "npm ci --omit=dev failed"
[ ! -e node_modules/vitest ] || fail "vitest (a devDependency) was installed: --omit=dev did not apply"
[ -x node_modules/.bin/tsx ] || fail "tsx is not in dependencies (the operator scripts and the Sandbox need it)"

# --ignore-scripts skipped the root package's postinstall (prisma generate); run it as a normal install would.
step "npm run postinstall (prisma generate)"
npm run --silent postinstall >/dev/null || fail "prisma generate failed in the production install"

step "start the lean Sandbox server and fetch its discovery document"
cat >"$work/sandbox-smoke.ts" <<'TS'
import { startSandboxServer } from "@/lib/sandbox/oauth-server";

const server = await startSandboxServer({
  clients: [{ clientId: "smoke", clientSecret: "smoke-secret", redirectUris: ["http://127.0.0.1:9/callback"] }],
});
try {
  const response = await fetch(`${server.issuer}/.well-known/openid-configuration`);
  const body = (await response.json()) as Record<string, unknown>;
  const problems = [
    response.status === 200 ? null : `status ${response.status}`,
    body.issuer === server.issuer ? null : `issuer ${String(body.issuer)}`,
    JSON.stringify(body.code_challenge_methods_supported) === '["S256"]' ? null : "PKCE S256 not advertised",
    body.authorization_response_iss_parameter_supported === true ? null : "iss parameter not advertised",
    typeof body.revocation_endpoint === "string" ? null : "no revocation endpoint",
  ].filter((problem) => problem !== null);
  if (problems.length > 0) throw new Error(`bad discovery document: ${problems.join("; ")}`);
  console.log(`   Sandbox answered at ${server.issuer}/.well-known/openid-configuration`);
} finally {
  await server.close();
}
TS
node_modules/.bin/tsx sandbox-smoke.ts || fail "the Sandbox server did not start from the production install"

# Each operator script must get past its imports to its own argument check: exit 1 with its own message, not a
# module-resolution error.
expect_refusal() {
  local expected=$1
  shift
  local out
  if out=$(env -u DATABASE_URL "$@" 2>&1); then fail "$* succeeded without its arguments"; fi
  grep -qF -- "$expected" <<<"$out" || fail "$* did not reach its argument check; it printed:
$out"
  echo "   $* → \"$expected\""
}
step "operator scripts load and validate their arguments"
expect_refusal "DATABASE_URL is not set" npm run --silent db:migrate
expect_refusal "Invalid input" npm run --silent user:create
expect_refusal "--batch-size must be a whole number" npm run --silent keys:rotate -- --batch-size 0

step "user:create on a fresh embedded database"
PATCHBAY_DATA_DIR="$work/.data" env -u DATABASE_URL npm run --silent user:create -- \
  --email operator@example.test --password 'production-install-check-1' --team "Prod check" >/dev/null ||
  fail "user:create failed on the embedded database"
echo "   created operator@example.test"

step "done"
echo "── production install check passed in $((SECONDS - started)) s"
