/**
 * Mail benchmark: `npm run bench:mail` (a section `bench:jobs` can call: `mailBench()`). Renders notices as mails (plain
 * text and HTML) and writes them through the `NodemailerMailer` to an outbox, as the embedded default sends them,
 * beside, in the same process, the same RFC 822 bytes written straight to files the same way (temporary file, fsync,
 * rename): the baseline is the disk, the ratio what rendering and MIME cost on top.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import { createTransport } from 'nodemailer';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemClock } from '../../libs/application/src/clock';
import { NodemailerMailer } from '../../libs/infrastructure/src/nodemailer-mailer';
import { noticeMail } from '../../libs/jobs/src/notifications/notice-mail';
import { figure } from './bench-support';

const MAILS = Number(process.env.BENCH_MAILS ?? 2000);

/** A review-request mail listing `n` items: the typical notice, with titles that need escaping in HTML. */
const content = (i: number) => ({
  subject: `New material to review (${i})`,
  paragraphs: ['This material entered review on 2 December 2026 and awaits your network’s review:'],
  items: Array.from({ length: 3 }, (_, n) => ({
    title: `Winter service & gritting <route ${i}.${n}>`,
    url: `https://cns.example.org/review/${randomUUID()}`,
  })),
  action: { label: 'Your review queue', url: 'https://cns.example.org/review' },
  footer: ['You receive this because you hold your network’s seat on the Connect & Share Steering Group.'],
});

async function timed(work: (i: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < MAILS; i++) await work(i);
  return MAILS / ((performance.now() - started) / 1000);
}

export async function mailBench(): Promise<{
  mailsPerSecond: number;
  rawWritesPerSecond: number;
  renderedPerSecond: number;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'cns-bench-mail-'));
  try {
    const mailer = new NodemailerMailer(
      { from: 'Connect & Share <no-reply@cns.example.org>', outboxDir: join(dir, 'outbox') },
      new SystemClock(),
    );
    const sample = await renderOnce(dir, mailer);
    // The same rendering to RFC 822 bytes in memory: what the mails cost before the disk.
    const renderer = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
    let mailsPerSecond = 0;
    let rawWritesPerSecond = 0;
    let renderedPerSecond = 0;
    // Alternating rounds, best of each: the machine is shared.
    for (let round = 0; round < 3; round++) {
      mailsPerSecond = Math.max(
        mailsPerSecond,
        await timed((i) => mailer.send(noticeMail(`seat${i}@example.org`, content(i)))),
      );
      rawWritesPerSecond = Math.max(
        rawWritesPerSecond,
        await timed(() => writeRaw(join(dir, 'raw'), sample)),
      );
      renderedPerSecond = Math.max(
        renderedPerSecond,
        await timed(async (i) => {
          await renderer.sendMail({
            from: 'no-reply@cns.example.org',
            ...noticeMail(`seat${i}@example.org`, content(i)),
          });
        }),
      );
    }
    return { mailsPerSecond, rawWritesPerSecond, renderedPerSecond };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One mail's bytes as the outbox holds them, for the baseline to write. */
async function renderOnce(dir: string, mailer: NodemailerMailer): Promise<Buffer> {
  await mailer.send(noticeMail('sample@example.org', content(0)));
  const outbox = join(dir, 'outbox');
  const [file] = readdirSync(outbox);
  const bytes = readFileSync(join(outbox, file));
  rmSync(join(outbox, file));
  return bytes;
}

async function writeRaw(dir: string, bytes: Buffer): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const name = join(dir, `${randomUUID()}.eml`);
  const file = await open(`${name}.tmp`, 'wx', 0o600);
  try {
    await file.writeFile(bytes);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(`${name}.tmp`, name);
}

if (require.main === module) {
  void mailBench().then(({ mailsPerSecond, rawWritesPerSecond, renderedPerSecond }) => {
    console.log(`${MAILS} mails a round, best of 3`);
    console.log(`raw .eml writes (baseline):           ${figure(rawWritesPerSecond)} files/s`);
    console.log(
      `mails rendered and written per second: ${figure(mailsPerSecond)} mails/s ` +
        `(${Math.round((100 * mailsPerSecond) / rawWritesPerSecond)}% of the baseline)`,
    );
    console.log(`mails rendered in memory (no disk):    ${figure(renderedPerSecond)} mails/s`);
  });
}
