import type { LoggerService } from '@nestjs/common';

/** One plain-text mail, with an optional HTML alternative. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Extra header fields, as a list mail's `List-Unsubscribe` (RFC 2369, RFC 8058). */
  headers?: Readonly<Record<string, string>>;
}

/** Where mail goes out: an SMTP server, or the outbox directory of the embedded default. */
export abstract class Mailer {
  abstract send(message: MailMessage): Promise<void>;
  /** Mail still held for `address` (an outbox) is deleted: its holder has been forgotten. */
  abstract discardMailTo(address: string): Promise<void>;
}

/**
 * For mail that follows a command already appended: the command stands whether or not the mail goes out, so a
 * failure is logged and swallowed, never undoing or failing it. Durable delivery, retried with backoff, belongs to
 * the job queue (a reactor on the events) once it exists.
 */
export async function mailAfterCommit(
  logger: LoggerService,
  about: Record<string, unknown>,
  send: () => Promise<void>,
): Promise<void> {
  try {
    await send();
  } catch (error) {
    logger.error({ err: error, ...about }, 'A mail was not sent; the command it follows stands');
  }
}
