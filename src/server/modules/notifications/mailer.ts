/**
 * Sending mail over SMTP with nodemailer. One transport per process, made from SMTP_URL
 * (smtp://user:pass@host:port, or smtps:// for TLS from the first byte); without SMTP_URL there is
 * no mailer and mails wait in the outbox.
 */
import nodemailer from 'nodemailer';

interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  attachments?: Array<{ filename: string; contentType: string; content: Buffer }>;
}

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
  close(): void;
}

/** Connections time out instead of hanging the sender job. */
const TIMEOUT_MS = 30_000;

export function createMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl, {
    from,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  } as never);
  return {
    async send(mail) {
      await transport.sendMail({ from, ...mail });
    },
    close: () => transport.close(),
  };
}
