// Outgoing mail. The transport follows the configuration: SMTP (nodemailer) when PATCHBAY_SMTP_URL is set, else
// the dev mailer, which prints the message to stdout. Callers pass finished text; this file knows no templates.
import { env } from "@/lib/env";
import { log } from "@/lib/log";
import { printMail } from "@/lib/mail/dev-mailer";
import { smtpTransport } from "@/lib/mail/smtp-transport";

const g = globalThis as { __patchbayDevMailerWarned?: boolean };

export type TMail = { to: string; subject: string; text: string; html?: string };

/** Sent (or printed) — or false when the SMTP server refused or could not be reached; callers offer a retry. */
export async function sendMail(mail: TMail): Promise<boolean> {
  const { smtpUrl, from } = env().mail;
  if (!smtpUrl) {
    if (!g.__patchbayDevMailerWarned && env().nodeEnv === "production") {
      g.__patchbayDevMailerWarned = true;
      log.warn("PATCHBAY_SMTP_URL is unset: e-mails are printed to stdout by the dev mailer, not sent");
    }
    printMail({ ...mail, from });
    return true;
  }
  try {
    await smtpTransport(smtpUrl).sendMail({ from, ...mail });
    return true;
  } catch (err) {
    // Neither the message (it holds one-time links) nor nodemailer's error text (it may quote the server
    // dialogue) is logged: the code and the SMTP response code say enough to debug the configuration.
    const e = err as { code?: unknown; responseCode?: unknown };
    log.warn("mail not sent", {
      errorCode: typeof e.code === "string" ? e.code : "unknown",
      smtpResponseCode: typeof e.responseCode === "number" ? e.responseCode : null,
    });
    return false;
  }
}
