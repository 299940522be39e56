import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A mail as a test reads it back from the outbox. */
export interface OutboxMail {
  file: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Every header field of the message, by its lower-cased name. */
  headers: Record<string, string>;
}

/** The outbox's mails in the order they were sent; temporary files of a write in progress are not mails yet. */
export function readOutbox(dir: string): OutboxMail[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.eml') && !name.startsWith('.'))
    .sort()
    .map((file) => ({ file, ...parseEml(readFileSync(join(dir, file), 'latin1')) }));
}

/**
 * Just enough of RFC 822 and MIME to read back what nodemailer writes: unfolded headers with encoded words, a
 * single part or multipart/alternative, quoted-printable, base64 or 7bit bodies, UTF-8.
 */
export function parseEml(raw: string): Omit<OutboxMail, 'file'> {
  const message = parsePart(raw);
  const bodies = new Map<string, string>();
  collectBodies(message, bodies);
  return {
    from: message.headers.get('from') ?? '',
    to: message.headers.get('to') ?? '',
    subject: message.headers.get('subject') ?? '',
    text: bodies.get('text/plain') ?? '',
    html: bodies.get('text/html'),
    headers: Object.fromEntries(message.headers),
  };
}

interface Part {
  headers: Map<string, string>;
  body: string;
}

function parsePart(raw: string): Part {
  const end = raw.indexOf('\r\n\r\n');
  const headers = new Map<string, string>();
  for (const line of raw
    .slice(0, end)
    .replace(/\r\n[ \t]+/g, ' ')
    .split('\r\n')) {
    const colon = line.indexOf(':');
    headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()));
  }
  return { headers, body: raw.slice(end + 4) };
}

function collectBodies(part: Part, into: Map<string, string>): void {
  const type = part.headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary) {
    const sections = part.body.split(`--${boundary}`).slice(1, -1);
    for (const section of sections) collectBodies(parsePart(section.replace(/^\r\n/, '')), into);
    return;
  }
  into.set(type.split(';')[0].trim().toLowerCase(), decodeBody(part));
}

/** The body as text, with the wire's CRLF line ends as `\n`. */
function decodeBody({ headers, body }: Part): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '7bit').toLowerCase();
  const content = body.replace(/\r\n$/, '');
  const text =
    encoding === 'base64'
      ? Buffer.from(content.replace(/\s/g, ''), 'base64').toString('utf8')
      : encoding === 'quoted-printable'
        ? quotedPrintable(content.replace(/=\r\n/g, ''))
        : Buffer.from(content, 'latin1').toString('utf8');
  return text.replace(/\r\n/g, '\n');
}

/** `=XX` escapes are the bytes of UTF-8 text: percent-escapes by another name. */
function quotedPrintable(text: string): string {
  return decodeURIComponent(text.replace(/%/g, '%25').replace(/=([0-9A-Fa-f]{2})/g, '%$1'));
}

/** RFC 2047 encoded words, as in `Subject: =?UTF-8?Q?Caf=C3=A9?=`; whitespace between two of them is dropped. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?[^?]+\?([BbQq])\?([^?]*)\?=/g, (_, encoding: string, text: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(text, 'base64').toString('utf8')
        : quotedPrintable(text.replace(/_/g, ' ')),
    );
}
