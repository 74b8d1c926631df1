// Security finding 3 (SSO pre-account takeover), driven through next-auth itself — our authOptions() in the real
// NextAuth handler (its API-route entry point: the App Router one needs Next's request context) — against a
// real OpenID Connect IdP (oidc-provider, the same server as the E2E's "Acme SSO"). Each case says what must
// not happen. The IdP names a user by the login typed at its sign-in page: sub = login, email = login.
import NextAuth from "next-auth";
import { decode } from "next-auth/jwt";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { authOptions } from "@/lib/auth/auth-options";
import { verifyEmail } from "@/lib/auth/email-verification";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { startOAuthServer, type OAuthServer } from "@/e2e/fixtures/oauth-test-server";
import { signUp } from "@/lib/auth/sign-up";
import { consentAtProvider } from "../cookie-jar";
import { PASSWORD, uniqueEmail } from "../factories";

const APP = "http://localhost:3999";
const CALLBACK = `${APP}/api/auth/callback/oidc`;
let idp: OAuthServer;

beforeAll(async () => {
  idp = await startOAuthServer({
    clients: [{ clientId: "patchbay-sso", clientSecret: "sso-secret-for-tests", redirectUris: [CALLBACK] }],
  });
  process.env.OIDC_ISSUER = idp.issuer;
  process.env.OIDC_CLIENT_ID = "patchbay-sso";
  process.env.OIDC_CLIENT_SECRET = "sso-secret-for-tests";
  delete process.env.PATCHBAY_SMTP_URL; // the dev mailer: links are read from stdout below
  (globalThis as { __patchbayEnv?: unknown }).__patchbayEnv = undefined; // re-read with SSO configured
  expect(env().oidc?.issuer).toBe(idp.issuer);
});
afterAll(() => idp.close());
afterEach(() => vi.restoreAllMocks());

// ── a browser at next-auth: its cookies, and the NextAuth handler called the way Next's API routes call it ──
type TNextAuthResponse = { status: number; location: string | null; body: unknown };

class Browser {
  readonly cookies = new Map<string, string>();

  async nextAuth(
    method: "GET" | "POST",
    route: string,
    opts: { query?: Record<string, string>; body?: Record<string, string> } = {},
  ): Promise<TNextAuthResponse> {
    const headers = new Map<string, string | string[]>();
    const out = { status: 200, body: undefined as unknown };
    const res = {
      status(code: number) {
        out.status = code;
        return res;
      },
      setHeader(name: string, value: string | string[]) {
        headers.set(name.toLowerCase(), value);
        return res;
      },
      getHeader: (name: string) => headers.get(name.toLowerCase()),
      end: () => undefined,
      send: (body: unknown) => void (out.body = body),
      json: (body: unknown) => void (out.body = body),
    };
    const req = {
      method,
      query: { nextauth: route.split("/"), ...opts.query },
      body: opts.body ?? {},
      cookies: Object.fromEntries(this.cookies),
      headers: { host: "localhost:3999", cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ") },
    };
    await (NextAuth(authOptions()) as unknown as (rq: unknown, rs: unknown) => Promise<void>)(req, res);
    const setCookie = headers.get("set-cookie") ?? [];
    for (const line of Array.isArray(setCookie) ? setCookie : [setCookie]) {
      const [pair = ""] = line.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = decodeURIComponent(pair.slice(eq + 1));
      if (!value || /max-age=0/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const location = headers.get("location");
    return { ...out, location: typeof location === "string" ? location : null };
  }

  /** "Continue with Acme SSO" → the IdP (sign in as `login`, consent) → back to our callback. */
  async signInWithSso(login: string): Promise<TNextAuthResponse> {
    const csrf = await this.nextAuth("GET", "csrf");
    const { csrfToken } = csrf.body as { csrfToken: string };
    const start = await this.nextAuth("POST", "signin/oidc", {
      body: { csrfToken, callbackUrl: `${APP}/`, json: "true" },
    });
    const { url } = start.body as { url: string };
    expect(url.startsWith(idp.issuer), url).toBe(true);
    const callback = await consentAtProvider(url, login, CALLBACK);
    return this.nextAuth("GET", "callback/oidc", { query: Object.fromEntries(callback.searchParams) });
  }

  /** The user id in the session cookie, or null when signed out. */
  async sessionUserId(): Promise<string | null> {
    const token = this.cookies.get("next-auth.session-token");
    if (!token) return null;
    const claims = await decode({ token, secret: env().authSecret });
    return typeof claims?.uid === "string" ? claims.uid : null;
  }
}

/** Password sign-up with the dev mailer: returns the user and the token of the link it printed. */
async function signUpWithPassword(email: string) {
  const printed: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  vi.spyOn(process.stdout, "write").mockImplementation((...args: Parameters<typeof write>) => {
    printed.push(String(args[0]));
    return write(...args);
  });
  const user = await signUp({ email, password: PASSWORD, team_name: `Team ${email}` });
  vi.restoreAllMocks();
  const mail = printed.find((p) => p.includes("[DEV MAILER]") && p.includes(`To: ${email}`));
  const token = mail?.match(/\/verify-email\/([A-Za-z0-9_-]+)/)?.[1];
  expect(token, "the dev mailer printed a verification link").toBeTruthy();
  return { ...user, token: token! };
}

const accountsOf = (userId: string) =>
  db.account.findMany({ where: { userId }, select: { issuer: true, subject: true } });

describe("single sign-on links by issuer + subject, and only to verified accounts", () => {
  it("1. an attacker's unverified password account with the victim's e-mail never receives the victim's SSO session", async () => {
    const victimEmail = uniqueEmail("victim");
    const attacker = await signUpWithPassword(victimEmail); // the attacker cannot open the victim's mail

    const victim = new Browser();
    const res = await victim.signInWithSso(victimEmail);

    // Must not happen: a session for the attacker's user (old code: linked by e-mail, uid = attacker's id).
    expect(await victim.sessionUserId()).toBeNull();
    expect(res.location).toBe(`${APP}/login?error=SsoUnverifiedAccount`);
    expect(await accountsOf(attacker.userId)).toEqual([]);
    expect(await db.user.count({ where: { email: victimEmail } })).toBe(1);
    // Recorded where the account's owner looks: the audit log of its team.
    const audit = await db.auditEntry.findMany({
      where: { teamId: attacker.teamId, action: "auth.sso_link_refused" },
      select: { targetId: true, metadata: true },
    });
    expect(audit).toEqual([
      { targetId: attacker.userId, metadata: { issuer: idp.issuer, reason: "email_not_verified" } },
    ]);

    // The victim clicking the link from the attacker's sign-up, without the password, verifies nothing.
    const victimUser = await db.user.findUniqueOrThrow({
      where: { email: victimEmail },
      select: { id: true },
    });
    expect(victimUser.id).toBe(attacker.userId); // (there is only the attacker's user to be signed in as)
    const stranger = await signUpWithPassword(uniqueEmail("stranger"));
    expect(await verifyEmail({ userId: stranger.userId, sessionId: "s" }, attacker.token)).toBe(
      "other_account",
    );
    expect((await db.user.findUniqueOrThrow({ where: { id: attacker.userId } })).emailVerifiedAt).toBeNull();
  });

  it("2. a verified password account is linked by an Account row; later sign-ins follow iss+sub, not the e-mail", async () => {
    const email = uniqueEmail("ada");
    const ada = await signUpWithPassword(email);
    expect(await verifyEmail({ userId: ada.userId, sessionId: "s" }, ada.token)).toBe("verified");

    const browser = new Browser();
    await browser.signInWithSso(email);
    expect(await browser.sessionUserId()).toBe(ada.userId);
    expect(await accountsOf(ada.userId)).toEqual([{ issuer: idp.issuer, subject: email }]);
    expect(await db.auditEntry.count({ where: { teamId: ada.teamId, action: "auth.sso_linked" } })).toBe(1);

    // The e-mails no longer match: Ada's address in Patchbay changed, and someone else now holds (and has
    // verified) the address the IdP still sends. The identity decides: Ada's session, not the newcomer's.
    await db.user.update({ where: { id: ada.userId }, data: { email: uniqueEmail("ada-new") } });
    const newcomer = await signUpWithPassword(email);
    expect(await verifyEmail({ userId: newcomer.userId, sessionId: "s" }, newcomer.token)).toBe("verified");
    const again = new Browser();
    await again.signInWithSso(email);
    expect(await again.sessionUserId()).toBe(ada.userId);
    expect(await accountsOf(newcomer.userId)).toEqual([]);
  });

  it("3. a first-time SSO user gets a verified account of their own; the next sign-in finds it by its Account row", async () => {
    const email = uniqueEmail("sso-new");
    const first = new Browser();
    await first.signInWithSso(email);
    const userId = await first.sessionUserId();
    expect(userId).not.toBeNull();
    const user = await db.user.findUniqueOrThrow({
      where: { id: userId! },
      select: { email: true, passwordHash: true, emailVerifiedAt: true },
    });
    expect(user).toMatchObject({ email, passwordHash: null });
    expect(user.emailVerifiedAt).not.toBeNull();
    expect(await accountsOf(userId!)).toEqual([{ issuer: idp.issuer, subject: email }]);

    const second = new Browser();
    await second.signInWithSso(email);
    expect(await second.sessionUserId()).toBe(userId);
    expect(await db.account.count({ where: { userId: userId! } })).toBe(1);
  });

  it("4. two first sign-ins of one identity at once end in one user and one Account row", async () => {
    const email = uniqueEmail("race");
    const [a, b] = [new Browser(), new Browser()];
    await Promise.all([a.signInWithSso(email), b.signInWithSso(email)]);
    const ids = [await a.sessionUserId(), await b.sessionUserId()];
    expect(ids[0]).not.toBeNull();
    expect(ids[1]).toBe(ids[0]);
    expect(await db.user.count({ where: { email } })).toBe(1);
    expect(await db.account.count({ where: { subject: email } })).toBe(1);
  });
});
