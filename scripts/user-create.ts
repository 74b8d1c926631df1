// npm run user:create -- --email admin@example.com --password '…' [--name "Ada"] [--team "Acme"] [--superuser]
//                        [--api-key] [--scopes brands:read,connections:write]
// Creates a user with their own team (owner). With --api-key, prints a new API key for that team — once.
// PostgreSQL mode: uses DATABASE_URL. Embedded mode: opens the data directory (PATCHBAY_DATA_DIR, default .data)
// directly, so the Patchbay server using that directory must be stopped first.
import { openCliDatabase } from "./cli-database";
import { parseArgs } from "node:util";
import { createApiKey } from "@/lib/api-keys/create-api-key";
import { API_SCOPES, SCOPES_NOT_BY_DEFAULT, type TApiScope } from "@/lib/api-keys/scopes";
import { disconnectDb } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { ZSignUpInput } from "@/lib/tenancy/schemas";
import { signUp } from "@/lib/auth/sign-up";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    password: { type: "string" },
    name: { type: "string" },
    team: { type: "string" },
    superuser: { type: "boolean", default: false },
    "api-key": { type: "boolean", default: false },
    scopes: { type: "string" },
  },
});

function die(msg: string): never {
  console.error(msg);
  process.exit(1);
}

const input = ZSignUpInput.safeParse({
  email: values.email,
  password: values.password ?? process.env.PATCHBAY_PASSWORD,
  name: values.name,
  team_name: values.team,
});
if (!input.success)
  die(
    `Invalid input:\n${input.error.issues.map((i) => `  --${String(i.path[0])}: ${i.message}`).join("\n")}`,
  );
const scopes = (values.scopes?.split(",").map((s) => s.trim()) ??
  API_SCOPES.filter((s) => !SCOPES_NOT_BY_DEFAULT.includes(s))) as TApiScope[];
const unknown = scopes.filter((s) => !(API_SCOPES as readonly string[]).includes(s));
if (unknown.length) die(`Unknown scope(s): ${unknown.join(", ")}. Known: ${API_SCOPES.join(", ")}`);

const cfg = env();
const embedded = await openCliDatabase(cfg, die);

try {
  const user = await signUp(input.data, { isSuperuser: values.superuser, bypassClosed: true });
  console.log(
    `Created ${values.superuser ? "superuser" : "user"} ${input.data.email} (team ${user.teamId}).`,
  );
  if (values["api-key"]) {
    const { key } = await createApiKey(
      {
        actor: { kind: "user", userId: user.userId, sessionId: "cli", isSuperuser: values.superuser },
        teamId: user.teamId,
        role: "owner",
      },
      { name: "Created by user:create", scopes },
    );
    console.log(`API key (shown once; Patchbay keeps only a hash):\n${key}`);
  }
} catch (err) {
  if (err instanceof AppError) die(err.message);
  throw err;
} finally {
  await disconnectDb();
  await embedded?.stop();
}
