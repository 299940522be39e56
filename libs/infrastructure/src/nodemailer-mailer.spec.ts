import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FixedClock } from '@app/application';
import { NodemailerMailer } from './nodemailer-mailer';
import { parseEml, readOutbox } from './testing/read-outbox';

const FROM = 'Connect & Share <no-reply@connect-and-share.invalid>';
const message = {
  to: 'ann@example.org',
  subject: 'Café de la route: your token',
  text: `Your token is ${'t'.repeat(43)}, shown once.\nLine two, with an accent: é.`,
  html: '<p>Your token is <code>tttt</code>.</p>',
};

describe('NodemailerMailer', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cns-mail-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('without SMTP_URL: the outbox', () => {
    it('writes each mail as an .eml file that reads back with its To, Subject and body', async () => {
      const outbox = join(dir, 'outbox');
      await new NodemailerMailer({ from: FROM, outboxDir: outbox }, new FixedClock(new Date())).send(message);

      const [mail, ...others] = readOutbox(outbox);
      expect(others).toEqual([]);
      expect(mail).toMatchObject({
        from: expect.stringContaining('<no-reply@connect-and-share.invalid>'),
        to: 'ann@example.org',
        subject: message.subject,
        html: message.html,
      });
      expect(mail.text.trim()).toBe(message.text);
    });

    it('names files so that they sort in the order sent, writes them 0600 and leaves no temporary file', async () => {
      const clock = new FixedClock(new Date('2026-11-23T10:00:00Z'));
      const mailer = new NodemailerMailer({ from: FROM, outboxDir: dir }, clock);
      for (const to of ['1@example.org', '2@example.org', '3@example.org']) {
        await mailer.send({ ...message, to });
        clock.advanceDays(1 / 86_400_000);
      }
      expect(readOutbox(dir).map((mail) => mail.to)).toEqual([
        '1@example.org',
        '2@example.org',
        '3@example.org',
      ]);
      expect(readdirSync(dir).filter((name) => !name.endsWith('.eml'))).toEqual([]);
      for (const mail of readOutbox(dir)) expect(statSync(join(dir, mail.file)).mode & 0o777).toBe(0o600);
    });
  });

  describe('with SMTP_URL', () => {
    let server: Server;
    let received: string[];
    beforeEach(async () => {
      received = [];
      server = createServer((socket) => fakeSmtpSession(socket, received));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    afterEach(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('hands the mail to the SMTP server and writes no outbox', async () => {
      const { port } = server.address() as { port: number };
      const outbox = join(dir, 'outbox');
      await new NodemailerMailer(
        { from: FROM, smtpUrl: `smtp://127.0.0.1:${port}`, outboxDir: outbox },
        new FixedClock(new Date()),
      ).send(message);

      expect(received).toHaveLength(1);
      expect(parseEml(received[0])).toMatchObject({ to: 'ann@example.org', subject: message.subject });
      expect(readOutbox(outbox)).toEqual([]);
    });
  });
});

/** The least of an SMTP server (RFC 5321) that accepts one mail: no extensions, so no STARTTLS and no AUTH. */
function fakeSmtpSession(socket: import('node:net').Socket, received: string[]): void {
  let buffer = '';
  let inData = false;
  socket.write('220 fake ESMTP\r\n');
  socket.on('data', (chunk) => {
    buffer += chunk.toString('latin1');
    for (;;) {
      if (inData) {
        const end = buffer.indexOf('\r\n.\r\n');
        if (end < 0) return;
        received.push(buffer.slice(0, end + 2).replace(/^\.\./gm, '.'));
        buffer = buffer.slice(end + 5);
        inData = false;
        socket.write('250 queued\r\n');
        continue;
      }
      const end = buffer.indexOf('\r\n');
      if (end < 0) return;
      const command = buffer.slice(0, end).toUpperCase();
      buffer = buffer.slice(end + 2);
      if (command.startsWith('DATA')) {
        inData = true;
        socket.write('354 go ahead\r\n');
      } else if (command.startsWith('QUIT')) {
        socket.end('221 bye\r\n');
      } else {
        socket.write('250 ok\r\n');
      }
    }
  });
}
