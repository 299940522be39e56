import { randomBytes } from 'node:crypto';
import { CLAIM_VALID_DAYS, DAY_MS, IssuedClaim } from '@app/domain';
import { hashToken } from './access-token';

/**
 * A claim code names whose stream holds it, so that it finds it without a lookup, and carries 256 random bits: a
 * network's (`<networkId>.…`) or an outside auditor's (`auditor~<personId>.…`; `~` is in no network id).
 */
export const CLAIM_CODE = /^(?:([a-z0-9]+(?:-[a-z0-9]+)*)|auditor~([0-9a-f-]{36}))\.[A-Za-z0-9_-]{43}$/;

/** Whose claim a well-formed code is. */
export type ClaimHolder = { networkId: string } | { auditorId: string };

/** A one-time claim link for `holder`: the code goes by mail only; the log keeps its hash. */
export function newClaim(
  holder: ClaimHolder,
  claimId: string,
  now: Date,
): { code: string; claim: IssuedClaim } {
  const prefix = 'networkId' in holder ? holder.networkId : `auditor~${holder.auditorId}`;
  const code = `${prefix}.${randomBytes(32).toString('base64url')}`;
  const expiresAt = new Date(now.getTime() + CLAIM_VALID_DAYS * DAY_MS).toISOString();
  return { code, claim: { claimId, codeHash: hashToken(code), expiresAt } };
}

/** The network or outside auditor a well-formed claim code belongs to. */
export function holderOfClaim(code: string): ClaimHolder {
  const match = CLAIM_CODE.exec(code);
  if (!match) throw new Error('Not a claim code');
  return match[1] ? { networkId: match[1] } : { auditorId: match[2] };
}

/** What every mail carrying a claim link says of it: the link, how long it works, and the code for the API. */
export function claimLinkLines(publicUrl: string, code: string, expiresAt: string): string[] {
  return [
    `Open this link to receive your access token (it works once, until ${expiresAt}):`,
    '',
    `${publicUrl}/claim/${code}`,
    '',
    `Or send the code ${code} to POST /api/v1/claims as {"code": "..."}.`,
    '',
  ];
}
