import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { DAY_MS } from '@app/domain';

export const DEFAULT_TOKEN_DAYS = 90;

/** Only the SHA-256 of a token is ever stored; the token itself is shown once. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface NewAccessToken {
  tokenId: string;
  /** 256 random bits, base64url: give it to the person, never store it. */
  token: string;
  tokenHash: string;
  expiresAt: string;
}

export function newAccessToken(
  now: Date,
  expiresInDays = DEFAULT_TOKEN_DAYS,
  token = randomBytes(32).toString('base64url'),
): NewAccessToken {
  return {
    tokenId: randomUUID(),
    token,
    tokenHash: hashToken(token),
    expiresAt: new Date(now.getTime() + expiresInDays * DAY_MS).toISOString(),
  };
}
