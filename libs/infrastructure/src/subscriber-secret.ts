import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@app/config';

/**
 * What the links in subscription mails carry: the subscriber's id, so that the token finds its stream without a
 * lookup, and 256 bits that only the mail holds (the log keeps their SHA-256).
 */
export const SUBSCRIBER_TOKEN = /^([0-9a-f]{32})\.[A-Za-z0-9_-]{43}$/;

export function subscriberIdOf(token: string): string {
  const match = SUBSCRIBER_TOKEN.exec(token);
  if (!match) throw new Error('Not a subscriber token');
  return match[1];
}

/**
 * The server secret behind subscriber ids and unsubscribe tokens: a file in DATA_DIR (0600), never in the log.
 * Like the personal-data keys beside it, every API replica must share it.
 */
@Injectable()
export class SubscriberSecret {
  private readonly secret: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.secret = secretIn(join(config.dataDir, 'subscriber-secret'));
  }

  /**
   * An HMAC of the address, lower-cased (no provider treats the case of an address as meaningful): the same address
   * always lands on the same stream, so a second request finds the first. The id is in the log in clear, as the
   * stream's name; a plain hash there would let anyone holding the log test guessed addresses against it, and
   * would outlive the erasure of the encrypted address. Keyed by the secret, it reveals nothing.
   */
  idFor(email: string): string {
    return this.mac(`subscriber-id\n${email.trim().toLowerCase()}`).subarray(0, 16).toString('hex');
  }

  /**
   * Derived, not random: the confirmation mail carries it and so must every later digest, which the log (holding
   * only hashes) could not give back. It is kept apart from the confirmation token, which expires after days and
   * is not sent again once used, while this one must keep working for as long as mails go out.
   */
  unsubscribeTokenFor(subscriberId: string): string {
    return `${subscriberId}.${this.mac(`unsubscribe\n${subscriberId}`).toString('base64url')}`;
  }

  private mac(text: string): Buffer {
    return createHmac('sha256', this.secret).update(text, 'utf8').digest();
  }
}

/** Reads the secret, making it on first start; when two processes start at once, the first one written wins. */
function secretIn(file: string): Buffer {
  try {
    return parse(readFileSync(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${randomUUID()}.tmp`;
  const fd = openSync(temporary, 'wx', 0o600);
  try {
    writeSync(fd, randomBytes(32).toString('hex'));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    // A link, unlike a rename, never replaces a secret another process has just written.
    linkSync(temporary, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  return parse(readFileSync(file, 'utf8'), file);
}

function parse(text: string, file: string): Buffer {
  const secret = Buffer.from(text.trim(), 'hex');
  // A changed secret would scatter every subscriber onto new streams: refuse to start instead.
  if (secret.length !== 32) throw new Error(`${file} does not hold a 256-bit hex secret`);
  return secret;
}
