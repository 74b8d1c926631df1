import nodemailer, { type Transporter } from "nodemailer";

const g = globalThis as { __patchbaySmtp?: { url: string; transport: Transporter } };

/** One nodemailer transport per process (and per URL: tests switch servers), built from PATCHBAY_SMTP_URL. */
export function smtpTransport(url: string): Transporter {
  if (g.__patchbaySmtp?.url !== url) {
    g.__patchbaySmtp?.transport.close();
    // Short timeouts: a sign-up waits for this send; a dead server must not hold it for nodemailer's 2 minutes.
    const transport = nodemailer.createTransport(url, {
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
    g.__patchbaySmtp = { url, transport };
  }
  return g.__patchbaySmtp.transport;
}
