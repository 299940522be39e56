import type { IssuedClaim, IssuedToken } from '../network/network.commands';

/**
 * An auditor appointed by motion from outside every network: a claim link by mail, exchanged once for a token that
 * opens the audit routes only. The decider sees only the hashes of the code and the token.
 */
export type AuditorCommand =
  | { type: 'InviteAuditor'; personId: string; motionId: string; claim: IssuedClaim }
  | { type: 'RedeemAuditorClaim'; personId: string; codeHash: string; token: IssuedToken };

export interface AuditorContext {
  now: Date;
  /** The person is an auditor by a carried motion (the `steering-group` stream). */
  appointed: boolean;
}
