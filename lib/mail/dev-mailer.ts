// The "dev mailer": with no PATCHBAY_SMTP_URL nothing is sent; each message is printed to stdout instead, so a
// local or embedded instance works without a mail server (the operator copies the link from the console).
//
// Why stdout and not log.info: the structured log promises that no line holds a secret (lib/log redacts, and the
// secret-scan tests hold it to that), while a mail here carries a one-time link by design. Writing it through the
// log would need a hole in that promise; writing it beside the log, under a prefix nobody can miss, keeps both
// honest: the log stays clean, and the link appears exactly once, here.
export const DEV_MAILER_PREFIX = "[DEV MAILER]";

export function printMail(mail: { from: string; to: string; subject: string; text: string }): void {
  const lines = [
    `not sent (PATCHBAY_SMTP_URL is unset); printed here instead. It may hold one-time links: treat as secret.`,
    `From: ${mail.from}`,
    `To: ${mail.to}`,
    `Subject: ${mail.subject}`,
    "",
    ...mail.text.split(/\r?\n/),
  ];
  // One write, so concurrent requests cannot interleave inside a message.
  process.stdout.write(lines.map((l) => `${DEV_MAILER_PREFIX} ${l}`.trimEnd()).join("\n") + "\n");
}
