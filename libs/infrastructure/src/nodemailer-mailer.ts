import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { Clock } from '@app/application';
import { MailMessage, Mailer } from '@app/application';

export interface NodemailerSettings {
  from: string;
  /** `smtp://` or `smtps://`; unset, mail goes to `outboxDir`. */
  smtpUrl?: string;
  outboxDir: string;
}

/**
 * Mail through nodemailer: to the SMTP server at `smtpUrl`, or, without one (the embedded default, so that a fresh
 * machine needs no mail server), rendered as RFC 822 and written to the outbox directory, one .eml file per mail,
 * where a person, a mail client or a test can read it.
 */
export class NodemailerMailer extends Mailer {
  private readonly deliver: (message: MailMessage) => Promise<void>;

  constructor(
    private readonly settings: NodemailerSettings,
    private readonly clock: Clock,
  ) {
    super();
    const defaults = { from: settings.from };
    if (settings.smtpUrl) {
      const smtp = createTransport(settings.smtpUrl, defaults);
      this.deliver = async (message) => {
        await smtp.sendMail(message);
      };
    } else {
      const renderer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' }, defaults);
      this.deliver = async (message) => {
        const { message: eml } = await renderer.sendMail(message);
        await this.writeToOutbox(eml as Buffer);
      };
    }
  }

  send(message: MailMessage): Promise<void> {
    return this.deliver(message);
  }

  /** Mail sent over SMTP is out of our hands; the outbox's mails to `address` are deleted. */
  async discardMailTo(address: string): Promise<void> {
    if (this.settings.smtpUrl) return;
    const dir = this.settings.outboxDir;
    const wanted = address.trim().toLowerCase();
    const names = await readdir(dir).catch(() => [] as string[]);
    for (const name of names.filter((file) => file.endsWith('.eml'))) {
      const eml = await readFile(join(dir, name), 'latin1');
      // The To header as nodemailer writes it, folded lines joined: `To: address` or `To: Name <address>`.
      const to = /^To:(.*(?:\r?\n[ \t].*)*)/im.exec(eml)?.[1].toLowerCase() ?? '';
      if (to.includes(wanted)) await unlink(join(dir, name));
    }
  }

  /**
   * Named by time, then a unique part, so that a listing sorts in order of sending and two mails never collide.
   * Written under a temporary name and renamed, so a reader never sees half a mail; 0600, as mails carry tokens.
   */
  private async writeToOutbox(eml: Buffer): Promise<void> {
    const dir = this.settings.outboxDir;
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const name = `${this.clock.now().toISOString().replace(/[:.]/g, '-')}-${randomUUID()}.eml`;
    const temporary = join(dir, `.${name}.tmp`);
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(eml);
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temporary, join(dir, name));
  }
}
