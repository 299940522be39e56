import { randomBytes } from 'node:crypto';
import { CLAIM_VALID_DAYS, DAY_MS, IssuedClaim } from '@app/domain';
import { hashToken } from './access-token';

/** A claim code names its network, so that it finds its stream without a lookup, and carries 256 random bits. */
export const CLAIM_CODE = /^([a-z0-9]+(?:-[a-z0-9]+)*)\.[A-Za-z0-9_-]{43}$/;

/** A new network's one-time claim link: the code goes by mail only; the log keeps its hash. */
export function newClaim(
  networkId: string,
  claimId: string,
  now: Date,
): { code: string; claim: IssuedClaim } {
  const code = `${networkId}.${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(now.getTime() + CLAIM_VALID_DAYS * DAY_MS).toISOString();
  return { code, claim: { claimId, codeHash: hashToken(code), expiresAt } };
}

/** The network a well-formed claim code belongs to. */
export function networkOfClaim(code: string): string {
  const match = CLAIM_CODE.exec(code);
  if (!match) throw new Error('Not a claim code');
  return match[1];
}
