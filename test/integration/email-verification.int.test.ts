// E-mail verification for password sign-up (security finding 3): the link goes out by real SMTP (nodemailer,
// to a tiny SMTP server in this file) or, without PATCHBAY_SMTP_URL, is printed by the dev mailer only; it works
// once, for its own account, until it expires — every other use is a named outcome, never an exception.
import crypto from "node:crypto";
import net from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  getEmailVerificationState,
  hashVerificationToken,
  RESEND_LIMIT,
  resendVerificationEmail,
  verifyEmail,
} from "@/lib/auth/email-verification";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { setLogSink } from "@/lib/log";
import { signUp } from "@/lib/auth/sign-up";
import { dumpDatabase } from "../db-dump";
import { PASSWORD, uniqueEmail } from "../factories";

const APP = "http://localhost:3999";

// ── an SMTP server that accepts everything and keeps it (RFC 5321, as much as nodemailer needs) ──
type TReceived = { from: string; to: string[]; data: string };
type TSmtpSink = { url: string; messages: TReceived[]; close: () => Promise<void> };

async function startSmtpSink(): Promise<TSmtpSink> {
  const messages: TReceived[] = [];
  const server = net.createServer((socket) => {
    socket.setEncoding("utf8");
    const reply = (line: string) => socket.write(`${line}\r\n`);
    let buffer = "";
    let inData = false;
    let current: TReceived = { from: "", to: [], data: "" };
    reply("220 sink.test ESMTP ready");
    socket.on("data", (chunk: string) => {
      buffer += chunk;
      for (;;) {
        if (inData) {
          const end = buffer.indexOf("\r\n.\r\n");
          if (end < 0) return;
          current.data = buffer.slice(0, end).replace(/^\.\./gm, ".");
          messages.push(current);
          current = { from: "", to: [], data: "" };
          buffer = buffer.slice(end + 5);
          inData = false;
          reply("250 2.0.0 queued");
          continue;
        }
        const nl = buffer.indexOf("\r\n");
        if (nl < 0) return;
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 2);
        const verb = line.split(" ")[0]!.toUpperCase();
        if (verb === "EHLO") reply("250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8");
        else if (verb === "HELO") reply("250 sink.test");
        else if (verb === "MAIL") {
          current.from = /<([^>]*)>/.exec(line)?.[1] ?? "";
          reply("250 2.1.0 ok");
        } else if (verb === "RCPT") {
          current.to.push(/<([^>]*)>/.exec(line)?.[1] ?? "");
          reply("250 2.1.5 ok");
        } else if (verb === "DATA") {
          inData = true;
          reply("354 end with <CRLF>.<CRLF>");
        } else if (verb === "QUIT") {
          reply("221 bye");
          socket.end();
          return;
        } else reply("250 ok"); // RSET, NOOP
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The body of a received message with quoted-printable soft breaks and escapes undone. */
const decodeBody = (data: string) =>
  data
    .replace(/=\r\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
const linkToken = (text: string) => new RegExp(`${APP}/verify-email/([A-Za-z0-9_-]+)`).exec(text)?.[1];

function configure(vars: Record<string, string | undefined>) {
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  (globalThis as { __patchbayEnv?: unknown }).__patchbayEnv = undefined; // parsed again on next use
}

const SSO = {
  OIDC_ISSUER: "https://idp.example.test",
  OIDC_CLIENT_ID: "patchbay",
  OIDC_CLIENT_SECRET: "not-used-in-this-file",
};

let smtp: TSmtpSink;
beforeAll(async () => {
  smtp = await startSmtpSink();
  configure({
    ...SSO,
    PATCHBAY_SMTP_URL: smtp.url,
    PATCHBAY_MAIL_FROM: "Patchbay Test <patchbay@example.test>",
  });
});
afterAll(() => smtp.close());
afterEach(() => {
  vi.restoreAllMocks();
  setLogSink(undefined);
  configure({ ...SSO, PATCHBAY_SMTP_URL: smtp.url });
});

const session = (userId: string) => ({ userId, sessionId: crypto.randomBytes(8).toString("hex") });

/** Signs up with SSO configured and returns the user with the token of the mail the sink received. */
async function signUpAndReadMail(email = uniqueEmail("verify")) {
  const user = await signUp({ email, password: PASSWORD, team_name: `Team ${email}` });
  const mail = smtp.messages.filter((m) => m.to.includes(email)).at(-1);
  expect(mail, `a mail to ${email}`).toBeDefined();
  const token = linkToken(decodeBody(mail!.data));
  expect(token, "the mail holds the link").toBeTruthy();
  return { ...user, email, mail: mail!, token: token! };
}

const verifiedAt = async (userId: string) =>
  (await db.user.findUniqueOrThrow({ where: { id: userId }, select: { emailVerifiedAt: true } }))
    .emailVerifiedAt;

describe("e-mail verification", () => {
  it("sign-up sends the link by SMTP; the database keeps only its HMAC; it verifies once", async () => {
    const u = await signUpAndReadMail();
    expect(u.mail.from).toBe("patchbay@example.test");
    expect(u.mail.data).toMatch(/^Subject: Confirm your e-mail address for Patchbay/m);
    expect(await getEmailVerificationState(u.userId)).toEqual({ enabled: true, verified: false });

    const dump = await dumpDatabase();
    expect(dump).not.toContain(u.token);
    expect(dump).toContain(hashVerificationToken(u.token));

    expect(await verifyEmail(session(u.userId), u.token)).toBe("verified");
    expect(await verifiedAt(u.userId)).not.toBeNull();
    expect(await getEmailVerificationState(u.userId)).toEqual({ enabled: true, verified: true });
    // single use: opening it again changes nothing (and says the address is confirmed) …
    expect(await verifyEmail(session(u.userId), u.token)).toBe("already_verified");
    // … and a used link cannot verify the account again once it is unverified (e.g. after an address reset)
    await db.user.update({ where: { id: u.userId }, data: { emailVerifiedAt: null } });
    expect(await verifyEmail(session(u.userId), u.token)).toBe("used");
    expect(await verifiedAt(u.userId)).toBeNull();
    const audit = await db.auditEntry.count({ where: { teamId: u.teamId, action: "user.email_verified" } });
    expect(audit).toBe(1);
  });

  it("the same link opened twice at once (sign-in lands on it with a refresh): one verifies, the other says confirmed", async () => {
    // Seen in CI on PostgreSQL: the loser of the claim waited on the winner's row lock, then reported "used".
    for (let round = 0; round < 5; round++) {
      const u = await signUpAndReadMail();
      const outcomes = await Promise.all([
        verifyEmail(session(u.userId), u.token),
        verifyEmail(session(u.userId), u.token),
        verifyEmail(session(u.userId), u.token),
      ]);
      expect(outcomes.filter((o) => o === "verified")).toHaveLength(1);
      expect(outcomes.filter((o) => o === "already_verified")).toHaveLength(2);
    }
  });

  it("an expired link verifies nothing", async () => {
    const u = await signUpAndReadMail();
    await db.emailVerificationToken.updateMany({
      where: { userId: u.userId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await verifyEmail(session(u.userId), u.token)).toBe("expired");
    expect(await verifiedAt(u.userId)).toBeNull();
  });

  it("a wrong, malformed or someone else's token is a named outcome, and someone else's stays usable", async () => {
    const u = await signUpAndReadMail();
    const other = await signUpAndReadMail();
    for (const bad of [
      crypto.randomBytes(32).toString("base64url"),
      "",
      "../../etc/passwd",
      "x".repeat(5000),
    ]) {
      expect(await verifyEmail(session(u.userId), bad)).toBe("invalid");
    }
    // the other user's link, opened in u's session: refused, not consumed
    expect(await verifyEmail(session(u.userId), other.token)).toBe("other_account");
    expect(await verifiedAt(u.userId)).toBeNull();
    expect(await verifyEmail(session(other.userId), other.token)).toBe("verified");
  });

  it("a link sent before the address changed verifies nothing", async () => {
    const u = await signUpAndReadMail();
    await db.user.update({ where: { id: u.userId }, data: { email: uniqueEmail("changed") } });
    expect(await verifyEmail(session(u.userId), u.token)).toBe("invalid");
    expect(await verifiedAt(u.userId)).toBeNull();
  });

  it("resend replaces the earlier link and is limited per user", async () => {
    const u = await signUpAndReadMail();
    expect(await resendVerificationEmail(u.userId)).toEqual({ status: "sent" });
    const latest = linkToken(decodeBody(smtp.messages.filter((m) => m.to.includes(u.email)).at(-1)!.data))!;
    expect(latest).not.toBe(u.token);
    expect(await verifyEmail(session(u.userId), u.token)).toBe("invalid"); // replaced
    for (let i = 1; i < RESEND_LIMIT.limit; i++) await resendVerificationEmail(u.userId);
    const limited = await resendVerificationEmail(u.userId).catch((err: unknown) => err);
    expect(limited).toBeInstanceOf(AppError);
    expect((limited as AppError).code).toBe("rate_limited");
    // once verified there is nothing to resend (and no mail goes out)
    const newest = linkToken(decodeBody(smtp.messages.filter((m) => m.to.includes(u.email)).at(-1)!.data))!;
    expect(await verifyEmail(session(u.userId), newest)).toBe("verified");
    const before = smtp.messages.length;
    expect(await resendVerificationEmail(u.userId)).toEqual({ status: "already_verified" });
    expect(smtp.messages.length).toBe(before);
  });

  it("an unreachable mail server does not undo the sign-up; resend then says so (503), and no log line holds the link", async () => {
    const dead = net.createServer();
    await new Promise<void>((resolve) => dead.listen(0, "127.0.0.1", resolve));
    const { port } = dead.address() as net.AddressInfo;
    await new Promise((resolve) => dead.close(resolve)); // nothing listens there now
    configure({ ...SSO, PATCHBAY_SMTP_URL: `smtp://user:hunter2-smtp-password@127.0.0.1:${port}` });
    const lines: string[] = [];
    setLogSink((line) => lines.push(line));
    const email = uniqueEmail("nomail");
    const u = await signUp({ email, password: PASSWORD });
    expect(await getEmailVerificationState(u.userId)).toEqual({ enabled: true, verified: false });
    const err = await resendVerificationEmail(u.userId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(503);
    expect(lines.some((l) => l.includes('"mail not sent"'))).toBe(true);
    expect(lines.join("\n")).not.toContain("hunter2-smtp-password");
    expect(lines.join("\n")).not.toContain("/verify-email/");
  });

  it("without PATCHBAY_SMTP_URL the dev mailer prints the link to stdout, and only there", async () => {
    configure({ ...SSO, PATCHBAY_SMTP_URL: undefined });
    const printed: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    vi.spyOn(process.stdout, "write").mockImplementation((...args: Parameters<typeof write>) => {
      printed.push(String(args[0]));
      return write(...args);
    });
    const lines: string[] = [];
    setLogSink((line) => lines.push(line));
    process.env.LOG_LEVEL = "debug";
    const email = uniqueEmail("devmail");
    const before = smtp.messages.length;
    const u = await signUp({ email, password: PASSWORD });
    process.env.LOG_LEVEL = "warn";
    const mail = printed.find((p) => p.includes(`[DEV MAILER] To: ${email}`));
    const token = mail && linkToken(mail);
    expect(token).toBeTruthy();
    expect(mail!.split("\n").every((l) => l === "" || l.startsWith("[DEV MAILER]"))).toBe(true);
    expect(smtp.messages.length).toBe(before); // nothing went to a mail server
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toContain(token!);
    expect(await verifyEmail(session(u.userId), token!)).toBe("verified");
  });

  it("without single sign-on nothing is sent and there is nothing to verify", async () => {
    configure({ OIDC_ISSUER: undefined, OIDC_CLIENT_ID: undefined, OIDC_CLIENT_SECRET: undefined });
    expect(env().oidc).toBeNull();
    const before = smtp.messages.length;
    const u = await signUp({ email: uniqueEmail("nosso"), password: PASSWORD });
    expect(smtp.messages.length).toBe(before);
    expect(await getEmailVerificationState(u.userId)).toEqual({ enabled: false, verified: true });
    expect(await db.emailVerificationToken.count({ where: { userId: u.userId } })).toBe(0);
  });
});
